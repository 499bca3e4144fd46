// The fleet dashboard in Debian's Chromium: the real collector command (`kiosk fleet-collector`) on real Mosquitto
// and PostgreSQL, two real kiosk processes in the fleet. Login first; both kiosks and their counts; one dies and
// its last will turns it offline on the page.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { generateFleetKey, signConfig } from '../../main/fleet/signing.ts';
import { makeVac } from '../fixtures/hk/sign.ts';
import { demoTrustPath } from '../fixtures/hk/sign.ts';
import { callOnce } from '../support/api-client.ts';
import { launchBrowser } from '../support/browser.ts';
import { startMosquitto, startPostgres, type Mosquitto, type Postgres } from '../support/fleet-services.ts';
import { startKiosk, type RunningKiosk } from '../support/kiosk-server.ts';

let mosq: Mosquitto;
let pg: Postgres;
let collector: ChildProcess;
let collectorOut = '';
let dashUrl = '';
let browser: Browser;
let dir: string;
const kiosks: RunningKiosk[] = [];
const PASSWORD = 'correct horse battery staple';
const SIZES = [[1920, 1080], [1080, 1920], [1280, 800]] as const;
const fleetKey = generateFleetKey();

async function waitFor(fn: () => Promise<boolean> | boolean, what: string, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${collectorOut.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-dash-'));
  mosq = await startMosquitto();
  pg = await startPostgres();
  const db = pg.createDatabase('fleet');
  writeFileSync(join(dir, 'pw'), PASSWORD + '\n');
  writeFileSync(join(dir, 'fleet.pub.pem'), fleetKey.publicPem);
  collector = spawn(process.execPath, ['dist/main/cli.mjs', 'fleet-collector', '--broker', mosq.url, '--db', db, '--port', '0', '--password-file', join(dir, 'pw')], { stdio: ['ignore', 'pipe', 'pipe'] });
  collector.stdout!.on('data', (d) => (collectorOut += d));
  collector.stderr!.on('data', (d) => (collectorOut += d));
  await waitFor(() => /fleet dashboard at (http:\S+)/.test(collectorOut), 'the collector');
  dashUrl = /fleet dashboard at (http:\S+)/.exec(collectorOut)![1]!;
  for (const name of ['door-1', 'door-2']) {
    kiosks.push(await startKiosk({
      startTimeoutMs: 120_000,
      args: ['--trust', demoTrustPath, '--fleet', mosq.url, '--site', 'harbour-mall', '--kiosk-id', name, '--fleet-key', join(dir, 'fleet.pub.pem')],
      env: { KIOSK_FLEET_KEEPALIVE_S: '2' },
    }));
  }
  browser = await launchBrowser();
  mkdirSync('test-output/fleet', { recursive: true });
}, 400_000);

afterAll(async () => {
  await browser?.close();
  for (const k of kiosks) await k.stop();
  if (collector && collector.exitCode === null) {
    const exited = new Promise((r) => collector.once('exit', r));
    collector.kill('SIGTERM');
    await exited;
  }
  await mosq?.dispose();
  await pg?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function cellText(page: Page, kiosk: string, col: number): Promise<string> {
  return page.locator(`tr[data-kiosk="harbour-mall/${kiosk}"] td`).nth(col).innerText();
}

describe('the fleet dashboard', () => {
  it('asks for the password, then shows both kiosks, their counts, and one going offline', { timeout: 400_000 }, async () => {
    // counts: door-1 admits 3 and refuses 1, door-2 admits 1
    for (let i = 0; i < 3; i++) await callOnce(kiosks[0]!, 'submitScan', { text: makeVac({ reference: `DEMODASH${String(i).padStart(6, '0')}` }), source: 'manual' });
    await callOnce(kiosks[0]!, 'submitScan', { text: 'not a pass', source: 'manual' });
    await callOnce(kiosks[1]!, 'submitScan', { text: makeVac({ reference: 'DEMODASH999999' }), source: 'manual' });

    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    // without a session, the API refuses and the page sends you to the login
    expect((await page.request.get(new URL('/api/overview', dashUrl).href)).status()).toBe(401);
    await page.goto(dashUrl);
    await expect.poll(() => page.url()).toContain('/login');
    await page.fill('#password', 'wrong');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.error').innerText()).toContain('Wrong password');
    await page.screenshot({ path: 'test-output/fleet/login-1920x1080.png' });
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('tr[data-kiosk="harbour-mall/door-2"]', { timeout: 120_000 });

    // columns: site, kiosk, status, list, admitted, refused, total, last scan, faults, version
    await expect.poll(async () => [await cellText(page, 'door-1', 4), await cellText(page, 'door-1', 5), await cellText(page, 'door-2', 4)], { timeout: 120_000 }).toEqual(['3', '1', '1']);
    expect(await cellText(page, 'door-1', 2)).toContain('Online');
    expect(await cellText(page, 'door-2', 2)).toContain('Online');
    expect(await page.locator('#chart-hour rect').count()).toBeGreaterThan(0);
    for (const [w, h] of SIZES) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: `test-output/fleet/dashboard-online-${w}x${h}.png`, fullPage: true });
    }

    // door-2 dies without a goodbye: the broker publishes its last will once the keep-alive runs out
    kiosks[1]!.proc.kill('SIGKILL');
    await expect.poll(() => cellText(page, 'door-2', 2), { timeout: 120_000 }).toContain('Offline');
    expect(await cellText(page, 'door-1', 2)).toContain('Online');
    // its counts stay
    expect(await cellText(page, 'door-2', 4)).toBe('1');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: 'test-output/fleet/dashboard-offline-1920x1080.png', fullPage: true });

    // the CSV export, with the session
    const csv = await (await page.request.get(new URL('/export.csv', dashUrl).href)).text();
    expect(csv.split(/\r?\n/)[0]).toBe('site,kiosk,period,outcome,credential,source,count');
    expect(csv).toMatch(/harbour-mall,door-1,\d{4}-\d{2}-\d{2}T\d{2}:00,valid,hk-vac,manual,3/);
    await page.close();
  });

  it('the operator screen marks the settings the fleet manages', { timeout: 400_000 }, async () => {
    const c = await mqtt.connectAsync(mosq.url, { protocolVersion: 4, reconnectPeriod: 0 });
    await c.publishAsync('fleet/v1/harbour-mall/config', signConfig({
      v: 1, site: 'harbour-mall', version: 20261201, issuedAt: new Date().toISOString(), settings: { verdictSeconds: 7, volume: 0.6 },
    }, fleetKey.privatePem), { qos: 1, retain: true });
    await c.endAsync();
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(kiosks[0]!.url);
    await page.locator('[data-ready="true"]').waitFor({ timeout: 120_000 });
    await page.getByTestId('open-operator').click();
    await page.getByTestId('pin-input').fill('1234');
    await page.getByTestId('pin-submit').click();
    await page.locator('[data-screen="operator"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('tab-verdicts').click();
    await expect.poll(() => page.getByTestId('managed-centrally').innerText().catch(() => ''), { timeout: 120_000 }).toMatch(/由中央管理|Managed centrally/);
    expect(await page.getByTestId('verdict-seconds').inputValue()).toBe('7');
    for (const [w, h] of SIZES) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: `test-output/fleet/operator-managed-${w}x${h}.png` });
    }
    await page.close();
  });
});
