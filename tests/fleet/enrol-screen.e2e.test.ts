// Enrolment from the operator screen, in Debian Chromium against the real standalone kiosk: a bad site id is
// refused with the field named, a good enrolment writes exactly the file `kiosk fleet enrol` writes for the same
// values (one code path), and at its next start the kiosk joins a real Mosquitto started here.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as fleetCli } from '../../main/cli/fleet.ts';
import { generateFleetKey } from '../../main/fleet/signing.ts';
import { launchBrowser } from '../support/browser.ts';
import { captureIo } from '../support/cli-io.ts';
import { startMosquitto, type Mosquitto } from '../support/fleet-services.ts';
import { startKiosk, type RunningKiosk } from '../support/kiosk-server.ts';
import { rpc, shot } from '../renderer/support/e2e-helpers.ts';

const SIZES = [{ width: 1920, height: 1080 }, { width: 1080, height: 1920 }, { width: 1280, height: 800 }];
let work: string;
let dataDir: string;
let kiosk: RunningKiosk;
let browser: Browser;
let page: Page;
let mosq: Mosquitto;
const key = generateFleetKey();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'kiosk-enrol-screen-'));
  dataDir = join(work, 'data');
  [kiosk, browser, mosq] = await Promise.all([startKiosk({ dataDir }), launchBrowser(), startMosquitto()]);
  const api = await rpc(kiosk);
  expect((await api.call<{ ok: boolean }>('operatorLogin', { pin: '1234' })).ok).toBe(true);
  await api.call('setSettings', { patch: { operatorLanguage: 'en' } });
  api.close();
  page = await browser.newPage({ viewport: SIZES[0] });
  await page.goto(kiosk.url);
  await page.locator('[data-ready="true"]').waitFor({ timeout: 20_000 });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  await mosq?.dispose();
  rmSync(work, { recursive: true, force: true });
});

describe('enrolment from the operator screen', () => {
  it('refuses a bad site id, then enrols exactly as `kiosk fleet enrol` does, and the kiosk joins at its next start', { timeout: 180_000 }, async () => {
    await page.getByTestId('open-operator').click();
    await page.getByTestId('pin-input').fill('1234');
    await page.getByTestId('pin-submit').click();
    await page.locator('[data-screen="operator"]').waitFor({ timeout: 15_000 });
    await page.getByTestId('tab-system').click();
    const form = page.getByTestId('fleet-enrol');
    await form.waitFor();
    await page.getByTestId('enrol-broker').fill(mosq.url);
    await page.getByTestId('enrol-site').fill('Harbour Mall');
    await page.getByTestId('enrol-kioskId').fill('door-7');
    await page.getByTestId('enrol-submit').click();
    await expect.poll(() => page.getByTestId('enrol-message').textContent(), { timeout: 15_000 }).toMatch(/Not enrolled: check site/);
    expect(() => statSync(join(dataDir, 'fleet.json'))).toThrow();

    await page.getByTestId('enrol-site').fill('harbour-mall');
    await page.getByTestId('enrol-username').fill('harbour-mall.door-7');
    await page.getByTestId('enrol-password').fill('pw-7');
    await page.getByTestId('enrol-fleetPublicKey').fill(key.publicPem);
    await page.getByTestId('enrol-submit').click();
    await expect.poll(() => page.getByTestId('enrol-message').textContent(), { timeout: 15_000 }).toMatch(/Enrolled as harbour-mall \/ door-7/);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await shot(page, 'fleet-enrol-en');
    }

    // the command line, same values, another data dir: the same file, byte for byte, and as private
    const cliDir = join(work, 'cli');
    writeFileSync(join(work, 'pw'), 'pw-7\n');
    writeFileSync(join(work, 'pub.pem'), key.publicPem);
    const io = captureIo();
    expect(await fleetCli(['enrol', '--data-dir', cliDir, '--broker', mosq.url, '--site', 'harbour-mall', '--kiosk-id', 'door-7',
      '--user', 'harbour-mall.door-7', '--password-file', join(work, 'pw'), '--fleet-key', join(work, 'pub.pem')], io.io)).toBe(0);
    expect(readFileSync(join(dataDir, 'fleet.json'), 'utf8')).toBe(readFileSync(join(cliDir, 'fleet.json'), 'utf8'));
    expect(statSync(join(dataDir, 'fleet.json')).mode & 0o777).toBe(0o600);

    // the next start joins the fleet (anonymous broker: the credentials are carried, not needed)
    await kiosk.stop();
    kiosk = await startKiosk({ dataDir });
    const api = await rpc(kiosk);
    try {
      await expect.poll(async () => (await api.call<{ fleet?: { site: string; kioskId: string; connected: boolean } }>('getState', {})).fleet, { timeout: 60_000, interval: 200 })
        .toEqual(expect.objectContaining({ site: 'harbour-mall', kioskId: 'door-7', connected: true }));
    } finally {
      api.close();
    }
  });
});
