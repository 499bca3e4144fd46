// The operator's view of colour lists gone wrong and of the devices it cannot see directly, against the real
// standalone kiosk and Debian Chromium: an expired list, a list issued in the future and a rejected update, each
// under "Needs attention" on the idle screen and at the top of the Colour list section in Hong Kong time; the
// keyboard wedge's real state; the door relay set and tested from the Devices screen against a relay board on a
// socat PTY (the board must receive "on" then "off"), and a relay that is not there, in both languages.
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { startKiosk, type RunningKiosk } from '../support/kiosk-server.ts';
import { typeLikeScanner } from '../support/scanner-keys.ts';
import { killSocat, startSocat, type PtyPair } from '../hardware/socat.ts';
import { makeList } from '../status/helpers.ts';
import { rpc, shot, text, type Rpc } from '../renderer/support/e2e-helpers.ts';

const POLL = { timeout: 15_000, interval: 100 };
const SIZES = [{ width: 1920, height: 1080 }, { width: 1080, height: 1920 }, { width: 1280, height: 800 }];
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** Hong Kong wall-clock time to the minute, worked out by hand (UTC+8, no daylight saving): '2022-09-15 12:00' */
const hk = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 16).replace('T', ' ');
const ON = [0xa0, 0x01, 0x01, 0xa2];
const OFF = [0xa0, 0x01, 0x00, 0xa1];

let work: string;
let stick: string;
let kiosk: RunningKiosk;
let browser: Browser;
let api: Rpc;
let page: Page;
let relayPty: PtyPair;
let board: SerialPort;
let listServer: Server;
let served = '';
const received: number[] = [];
const consoleErrors: string[] = [];
const now = Date.now();
// more than a day away on both sides: the idle screen then shows the date too, like the Colour section
const EXPIRED_AT = now - 30 * HOUR;
const FUTURE_AT = now + 30 * HOUR;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'kiosk-oplists-'));
  stick = join(work, 'media', 'STICK');
  mkdirSync(stick, { recursive: true });
  writeFileSync(join(stick, 'expired.json'), makeList({ version: 10, issuedAt: iso(EXPIRED_AT - 24 * HOUR), expiresAt: iso(EXPIRED_AT) }));
  writeFileSync(join(stick, 'future.json'), makeList({ version: 11, issuedAt: iso(FUTURE_AT), expiresAt: iso(FUTURE_AT + 24 * HOUR) }));
  // the update server sends a newer list with one byte of its signature changed
  const good = JSON.parse(makeList({ version: 12, issuedAt: iso(now - HOUR), expiresAt: iso(now + 23 * HOUR) })) as { signature: string };
  good.signature = (good.signature[0] === 'A' ? 'B' : 'A') + good.signature.slice(1);
  served = JSON.stringify(good);
  listServer = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(served); });
  await new Promise<void>((r) => listServer.listen(0, '127.0.0.1', r));

  relayPty = await startSocat(join(work, 'relay'), join(work, 'board'));
  board = new SerialPort({ path: relayPty.b, baudRate: 9600, autoOpen: false });
  board.on('error', () => {});
  await new Promise<void>((res, rej) => board.open((e) => (e ? rej(e) : res())));
  board.on('data', (b: Buffer) => received.push(...b));

  [kiosk, browser] = await Promise.all([
    startKiosk({ env: { KIOSK_MEDIA_ROOTS: join(work, 'media', '*') } }),
    launchBrowser(),
  ]);
  api = await rpc(kiosk);
  expect((await api.call<{ ok: boolean }>('operatorLogin', { pin: '1234' })).ok).toBe(true);
  await api.call('setSettings', { patch: { operatorLanguage: 'en', verdictSeconds: 1 } });
  page = await browser.newPage({ viewport: SIZES[0] });
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(kiosk.url);
  await page.locator('[data-ready="true"]').waitFor({ timeout: 20_000 });
}, 60_000);

afterAll(async () => {
  api?.close();
  await browser?.close();
  await kiosk?.stop();
  if (board?.isOpen) await new Promise((r) => board.close(() => r(undefined)));
  if (relayPty) await killSocat(relayPty);
  await new Promise((r) => (listServer ? listServer.close(() => r(undefined)) : r(undefined)));
  rmSync(work, { recursive: true, force: true });
});

async function signIn(): Promise<void> {
  await page.getByTestId('open-operator').click();
  await page.locator('[data-screen="login"]').waitFor();
  await page.getByTestId('pin-input').fill('1234');
  await page.getByTestId('pin-submit').click();
  await page.locator('[data-screen="operator"]').waitFor({ timeout: 15_000 });
}

async function section(s: string): Promise<void> {
  await page.getByTestId(`tab-${s}`).click();
  await page.locator(`[data-screen="operator"][data-section="${s}"]`).waitFor();
}

async function leave(): Promise<void> {
  await page.getByTestId('operator-leave').click();
  await page.locator('[data-screen="idle"]').waitFor();
}

async function importFromStick(name: string, version: number): Promise<void> {
  await page.getByTestId('usb-find').click();
  const row = page.locator(`tr[data-name="${name}"]`);
  await row.waitFor({ timeout: 15_000 });
  await row.getByRole('button').click();
  await expect.poll(() => page.getByTestId('usb-message').innerText(), POLL)
    .toBe(text.en('op.colour.usbImported').replace('{{version}}', String(version)).replace('{{entries}}', '0'));
}

/** The idle screen's "Needs attention" list, and the Colour section's own box, at three sizes in both languages. */
async function showBoth(name: string): Promise<{ idle: string; colour: string }> {
  await leave();
  const attention = page.getByTestId('needs-attention');
  await attention.waitFor();
  const idle = await attention.innerText();
  for (const s of SIZES) {
    await page.setViewportSize(s);
    await shot(page, `op-attention-${name}-idle`);
    // "Needs attention" stays inside the window, clear of the buttons under it
    const box = (await attention.boundingBox())!;
    expect(box.y + box.height, `${name} ${s.width}x${s.height}`).toBeLessThanOrEqual(s.height);
  }
  await page.setViewportSize(SIZES[0]!);
  await signIn();
  await section('colour');
  const colour = await page.getByTestId('colour-attention').innerText();
  for (const lang of ['en', 'zh'] as const) {
    await api.call('setSettings', { patch: { operatorLanguage: lang } });
    await expect.poll(() => page.getByTestId('tab-colour').innerText(), POLL).toBe(text[lang]('op.tabs.colour'));
    for (const s of SIZES) {
      await page.setViewportSize(s);
      await shot(page, `op-attention-${name}-colour-${lang}`);
      // prominent: the first thing under the section's heading, in view without scrolling
      const box = (await page.getByTestId('colour-attention').boundingBox())!;
      expect(box.y, `${name} ${lang} ${s.width}x${s.height}`).toBeLessThan(s.height / 2);
    }
  }
  await api.call('setSettings', { patch: { operatorLanguage: 'en' } });
  await expect.poll(() => page.getByTestId('tab-colour').innerText(), POLL).toBe(text.en('op.tabs.colour'));
  await page.setViewportSize(SIZES[0]!);
  return { idle, colour };
}

const said = (key: string, lang: 'en' | 'zh', time?: string) => text[lang](key).replace('{{time}}', time ?? '');

describe('colour lists that need the operator', () => {
  it('an expired list: under "Needs attention" and at the top of the Colour list section, in Hong Kong time', async () => {
    await signIn();
    await section('colour');
    await importFromStick('expired.json', 10);
    await expect.poll(async () => (await api.call<{ statusList: { version?: number } }>('getState')).statusList.version, POLL).toBe(10);
    const { idle, colour } = await showBoth('expired');
    expect(idle).toContain(said('idle.attentionItems.listExpired', 'en', hk(EXPIRED_AT)));
    expect(idle).toContain(said('idle.attentionItems.listExpired', 'zh', hk(EXPIRED_AT)));
    expect(colour).toContain(said('idle.attentionItems.listExpired', 'en', hk(EXPIRED_AT)));
    // accepted, only expired: not also called a failed update, and no raw UTC anywhere
    expect(idle).not.toContain(text.en('idle.attentionItems.listRejected'));
    expect(idle + colour).not.toMatch(/\dT\d\d:\d\d/);
  });

  it('a list issued in the future: says to check the clock, with the issue time in Hong Kong time', async () => {
    await importFromStick('future.json', 11);
    await expect.poll(async () => (await api.call<{ statusList: { version?: number } }>('getState')).statusList.version, POLL).toBe(11);
    const { idle, colour } = await showBoth('future');
    expect(idle).toContain(said('idle.attentionItems.listFuture', 'en', hk(FUTURE_AT)));
    expect(idle).toContain(said('idle.attentionItems.listFuture', 'zh', hk(FUTURE_AT)));
    expect(colour).toContain(said('idle.attentionItems.listFuture', 'en', hk(FUTURE_AT)));
    expect(idle).not.toContain(text.en('idle.attentionItems.listExpired').replace(' {{time}}', ''));
    expect(idle).not.toContain(text.en('idle.attentionItems.listRejected'));
  });

  it('a rejected update (a tampered list from the sync server): under "Needs attention", and why in the Colour section', async () => {
    await api.call('setSettings', { patch: { statusSync: { listUrl: `http://127.0.0.1:${(listServer.address() as AddressInfo).port}/list.json`, intervalMinutes: 60 } } });
    await page.getByTestId('sync-now').click();
    // why, first; the held list's own warning (issued in the future) follows it
    const bad = text.en('op.colour.problems.bad-signature');
    await expect.poll(async () => (await page.getByTestId('sync-message').innerText()).split(' · ')[0], POLL).toBe(bad);
    // the held list stays in use
    expect((await api.call<{ statusList: { version?: number } }>('getState')).statusList.version).toBe(11);
    const { idle, colour } = await showBoth('rejected');
    expect(idle).toContain(text.en('idle.attentionItems.listRejected'));
    expect(idle).toContain(text.zh('idle.attentionItems.listRejected'));
    expect(colour).toContain(`${text.en('idle.attentionItems.listRejected')}: ${text.en('op.colour.problems.bad-signature')}`);
    expect(colour).not.toContain('rejected:');
  });
});

describe('devices the operator cannot see', () => {
  it('the keyboard wedge: listening while the window has the focus, when it last read a scan, and when it lost the focus', async () => {
    await section('devices');
    const row = page.locator('tr[data-device="wedge"]');
    await expect.poll(() => row.getByTestId('device-state').innerText(), POLL).toBe(text.en('op.devices.wedgeListening'));
    expect(await page.getByTestId('wedge-help').innerText()).not.toMatch(/always on/i);
    await row.getByTestId('device-test').click();
    await typeLikeScanner(page, 'WEDGE-TEST-0123456789');
    await expect.poll(() => page.getByTestId('devices-message').innerText(), POLL)
      .toMatch(new RegExp(`^${text.en('op.devices.kinds.wedge')} works: scan received at \\d\\d:\\d\\d:\\d\\d$`));
    const st = await api.call<{ devices: { kind: string; lastScanAt?: number }[] }>('getState');
    const wedge = st.devices.find((d) => d.kind === 'wedge');
    expect(wedge?.lastScanAt).toBeGreaterThanOrEqual(now);
    expect(await row.locator('td').nth(3).innerText()).toBe(hk(wedge!.lastScanAt!).slice(11));
    // the verdict overlay for the test scan goes; then the window loses the keyboard focus to another one
    await page.getByTestId('verdict-overlay').waitFor({ state: 'detached', timeout: 15_000 });
    await page.evaluate(() => window.dispatchEvent(new Event('blur')));
    await expect.poll(() => row.getByTestId('device-state').innerText(), POLL).toMatch(/^Not listening since \d\d:\d\d: /);
    const lost = (await api.call<{ devices: { kind: string; state: string; since?: number }[] }>('getState')).devices.find((d) => d.kind === 'wedge')!;
    expect(lost.state).toBe('disconnected');
    expect(await row.getByTestId('device-state').innerText()).toBe(text.en('op.devices.wedgeNoFocusSince').replace('{{time}}', hk(lost.since!).slice(11)));
    await shot(page, 'op-devices-wedge-no-focus');
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expect.poll(() => row.getByTestId('device-state').innerText(), POLL).toBe(text.en('op.devices.wedgeListening'));
    // the idle screen does not count the wedge as a plugged-in scanner
    await leave();
    expect(await page.getByTestId('status-line').innerText()).toContain(text.en('idle.noScanners'));
    await signIn();
    await section('devices');
  });

  it('the door relay set on the Devices screen and tested from it: the board receives "on", then "off"', async () => {
    await page.locator('#relay-enabled').check();
    await page.locator('#relay-path').fill(relayPty.a);
    await page.locator('#relay-pulse').fill('100');
    await page.getByRole('button', { name: text.en('op.devices.relaySave') }).click();
    await expect.poll(async () => (await api.call<{ settings: { relay: { path?: string; enabled: boolean; pulseMs: number } } }>('getState')).settings.relay, POLL)
      .toEqual({ enabled: true, path: relayPty.a, pulseMs: 100 });
    expect(received).toEqual([]);
    await page.getByTestId('relay-test').click();
    await expect.poll(() => page.getByTestId('relay-message').innerText(), POLL).toBe(text.en('op.devices.relayTested'));
    // "Relay pulsed" is said once the contact is open again: the board has both commands, in order, and nothing else
    expect(received).toEqual([...ON, ...OFF]);
    const row = page.locator(`tr[data-device="relay:${relayPty.a}"]`);
    await expect.poll(() => row.getAttribute('data-state'), POLL).toBe('connected');
    for (const s of SIZES) {
      await page.setViewportSize(s);
      await shot(page, 'op-devices-relay-tested');
    }
    await page.setViewportSize(SIZES[0]!);
  });

  it('a relay port that does not exist: the test says so, in the operator\'s language, with what to do', async () => {
    const missing = join(work, 'no-relay-here');
    await page.locator('#relay-path').fill(missing);
    await page.getByRole('button', { name: text.en('op.devices.relaySave') }).click();
    await expect.poll(async () => (await api.call<{ settings: { relay: { path?: string } } }>('getState')).settings.relay.path, POLL).toBe(missing);
    await page.getByTestId('relay-test').click();
    const why = text.en('op.devices.relayProblems.failedWhy').replace('{{why}}', text.en('op.devices.errors.relayNotFound'));
    await expect.poll(() => page.getByTestId('relay-message').innerText(), POLL).toBe(why);
    const row = page.locator(`tr[data-device="relay:${missing}"]`);
    await expect.poll(() => row.getAttribute('data-state'), POLL).toBe('error');
    expect(await row.getByTestId('device-state').innerText()).toContain(text.en('op.devices.errors.relayNotFound'));
    // the driver's own words stay out of the screen's text (they are in the log)
    expect(await page.locator('[data-section="devices"]').innerText()).not.toContain('No such file');
    await api.call('setSettings', { patch: { operatorLanguage: 'zh' } });
    await expect.poll(() => row.getByTestId('device-state').innerText(), POLL).toContain(text.zh('op.devices.errors.relayNotFound'));
    await page.getByTestId('relay-test').click();
    await expect.poll(() => page.getByTestId('relay-message').innerText(), POLL)
      .toBe(text.zh('op.devices.relayProblems.failedWhy').replace('{{why}}', text.zh('op.devices.errors.relayNotFound')));
    for (const s of SIZES) {
      await page.setViewportSize(s);
      await shot(page, 'op-devices-relay-missing-zh');
    }
    await page.setViewportSize(SIZES[0]!);
    await api.call('setSettings', { patch: { operatorLanguage: 'en' } });
    // the board on the first port heard nothing more
    expect(received).toEqual([...ON, ...OFF]);
  });

  it('no console errors along the way', () => {
    expect(consoleErrors).toEqual([]);
  });
});
