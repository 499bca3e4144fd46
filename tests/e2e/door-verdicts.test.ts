// Every verdict screen at the door, seen and heard: the real standalone shell and core (fresh issuer keys, a signed
// colour list), Debian's Chromium at 1920x1080, 1080x1920 and 1280x800. Screenshots of every verdict screen; tones
// counted in the page (every oscillator the page starts); a scan during the login and operator screens shown above
// them; a refusal that neither a tap nor the next scan removes within 2 s; amber at active and passive venues;
// the group screen with nine rows.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStatusList } from '../../main/status/build.ts';
import { DEMO_VENUE_CODE } from '../../main/venue/demo.ts';
import { rpc, shot, text, type Rpc } from '../renderer/support/e2e-helpers.ts';
import { dayNo, hkPersonHash } from '../status/helpers.ts';
import { launchBrowser } from '../support/browser.ts';
import { startKiosk, type RunningKiosk } from '../support/kiosk-server.ts';
import { freshIssuer } from '../verify/fresh-issuer.ts';

const VIEWPORTS = [{ width: 1920, height: 1080 }, { width: 1080, height: 1920 }, { width: 1280, height: 800 }] as const;
const POLL = { timeout: 15_000, interval: 50 };
const issuer = freshIssuer();
const AMBER = { maskedName: 'NG A** B**', maskedId: '****345(6)', dob: '06-06-1981' };
const RED = { maskedName: 'LAM R** D**', maskedId: '****901(2)', dob: '05-05-1980' };
const TWO_DOSES = { doses: [{ date: '01-06-2021', code: 'BNT' }, { date: '01-07-2021', code: 'BNT' }], total: 2 };
/** the README door table, as numbers */
const TONES: Record<string, number> = { valid: 2, exempt: 1, invalid: 5, red: 5, amber: 5, 'not-applicable': 3, unreadable: 5 };

let kiosk: RunningKiosk;
let api: Rpc;
let browser: Browser;
let tmp: string;
let n = 0;
const ref = () => `DV${String(++n).padStart(8, '0')}`;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'kiosk-door-'));
  const now = Date.now();
  const list = join(tmp, 'colours.kvsl');
  writeFileSync(list, buildStatusList({
    key: issuer.status, authority: 'fresh-status', issuer: 'fresh test authority', listId: 'hk-colour', version: 1,
    issuedAt: new Date(now - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    expiresAt: new Date(now + 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    entries: [
      { hash: hkPersonHash({ recordType: 'VAC', ...RED }), kind: 'red', from: 0, until: 0 },
      { hash: hkPersonHash({ recordType: 'VAC', ...AMBER }), kind: 'amber', from: 0, until: dayNo(new Date(now + 30 * 86_400_000).toISOString().slice(0, 10)) },
    ],
  }));
  [kiosk, browser] = await Promise.all([startKiosk({ args: ['--trust', issuer.file(), '--status', list] }), launchBrowser()]);
  api = await rpc(kiosk);
  expect((await api.call<{ ok: boolean }>('operatorLogin', { pin: '1234' })).ok).toBe(true);
  await api.call('setSettings', { patch: { verdictSeconds: 30, venueCheck: 'active', unknownColourPolicy: 'warn', languageOrder: 'zh-en', muted: false, volume: 0.8 } });
});
afterAll(async () => {
  api?.close();
  await browser?.close();
  await kiosk?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A page that records every tone it starts and every verdict it shows, with the page's own clock. */
async function open(viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  await api.call('groupEnd'); // group mode is the core's: a failed test must not leave the next on the group screen
  const page = await browser.newPage({ viewport });
  await page.addInitScript(() => {
    const w = window as unknown as { __tones: number[]; __shown: { verdict: string; at: number }[] };
    w.__tones = [];
    w.__shown = [];
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: Parameters<OscillatorNode['start']>) {
      w.__tones.push(this.frequency.value);
      return start.apply(this, args);
    };
    let last = '';
    new MutationObserver(() => {
      const el = document.querySelector('[data-screen="verdict"]');
      const key = el ? `${el.getAttribute('data-verdict')}` : '';
      const id = el ? el.getAttribute('data-seq') ?? '' : '';
      if (`${key}|${id}` !== last) {
        last = `${key}|${id}`;
        if (el) w.__shown.push({ verdict: key, at: performance.now() });
        // a guard's tap the moment a refusal appears (set by the hold test): in the same task, so surely within 2 s
        const tap = window as unknown as { __tapRefusal?: boolean; __afterTap?: string | null };
        if (el && key === 'invalid' && tap.__tapRefusal) {
          tap.__tapRefusal = false;
          (el as HTMLElement).click();
          requestAnimationFrame(() => { tap.__afterTap = document.querySelector('[data-screen="verdict"]')?.getAttribute('data-seq') ?? null; });
        }
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(kiosk.url);
  await page.locator('[data-ready="true"]').waitFor({ timeout: 20_000 });
  await page.locator('[data-screen="idle"]').waitFor();
  return { page, errors };
}

const tones = (page: Page) => page.evaluate(() => (window as unknown as { __tones: number[] }).__tones.length);
const scan = (t: string) => api.call<{ verdict: { outcome: string } }>('submitScan', { text: t, source: 'manual' });

/** Scans, waits for the screen to show it, checks both languages' title and the tone count, saves a screenshot. */
async function seeAndHear(page: Page, payload: string, outcome: string, name: string, titleKey = `outcome.${outcome}.title`): Promise<string> {
  const before = await tones(page);
  const r = await scan(payload);
  expect(r.verdict.outcome).toBe(outcome);
  const root = page.locator(`[data-screen="verdict"][data-verdict="${outcome}"]`).filter({ hasText: text.en(titleKey) });
  await root.waitFor({ timeout: 15_000 });
  const body = await root.innerText();
  expect(body).toContain(text.zh(titleKey));
  // every tone of one verdict is started in one go: once the count reaches the table's, it is the whole pattern
  await expect.poll(async () => (await tones(page)) - before, POLL).toBeGreaterThanOrEqual(TONES[outcome]!);
  expect((await tones(page)) - before, `${name}: tones`).toBe(TONES[outcome]);
  await shot(page, `door-${name}`);
  return body;
}

describe.each(VIEWPORTS)('door verdicts at $width x $height', (viewport) => {
  it('every verdict screen, seen and heard (amber at active and passive venues)', async () => {
    const { page, errors } = await open(viewport);
    await api.call('setSettings', { patch: { venueCheck: 'active' } });
    let body = await seeAndHear(page, issuer.vac({ reference: ref() }), 'valid', 'valid');
    expect(body).not.toContain(text.en('colourUnknown')); // the list answers: blue
    await seeAndHear(page, issuer.mec({ reference: ref() }), 'exempt', 'exempt');
    body = await seeAndHear(page, issuer.vac({ reference: ref(), ...TWO_DOSES }), 'invalid', 'invalid');
    expect(body).toContain(text.en('reason.needs-3-doses'));
    await seeAndHear(page, issuer.vac({ reference: ref(), ...RED }), 'red', 'red');
    // amber at an active venue: a refusal, with a cross, and not the yellow warning banner
    body = await seeAndHear(page, issuer.vac({ reference: ref(), ...AMBER }), 'amber', 'amber-active');
    expect(body).toContain(text.zh('outcome.amber.title'));
    const amber = page.locator('[data-screen="verdict"][data-verdict="amber"]');
    expect(await amber.locator('svg[data-icon^="cross"]').count()).toBe(1);
    expect(await amber.locator('[data-testid="colour-unknown"]').count()).toBe(0);
    const bg = await amber.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).not.toBe('rgb(255, 213, 74)'); // the "colour not checked" yellow
    await seeAndHear(page, DEMO_VENUE_CODE, 'not-applicable', 'not-applicable-venue-poster');
    body = await seeAndHear(page, issuer.other('RCV'), 'not-applicable', 'check-by-eye', 'verdict.checkByEye.title');
    expect(body).toContain('HKSARG RCV');
    await seeAndHear(page, 'HKSARG|VAC|garbage', 'unreadable', 'unreadable');
    // amber at a passive-checking venue: admitted, and the screen says so
    await api.call('setSettings', { patch: { venueCheck: 'passive' } });
    await seeAndHear(page, issuer.vac({ reference: ref(), ...AMBER }), 'valid', 'amber-passive-admitted');
    const note = page.getByTestId('amber-admitted');
    await note.waitFor();
    expect(await note.innerText()).toContain(text.en('verdict.amberAdmitted'));
    expect(await note.innerText()).toContain(text.zh('verdict.amberAdmitted'));
    await api.call('setSettings', { patch: { venueCheck: 'active' } });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a refusal stays 2 s: a tap and the next scan wait, the next verdict follows in order', async () => {
    const { page, errors } = await open(viewport);
    await page.evaluate(() => { (window as unknown as { __tapRefusal: boolean }).__tapRefusal = true; });
    // the refusal, then at once the next scan: it arrives while the refusal is held
    const refused = await api.call<{ seq: number; verdict: { outcome: string } }>('submitScan', { text: issuer.vac({ reference: ref(), ...TWO_DOSES }), source: 'manual' });
    expect(refused.verdict.outcome).toBe('invalid');
    await scan(issuer.vac({ reference: ref() }));
    await page.locator('[data-screen="verdict"][data-verdict="valid"]').waitFor({ timeout: 15_000 });
    const { shown, afterTap } = await page.evaluate(() => {
      const w = window as unknown as { __shown: { verdict: string; at: number }[]; __afterTap?: string | null };
      return { shown: w.__shown, afterTap: w.__afterTap };
    });
    // the tap the moment it appeared left it on screen
    expect(afterTap).toBe(String(refused.seq));
    const i = shown.findIndex((x) => x.verdict === 'invalid');
    expect(shown.slice(i).map((x) => x.verdict)).toEqual(['invalid', 'valid']);
    expect(shown[i + 1]!.at - shown[i]!.at).toBeGreaterThanOrEqual(2000);
    await shot(page, 'after-hold-valid');
    // an admitting verdict gives way at once to the next scan
    await seeAndHear(page, issuer.mec({ reference: ref() }), 'exempt', 'after-hold-exempt');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a scan during the login screen and during the operator screen is shown above it and sounded', async () => {
    const { page, errors } = await open(viewport);
    await page.getByTestId('open-operator').click();
    await page.locator('[data-screen="login"]').waitFor();
    await page.getByTestId('pin-input').fill('12');
    let before = await tones(page);
    await scan(issuer.vac({ reference: ref(), ...TWO_DOSES }));
    const overlay = page.getByTestId('verdict-overlay');
    await overlay.locator('[data-verdict="invalid"]').waitFor({ timeout: 15_000 });
    await expect.poll(async () => (await tones(page)) - before, POLL).toBeGreaterThanOrEqual(5);
    expect((await tones(page)) - before).toBe(5);
    await shot(page, 'door-scan-during-login');
    // the login screen is still underneath, with what was typed
    expect(await page.getByTestId('pin-input').inputValue()).toBe('12');
    // dismissed once its hold is over (wait for the condition: a tap that takes it away)
    await expect.poll(async () => { if (await overlay.count()) await overlay.click({ force: true }).catch(() => {}); return overlay.count(); }, POLL).toBe(0);
    await page.getByTestId('pin-input').fill('1234');
    await page.getByTestId('pin-submit').click();
    await page.locator('[data-screen="operator"]').waitFor({ timeout: 20_000 });
    before = await tones(page);
    await scan(issuer.vac({ reference: ref() }));
    await overlay.locator('[data-verdict="valid"]').waitFor({ timeout: 15_000 });
    await expect.poll(async () => (await tones(page)) - before, POLL).toBeGreaterThanOrEqual(2);
    expect((await tones(page)) - before).toBe(2);
    await shot(page, 'door-scan-during-operator');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the group screen: nine rows visible with outcome, reason and colour; a repeat and a 10th pass', async () => {
    const { page, errors } = await open(viewport);
    await page.getByTestId('start-group').click();
    await page.locator('[data-screen="group"]').waitFor();
    const first = issuer.vac({ reference: ref() });
    await scan(first);
    await scan(issuer.vac({ reference: ref(), ...TWO_DOSES }));
    await scan(issuer.mec({ reference: ref() }));
    await scan(issuer.vac({ reference: ref(), ...AMBER }));
    await scan(first);
    await page.locator('[data-testid="group-latest"][data-entry="repeat"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('group-latest').innerText()).toContain(text.en('group.repeat'));
    await shot(page, 'door-group-repeat');
    for (let i = 0; i < 5; i++) await scan(issuer.vac({ reference: ref() }));
    await page.locator('[data-screen="group"][data-members="9"]').waitFor({ timeout: 15_000 });
    await scan(issuer.vac({ reference: ref() }));
    await page.locator('[data-testid="group-latest"][data-entry="full"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('group-latest').innerText()).toContain(text.en('group.notAdded'));
    expect(await page.locator('.group-row').count()).toBe(9);
    // all nine rows inside the viewport
    for (const row of await page.locator('.group-row').all()) {
      const box = await row.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
      expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
    }
    const rows = page.locator('.group-row');
    expect(await rows.nth(1).getAttribute('data-outcome')).toBe('invalid');
    expect(await rows.nth(1).innerText()).toContain(text.en('reason.doses-insufficient'));
    expect(await rows.nth(3).getAttribute('data-outcome')).toBe('amber');
    expect(await rows.nth(3).getAttribute('data-colour')).toBe('amber');
    expect(await page.getByTestId('group-summary').innerText()).toContain(text.en('group.notAdmitted'));
    await shot(page, 'door-group-full');
    await page.getByTestId('end-group').click();
    await page.locator('[data-screen="group"]').waitFor({ state: 'detached', timeout: 15_000 });
    expect(errors).toEqual([]);
    await page.close();
  });
});
