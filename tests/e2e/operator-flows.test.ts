// The operator's flows end to end, as a new operator would do them, against the real standalone kiosk and Debian
// Chromium: a colour list imported from a "USB stick" (a directory standing in for /media/...), "Sync now"
// without a URL, the PIN change (wrong current PIN, mismatch, trivial PIN, success), a serial scanner added on a
// socat PTY from the Devices screen and scanned through, a terminator-less scanner, the unplugged scanner under
// "Needs attention" in Hong Kong time. Then every section at three sizes in both operator languages.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { startKiosk, type RunningKiosk } from '../support/kiosk-server.ts';
import { makeVac } from '../fixtures/hk/sign.ts';
import { killSocat, PtyWriter, startSocat, type PtyPair } from '../hardware/socat.ts';
import { makeList } from '../status/helpers.ts';
import { encodeVenueCode } from '../../main/venue/hken.ts';
import { ref, rpc, shot, text, type Rpc } from '../renderer/support/e2e-helpers.ts';

const POLL = { timeout: 15_000, interval: 100 };
const SIZES = [{ width: 1920, height: 1080 }, { width: 1080, height: 1920 }, { width: 1280, height: 800 }];
const SECTIONS = ['devices', 'colour', 'venue', 'verdicts', 'pin', 'counts', 'poster', 'system'] as const;
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** Hong Kong wall-clock time, worked out by hand: UTC+8, no daylight saving. */
const hk = (ms: number) => new Date(ms + 8 * HOUR).toISOString();

let work: string;
let stick: string;
let kiosk: RunningKiosk;
let browser: Browser;
let api: Rpc;
let page: Page;
let scannerA: PtyPair;
let scannerB: PtyPair;
const consoleErrors: string[] = [];
const now = Date.now();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'kiosk-opflows-'));
  stick = join(work, 'media', 'KIOSK-USB');
  mkdirSync(stick, { recursive: true });
  writeFileSync(join(stick, 'colour-list.json'), makeList({ version: 4242, issuedAt: iso(now - HOUR), expiresAt: iso(now + 23 * HOUR), entries: [] }));
  // a signed list with one byte of its signature changed
  const good = JSON.parse(makeList({ version: 4243, issuedAt: iso(now - HOUR), expiresAt: iso(now + 23 * HOUR) })) as { signature: string };
  good.signature = (good.signature[0] === 'A' ? 'B' : 'A') + good.signature.slice(1);
  writeFileSync(join(stick, 'tampered.json'), JSON.stringify(good));
  writeFileSync(join(stick, 'notes.txt'), 'not a list');
  [scannerA, scannerB] = await Promise.all([
    startSocat(join(work, 'scannerA'), join(work, 'scannerA-peer')),
    startSocat(join(work, 'scannerB'), join(work, 'scannerB-peer')),
  ]);
  [kiosk, browser] = await Promise.all([
    startKiosk({ env: { KIOSK_MEDIA_ROOTS: join(work, 'media', '*') } }),
    launchBrowser(),
  ]);
  api = await rpc(kiosk);
  expect((await api.call<{ ok: boolean }>('operatorLogin', { pin: '1234' })).ok).toBe(true);
  await api.call('setSettings', { patch: { operatorLanguage: 'en' } });
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
  for (const p of [scannerA, scannerB]) if (p) await killSocat(p);
  rmSync(work, { recursive: true, force: true });
});

async function signIn(pin: string): Promise<void> {
  await page.getByTestId('open-operator').click();
  await page.locator('[data-screen="login"]').waitFor();
  await page.getByTestId('pin-input').fill(pin);
  await page.getByTestId('pin-submit').click();
  await page.locator('[data-screen="operator"]').waitFor({ timeout: 15_000 });
}

async function section(s: (typeof SECTIONS)[number]): Promise<void> {
  await page.getByTestId(`tab-${s}`).click();
  await page.locator(`[data-screen="operator"][data-section="${s}"]`).waitFor();
}

async function leave(): Promise<void> {
  await page.getByTestId('operator-leave').click();
  await page.locator('[data-screen="idle"]').waitFor();
}

describe('operator flows', () => {
  it('loads without console errors (favicon, font slices under the CSP)', async () => {
    // the idle screen shows Chinese: the font slices it needs load now
    await page.locator('[data-screen="idle"]').waitFor();
    await page.evaluate(() => document.fonts.ready);
    expect(consoleErrors).toEqual([]);
  });

  it('the demo PIN shows under "Needs attention"', async () => {
    const attention = page.getByTestId('needs-attention');
    await expect.poll(() => attention.innerText(), POLL).toContain(text.en('idle.attentionItems.demoPin'));
    expect(await attention.innerText()).toContain(text.zh('idle.attentionItems.demoPin'));
  });

  it('"Sync now" without a sync URL says that no URL is set', async () => {
    await signIn('1234');
    await section('colour');
    await page.getByTestId('sync-now').click();
    await expect.poll(() => page.getByTestId('sync-message').innerText(), POLL).toBe(text.en('op.colour.noUrl'));
    expect(await page.getByTestId('sync-message').innerText()).not.toBe(text.en('op.colour.synced'));
  });

  it('imports a colour list from the USB stick, showing its details first; a tampered one is refused', async () => {
    await page.getByTestId('usb-find').click();
    const rows = page.getByTestId('usb-files').locator('tbody tr');
    await expect.poll(() => rows.count(), POLL).toBe(2);
    const good = page.locator('tr[data-name="colour-list.json"]');
    const goodText = await good.innerText();
    expect(goodText).toContain('demo-status');
    expect(goodText).toContain('4242');
    // issued and expiry times in Hong Kong local time, to the minute, not raw UTC ISO strings
    const issued = hk(Date.parse(iso(now - HOUR)));
    expect(goodText).toContain(`${issued.slice(0, 10)} ${issued.slice(11, 16)}`);
    expect(goodText).not.toMatch(/T\d\d:\d\d/);
    const bad = page.locator('tr[data-name="tampered.json"]');
    expect(await bad.innerText()).toContain(text.en('op.colour.problems.bad-signature'));
    expect(await bad.getByRole('button').isDisabled()).toBe(true);
    await shot(page, 'op-flow-usb-found');

    await good.getByRole('button').click();
    await expect.poll(() => page.getByTestId('usb-message').innerText(), POLL).toBe(text.en('op.colour.usbImported').replace('{{version}}', '4242').replace('{{entries}}', '0'));
    // the kiosk uses it now
    await expect.poll(async () => (await api.call<{ statusList: { version?: number } }>('getState')).statusList.version, POLL).toBe(4242);
    await expect.poll(() => page.getByTestId('colour-info').innerText(), POLL).toContain('4242');
    // the screen cannot import a file the listing did not offer
    const r = await api.call<{ ok: boolean; problem?: string }>('importUsbList', { path: join(work, 'scannerA') });
    expect(r).toEqual({ ok: false, problem: 'not-offered' });
  });

  it('changes the PIN: wrong current PIN, mismatch and trivial PINs are refused, each saying why', async () => {
    await section('pin');
    const fill = async (current: string, pin: string, confirm: string) => {
      await page.getByTestId('pin-current').fill(current);
      await page.getByTestId('pin-new').fill(pin);
      await page.getByTestId('pin-confirm').fill(confirm);
      await page.getByTestId('pin-change').click();
    };
    const msg = page.getByTestId('pin-message');
    // all three fields and the button are on screen without scrolling, at the smallest size
    await page.setViewportSize(SIZES[2]!);
    for (const id of ['pin-current', 'pin-new', 'pin-confirm', 'pin-change']) {
      const box = await page.getByTestId(id).boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.y + box!.height, id).toBeLessThanOrEqual(800);
    }
    expect(await page.getByTestId('pin-demo').innerText()).toBe(text.en('op.pin.demo'));
    expect(await page.getByTestId('pin-recovery').innerText()).toContain('kiosk reset-pin');
    await page.setViewportSize(SIZES[0]!);

    await fill('9999', '583920', '583920');
    await expect.poll(() => msg.innerText(), POLL).toBe(text.en('op.pin.problems.wrong-current'));
    await fill('1234', '583920', '583921');
    await expect.poll(() => msg.innerText(), POLL).toBe(text.en('op.pin.problems.mismatch'));
    for (const [pin, problem] of [['7777', 'same-digits'], ['3456', 'sequence'], ['98765', 'sequence'], ['1234', 'demo']] as const) {
      await fill('1234', pin, pin);
      await expect.poll(() => msg.innerText(), POLL).toBe(text.en(`op.pin.problems.${problem}`));
    }
    await fill('1234', '583920', '583920');
    await expect.poll(() => msg.innerText(), POLL).toBe(text.en('op.pin.changed'));
    // the demo-PIN warning is gone from the screen and from "Needs attention"
    await expect.poll(() => page.getByTestId('pin-demo').count(), POLL).toBe(0);
    await leave();
    await expect.poll(async () => (await page.getByTestId('needs-attention').count()) === 0
      || !(await page.getByTestId('needs-attention').innerText()).includes(text.en('idle.attentionItems.demoPin')), POLL).toBe(true);
    // the old PIN no longer opens the operator screen; the new one does
    const old = await api.call<{ ok: boolean }>('changePin', { current: '1234', pin: '246813', confirm: '246813' });
    expect(old.ok).toBe(false);
    await signIn('583920');
  });

  it('adds a serial scanner on a PTY from the Devices screen, tests it and scans through it', async () => {
    await section('devices');
    await page.getByTestId('scanner-path').fill(scannerA.a);
    await page.getByTestId('scanner-framing').selectOption('terminator');
    await page.getByTestId('scanner-add').click();
    await expect.poll(() => page.getByTestId('devices-message').innerText(), POLL).toBe(text.en('op.devices.added').replace('{{n}}', '1'));
    const row = page.locator('tr[data-scanner="1"]');
    await expect.poll(() => row.getAttribute('data-state'), POLL).toBe('connected');
    expect(await row.getByTestId('framing').innerText()).toBe(text.en('op.devices.framingTerminator'));
    // the same port twice is refused with a reason
    await page.getByTestId('scanner-path').fill(scannerA.a);
    await page.getByTestId('scanner-add').click();
    await expect.poll(() => page.getByTestId('devices-message').innerText(), POLL).toBe(text.en('op.devices.addProblems.duplicate'));
    await page.getByTestId('scanner-path').fill(join(work, 'no-such-port'));
    await page.getByTestId('scanner-add').click();
    await expect.poll(() => page.getByTestId('devices-message').innerText(), POLL).toBe(text.en('op.devices.addProblems.not-a-device'));

    const writer = await PtyWriter.open(scannerA.b);
    try {
      await row.getByTestId('device-test').click();
      await expect.poll(() => page.getByTestId('devices-message').innerText(), POLL).toContain('Scanner 1');
      await writer.write(makeVac({ reference: ref() }) + '\r');
      await expect.poll(() => page.getByTestId('devices-message').innerText(), POLL).toMatch(/^Scanner 1 works: scan received at \d\d:\d\d:\d\d$/);
      await shot(page, 'op-flow-scanner-added');
      // at the door: a pass scanned through it gives a verdict on screen
      await leave();
      await writer.write(makeVac({ reference: ref() }) + '\r');
      await page.locator('[data-screen="verdict"]').waitFor({ timeout: 15_000 });
      await page.locator('[data-screen="idle"]').waitFor({ timeout: 30_000 });
    } finally {
      await writer.close();
    }
  });

  it('a scanner that sends no terminator: the scan ends after the quiet gap; the screen says which framing', async () => {
    await signIn('583920');
    await section('devices');
    await page.getByTestId('scanner-path').fill(scannerB.a);
    // the default framing is automatic, with a 50 ms gap
    expect(await page.getByTestId('scanner-framing').inputValue()).toBe('auto');
    expect(await page.getByTestId('scanner-gap').inputValue()).toBe('50');
    await page.getByTestId('scanner-add').click();
    const row = page.locator('tr[data-scanner="2"]');
    await expect.poll(() => row.getAttribute('data-state'), POLL).toBe('connected');
    expect(await row.getByTestId('framing').innerText()).toBe(text.en('op.devices.framingAuto').replace('{{ms}}', '50'));
    const before = (await api.call<{ devices: { id: string; lastScanAt?: number }[] }>('getState')).devices.find((d) => d.id === `serial:${scannerB.a}`);
    expect(before?.lastScanAt).toBeUndefined();
    const writer = await PtyWriter.open(scannerB.b);
    try {
      await leave();
      await writer.write(makeVac({ reference: ref() }));
      await page.locator('[data-screen="verdict"]').waitFor({ timeout: 15_000 });
      expect(await page.locator('[data-screen="verdict"]').getAttribute('data-verdict')).toBe('valid');
      await page.locator('[data-screen="idle"]').waitFor({ timeout: 30_000 });
    } finally {
      await writer.close();
    }
  });

  it('an unplugged scanner shows under "Needs attention" with the time in Hong Kong', async () => {
    await killSocat(scannerB);
    const attention = page.getByTestId('needs-attention');
    await expect.poll(async () => (await attention.count()) > 0 && (await attention.innerText()).includes('Scanner 2 disconnected since'), POLL).toBe(true);
    const st = await api.call<{ devices: { id: string; state: string; since?: number }[] }>('getState');
    const d = st.devices.find((x) => x.id === `serial:${scannerB.a}`)!;
    expect(d.state).not.toBe('connected');
    expect(d.since).toBeGreaterThan(now);
    const hhmm = hk(d.since!).slice(11, 16);
    const shown = await attention.innerText();
    expect(shown).toContain(`Scanner 2 disconnected since ${hhmm}`);
    expect(shown).toContain(`掃描器 2 自 ${hhmm} 起已斷開`);
    for (const s of SIZES) {
      await page.setViewportSize(s);
      await shot(page, 'op-flow-idle-attention');
    }
    await page.setViewportSize(SIZES[0]!);
  });

  it('removing the unplugged scanner on the Devices screen takes it off the list and out of "Needs attention"', async () => {
    await signIn('583920');
    await section('devices');
    const row = page.locator('tr[data-scanner="2"]');
    await row.getByTestId('device-remove').click();
    await expect.poll(() => page.getByTestId('devices-message').innerText(), POLL).toBe(text.en('op.devices.removed').replace('{{n}}', '2'));
    await expect.poll(() => row.count(), POLL).toBe(0);
    const st = await api.call<{ settings: { serialScanners?: { number: number }[] } }>('getState');
    expect(st.settings.serialScanners?.map((x) => x.number)).toEqual([1]);
    await leave();
    await expect.poll(async () => (await page.getByTestId('needs-attention').count()) === 0
      || !(await page.getByTestId('needs-attention').innerText()).includes('Scanner 2'), POLL).toBe(true);
  });

  it('a long venue name does not overlap the QR code, the prompt or the footer, at every size', async () => {
    const code = encodeVenueCode({
      venueId: 'LONG0001', type: 'RESTAURANT',
      nameZh: '香港特別行政區九龍旺角彌敦道六百號大樓地下至三樓海景皇宮大酒樓（示範）',
      nameEn: 'Harbour View Imperial Palace Seafood Restaurant and Banquet Hall, Nathan Road, Mong Kok (DEMO)',
    });
    expect((await api.call<{ ok: boolean }>('setVenue', { code })).ok).toBe(true);
    await expect.poll(() => page.locator('h1.venue-name').innerText(), POLL).toContain('Harbour View');
    for (const s of SIZES) {
      await page.setViewportSize(s);
      await shot(page, 'op-flow-idle-long-venue');
      const boxes = await page.evaluate(() => ['h1.venue-name', '.venue-qr-box', '.prompt', '.idle-footer'].map((sel) => {
        const r = document.querySelector(sel)!.getBoundingClientRect();
        return { sel, top: r.top, bottom: r.bottom, left: r.left, right: r.right };
      }));
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i]!, b = boxes[j]!;
          const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          expect(overlap, `${a.sel} / ${b.sel} at ${s.width}x${s.height}`).toBe(false);
        }
        expect(boxes[i]!.bottom, `${boxes[i]!.sel} inside ${s.width}x${s.height}`).toBeLessThanOrEqual(s.height);
      }
    }
    await page.setViewportSize(SIZES[0]!);
  });

  it('the PIN screen: the submit button is as large as a keypad key', async () => {
    await page.getByTestId('open-operator').click();
    await page.locator('[data-screen="login"]').waitFor();
    for (const s of SIZES) {
      await page.setViewportSize(s);
      const key = (await page.locator('.keypad button').first().boundingBox())!;
      const submit = (await page.getByTestId('pin-submit').boundingBox())!;
      expect(submit.height, `${s.width}x${s.height}`).toBeGreaterThanOrEqual(key.height * 0.95);
      await shot(page, 'op-flow-login');
    }
    await page.setViewportSize(SIZES[0]!);
    await page.getByTestId('pin-cancel').click();
    await page.locator('[data-screen="idle"]').waitFor();
  });

  it('"Print" is disabled, with the reason, when no printer exists', async () => {
    await signIn('583920');
    await section('poster');
    await page.getByTestId('print-disabled').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('poster-print').isDisabled()).toBe(true);
    expect(await page.getByTestId('print-disabled').innerText()).toBe(text.en('op.poster.printDisabled'));
    await leave();
  });

  it('every section at three sizes in both operator languages, nothing cut off sideways', async () => {
    await signIn('583920');
    for (const lang of ['en', 'zh'] as const) {
      await api.call('setSettings', { patch: { operatorLanguage: lang } });
      await expect.poll(() => page.getByTestId('tab-pin').innerText(), POLL).toBe(text[lang]('op.tabs.pin'));
      // the choice made elsewhere shows in the operator screen's own control too
      await section('verdicts');
      await expect.poll(() => page.locator(`#ol-${lang}`).isChecked(), POLL).toBe(true);
      for (const size of SIZES) {
        await page.setViewportSize(size);
        for (const s of SECTIONS) {
          await section(s);
          if (s === 'colour') await page.getByTestId('usb-find').click();
          if (s === 'counts') await page.getByTestId('counts-table').or(page.getByText(text[lang]('op.counts.none'))).first().waitFor({ timeout: 10_000 });
          // no horizontal overflow: the section fits the window's width
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, `${lang} ${s} ${size.width}x${size.height}`).toBeLessThanOrEqual(0);
          // nor inside the section's own panel (a wide table would scroll there, its buttons cut at the edge)
          const inner = await page.evaluate(() => {
            const el = document.querySelector('.op-section')!;
            const edge = el.getBoundingClientRect().right;
            // the deepest elements past the panel's right edge, named for the failure message
            const past = [...el.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > edge + 0.5 && ![...e.children].some((c) => c.getBoundingClientRect().right > edge + 0.5));
            return { by: el.scrollWidth - el.clientWidth, what: past.slice(0, 3).map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${(e.textContent ?? '').slice(0, 40)}`) };
          });
          expect(inner.by, `${lang} ${s} ${size.width}x${size.height} inside the panel: ${inner.what.join(' | ')}`).toBeLessThanOrEqual(0);
          await shot(page, `op-${lang}-${s}`);
        }
      }
    }
    await page.setViewportSize(SIZES[0]!);
  }, 180_000);
});
