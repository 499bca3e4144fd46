// The kiosk screens end to end: the real standalone shell and core, Debian's Chromium, scans submitted through the
// API. Each outcome's data-verdict, its words in both languages, the return to idle, screenshots in both
// orientations, and axe-core on idle and verdict screens.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { startKiosk, type RunningKiosk } from '../support/kiosk-server.ts';
import { makeEvt, makeMec, makeVac, demoKeys } from '../fixtures/hk/sign.ts';
import { buildStatusList } from '../../main/status/build.ts';
import { hkPersonHash } from '../status/helpers.ts';
import { runAxe, serious } from '../renderer/support/axe.ts';
import { ref, rpc, shot, text, type Rpc } from '../renderer/support/e2e-helpers.ts';
import { typeLikeScanner } from '../support/scanner-keys.ts';

// the PIN check is a deliberately slow hash: give polls room on 2 cores
const POLL = { timeout: 15_000, interval: 100 };
const VIEWPORTS = [{ width: 1920, height: 1080 }, { width: 1080, height: 1920 }] as const;
const RED = { maskedName: 'LAM R** D**', maskedId: '****901(2)', dob: '05-05-1980' };
const AMBER = { maskedName: 'NG A** B**', maskedId: '****345(6)', dob: '06-06-1981' };
const VERDICT_SECONDS = 3;

let plain: RunningKiosk; // no colour list: colours are unknown, policy "warn"
let listed: RunningKiosk; // a signed demo colour list with one red and one amber person
let browser: Browser;
let plainApi: Rpc;
let listedApi: Rpc;
let tmp: string;

async function prepare(k: RunningKiosk): Promise<Rpc> {
  const api = await rpc(k);
  const login = await api.call<{ ok: boolean }>('operatorLogin', { pin: '1234' });
  expect(login.ok).toBe(true);
  await api.call('setSettings', { patch: { verdictSeconds: VERDICT_SECONDS, venueCheck: 'active', unknownColourPolicy: 'warn', languageOrder: 'zh-en' } });
  return api;
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'kiosk-screens-'));
  const now = Date.now();
  const list = buildStatusList({
    key: demoKeys.status, authority: 'demo-status', issuer: 'Demo status authority (TEST ONLY)', listId: 'hk-colour', version: 1,
    issuedAt: new Date(now - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    expiresAt: new Date(now + 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    entries: [
      { hash: hkPersonHash({ recordType: 'VAC', ...RED }), kind: 'red', from: 0, until: 0 },
      // amber: `until` is the Hong Kong day number of the last day of surveillance; far ahead
      { hash: hkPersonHash({ recordType: 'VAC', ...AMBER }), kind: 'amber', from: 0, until: Math.floor(now / 86_400_000) + 30 },
    ],
  });
  const listFile = join(tmp, 'colour-list.json');
  writeFileSync(listFile, list);
  [plain, listed, browser] = await Promise.all([startKiosk(), startKiosk({ args: ['--status', listFile] }), launchBrowser()]);
  [plainApi, listedApi] = await Promise.all([prepare(plain), prepare(listed)]);
});

afterAll(async () => {
  plainApi?.close();
  listedApi?.close();
  await browser?.close();
  await Promise.all([plain?.stop(), listed?.stop()]);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function open(k: RunningKiosk, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(k.url);
  await page.locator('[data-ready="true"]').waitFor({ timeout: 20_000 });
  await page.locator('[data-screen="idle"]').waitFor();
  return { page, errors };
}

async function scan(api: Rpc, payload: string): Promise<{ verdict: { outcome: string } }> {
  return api.call('submitScan', { text: payload, source: 'manual' });
}

async function expectVerdict(page: Page, outcome: string): Promise<string> {
  const root = page.locator(`[data-verdict="${outcome}"][role="status"]`);
  await root.waitFor({ timeout: 10_000 });
  expect(await root.getAttribute('aria-live')).toMatch(/assertive|polite/);
  const body = await root.innerText();
  expect(body).toContain(text.zh(`outcome.${outcome}.title`));
  expect(body).toContain(text.en(`outcome.${outcome}.title`));
  expect(body).toContain(text.zh(`outcome.${outcome}.sub`));
  expect(body).toContain(text.en(`outcome.${outcome}.sub`));
  return body;
}

describe.each(VIEWPORTS)('screens at $width x $height', (viewport) => {
  const landscape = viewport.width > viewport.height;

  it('idle shows the venue (zh + en), its QR, the prompt, the status line; no serious axe violations', async () => {
    const { page, errors } = await open(plain, viewport);
    const state = await plainApi.call<{ venue: { nameZh: string; nameEn: string } }>('getState');
    const body = await page.locator('body').innerText();
    expect(body).toContain(state.venue.nameZh);
    expect(body).toContain(state.venue.nameEn);
    expect(body).toContain(text.zh('idle.prompt'));
    expect(body).toContain(text.en('idle.prompt'));
    await expect.poll(() => page.locator('svg.venue-qr path').count(), POLL).toBe(1);
    await shot(page, 'idle');
    if (landscape) expect(serious(await runAxe(page))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('valid, exempt, invalid, not-applicable, unreadable through the real core; colour not checked without a list', async () => {
    const { page, errors } = await open(plain, viewport);

    let r = await scan(plainApi, makeVac({ reference: ref(), maskedName: 'CHAN T** M**', maskedId: '****456(7)' }));
    expect(r.verdict.outcome).toBe('valid');
    let body = await expectVerdict(page, 'valid');
    expect(body).toContain('CHAN T** M**');
    expect(body).toContain('****456(7)');
    // no list loaded: the colour is unknown and the screen says so in both languages
    await page.getByTestId('colour-unknown').waitFor();
    expect(body).toContain(text.zh('colourUnknown'));
    expect(body).toContain(text.en('colourUnknown'));
    await shot(page, 'verdict-valid-colour-not-checked');
    if (landscape) expect(serious(await runAxe(page))).toEqual([]);

    r = await scan(plainApi, makeMec({ reference: ref('MEC') }));
    expect(r.verdict.outcome).toBe('exempt');
    await expectVerdict(page, 'exempt');
    await shot(page, 'verdict-exempt');

    // two doses where the final stage wants three: refused, with the reason in both languages
    r = await scan(plainApi, makeVac({ reference: ref(), doses: [{ date: '01-06-2021', code: 'BNT' }, { date: '01-07-2021', code: 'BNT' }], total: 2 }));
    expect(r.verdict.outcome).toBe('invalid');
    body = await expectVerdict(page, 'invalid');
    const reasons = await page.getByTestId('reasons').innerText();
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons).not.toContain(text.en('reason.generic'));
    await shot(page, 'verdict-invalid');
    if (landscape) expect(serious(await runAxe(page))).toEqual([]);

    // a forged signature (a key no trust store holds)
    r = await scan(plainApi, makeVac({ reference: ref(), key: 'rogue' }));
    expect(r.verdict.outcome).toBe('invalid');
    await expectVerdict(page, 'invalid');

    r = await scan(plainApi, makeEvt());
    expect(r.verdict.outcome).toBe('not-applicable');
    await expectVerdict(page, 'not-applicable');
    await shot(page, 'verdict-not-applicable');

    r = await scan(plainApi, 'HKSARG|VAC|this is not a pass');
    expect(r.verdict.outcome).toBe('unreadable');
    await expectVerdict(page, 'unreadable');
    await shot(page, 'verdict-unreadable');

    // back to idle by itself after the configured time
    await page.locator('[data-screen="idle"]').waitFor({ timeout: (VERDICT_SECONDS + 5) * 1000 });
    expect(await page.locator('[data-verdict]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('red and amber codes from a signed list; blue shows no colour warning', async () => {
    const { page, errors } = await open(listed, viewport);
    let r = await scan(listedApi, makeVac({ reference: ref(), ...RED }));
    expect(r.verdict.outcome).toBe('red');
    await expectVerdict(page, 'red');
    await shot(page, 'verdict-red');
    if (landscape) expect(serious(await runAxe(page))).toEqual([]);

    r = await scan(listedApi, makeVac({ reference: ref(), ...AMBER }));
    expect(r.verdict.outcome).toBe('amber');
    await expectVerdict(page, 'amber');
    await shot(page, 'verdict-amber');
    if (landscape) expect(serious(await runAxe(page))).toEqual([]);

    // the next scan replaces the verdict at once
    r = await scan(listedApi, makeVac({ reference: ref(), maskedName: 'YIP B** C**', maskedId: '****777(7)', dob: '07-07-1977' }));
    expect(r.verdict.outcome).toBe('valid');
    await expectVerdict(page, 'valid');
    expect(await page.getByTestId('colour-unknown').count()).toBe(0);
    expect(await page.locator('[data-verdict="valid"]').getAttribute('data-colour')).toBe('blue');
    await shot(page, 'verdict-valid');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('tones', () => {
  it('two tones for valid, one for exempt, five for invalid and unreadable; none when muted (Web Audio in the page)', async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS[0] });
    // count the oscillators the page starts: one per tone (added through DevTools, so the CSP does not apply)
    await page.addInitScript(() => {
      const w = window as unknown as { __tones: number[] };
      w.__tones = [];
      const orig = AudioContext.prototype.createOscillator;
      AudioContext.prototype.createOscillator = function (this: AudioContext) {
        const o = orig.call(this);
        const start = o.start.bind(o);
        o.start = (when?: number) => { w.__tones.push(o.frequency.value); start(when); };
        return o;
      };
    });
    await page.goto(plain.url);
    await page.locator('[data-ready="true"]').waitFor({ timeout: 20_000 });
    const tones = () => page.evaluate(() => (window as unknown as { __tones: number[] }).__tones.splice(0));
    const cases: [string, string, number][] = [
      ['valid', makeVac({ reference: ref('T') }), 2],
      ['exempt', makeMec({ reference: ref('TM') }), 1],
      ['invalid', makeVac({ reference: ref('T'), key: 'rogue' }), 5],
      ['unreadable', 'garbage', 5],
    ];
    for (const [outcome, payload, n] of cases) {
      await tones();
      await scan(plainApi, payload);
      await expectVerdict(page, outcome);
      await expect.poll(async () => (await page.evaluate(() => (window as unknown as { __tones: number[] }).__tones.length)), POLL).toBe(n);
    }
    // a refusal sounds lower than an admission
    await tones();
    await scan(plainApi, makeVac({ reference: ref('T') }));
    await expectVerdict(page, 'valid');
    await expect.poll(async () => (await page.evaluate(() => (window as unknown as { __tones: number[] }).__tones.length)), POLL).toBe(2);
    const high = await tones();
    await scan(plainApi, makeVac({ reference: ref('T'), key: 'rogue' }));
    await expectVerdict(page, 'invalid');
    await expect.poll(async () => (await page.evaluate(() => (window as unknown as { __tones: number[] }).__tones.length)), POLL).toBe(5);
    const low = await tones();
    expect(Math.max(...low)).toBeLessThan(Math.min(...high));

    await plainApi.call('setSettings', { patch: { muted: true } });
    try {
      await expect.poll(async () => (await plainApi.call<{ settings: { muted: boolean } }>('getState')).settings.muted, POLL).toBe(true);
      // a fresh page reads the setting with its state (no waiting on the event's timing)
      await page.reload();
      await page.locator('[data-ready="true"]').waitFor({ timeout: 20_000 });
      await tones();
      await scan(plainApi, makeVac({ reference: ref('T'), key: 'rogue' }));
      await expectVerdict(page, 'invalid');
      // tones start in the same task that renders the verdict: none were started
      expect(await tones()).toEqual([]);
    } finally {
      await plainApi.call('setSettings', { patch: { muted: false } });
    }
    await page.close();
  });
});

describe('connection to the core', () => {
  it('a page that loses its core says "connecting" in both languages and stops claiming ready', async () => {
    const own = await startKiosk();
    try {
      const { page } = await open(own, VIEWPORTS[0]);
      await own.stop();
      await page.locator('[data-ready="false"]').waitFor({ timeout: 10_000 });
      const banner = page.locator('.banner-connecting');
      await banner.waitFor();
      expect(await banner.innerText()).toContain(text.zh('app.connecting'));
      expect(await banner.innerText()).toContain(text.en('app.connecting'));
      await shot(page, 'connecting');
      await page.close();
    } finally {
      await own.stop();
    }
  });

  it('a page that never reaches its core shows only the connecting screen', async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS[0] });
    await page.goto(`${plain.origin}/#token=0000`);
    const root = page.locator('#kiosk-root[data-ready="false"] [data-screen="connecting"]');
    await root.waitFor({ timeout: 10_000 });
    expect(await root.innerText()).toContain(text.en('app.connecting'));
    expect(await page.locator('[data-screen="idle"]').count()).toBe(0);
    await page.close();
  });
});

describe('keyboard-wedge scanner', () => {
  it('a pass typed at scanner speed becomes one scan and reaches the verdict screen', async () => {
    const { page, errors } = await open(plain, VIEWPORTS[0]);
    await typeLikeScanner(page, makeVac({ reference: ref('W'), maskedName: 'WEDGE T**' }));
    const body = await expectVerdict(page, 'valid');
    expect(body).toContain('WEDGE T**');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('group mode', () => {
  it('a group of three with one invalid member is not admitted; the same group all valid is', async () => {
    const { page, errors } = await open(plain, VIEWPORTS[0]);
    const valid = () => makeVac({ reference: ref() });
    const invalid = makeVac({ reference: ref(), doses: [{ date: '01-06-2021', code: 'BNT' }], total: 1 });

    await page.getByTestId('start-group').click();
    await page.locator('[data-screen="group"][data-group="empty"]').waitFor();
    for (const p of [valid(), invalid, valid()]) await scan(plainApi, p);
    const g = page.locator('[data-screen="group"][data-members="3"]');
    await g.waitFor({ timeout: 10_000 });
    expect(await g.getAttribute('data-group')).toBe('not-admitted');
    expect(await page.locator('.group-row[data-outcome="invalid"]').count()).toBe(1);
    const summary = await page.getByTestId('group-summary').innerText();
    expect(summary).toContain(text.zh('group.notAdmitted'));
    expect(summary).toContain(text.en('group.notAdmitted'));
    await shot(page, 'group-not-admitted');

    // one tap ends it
    await page.getByTestId('end-group').click();
    await page.locator('[data-screen="idle"]').waitFor();
    const state = await plainApi.call<{ group: { active: boolean } }>('getState');
    expect(state.group.active).toBe(false);

    await page.getByTestId('start-group').click();
    await page.locator('[data-screen="group"][data-group="empty"]').waitFor();
    for (const p of [valid(), valid(), valid()]) await scan(plainApi, p);
    await page.locator('[data-screen="group"][data-members="3"][data-group="admitted"]').waitFor({ timeout: 10_000 });
    const ok = await page.getByTestId('group-summary').innerText();
    expect(ok).toContain(text.zh('group.admitted'));
    expect(ok).toContain(text.en('group.admitted'));
    await shot(page, 'group-admitted');
    await page.setViewportSize(VIEWPORTS[1]);
    await shot(page, 'group-admitted');
    expect(serious(await runAxe(page))).toEqual([]);
    await page.getByTestId('end-group').click();
    await page.locator('[data-screen="idle"]').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
