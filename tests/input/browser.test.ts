// renderer/input in Chromium, built by Vite like the app and served under the app's CSP: the camera path with a
// fake camera playing generated Y4M files (zxing-wasm loaded from the app itself), and the keyboard wedge with
// real key events at scanner and at human speed. One file, so that the camera's decoding load never runs beside
// the wedge's timing-sensitive typing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { makeVac } from '../fixtures/hk/sign.ts';
import { qrFrame, writeY4m, type FrameOptions } from './frames.ts';
import { payload, sceneFrames, writeLumaY4m, type PayloadKind, type SceneOptions } from './scene.ts';
import { startHarness, type Harness } from './harness.ts';
import { startKiosk, type RunningKiosk } from '../support/kiosk-server.ts';
import { callOnce } from '../support/api-client.ts';
import { typeLikeScanner } from '../support/scanner-keys.ts';

let harness: Harness;
let dir: string;
let browser: Browser | undefined;
const pass = makeVac({ reference: 'DEMO0000000050' });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-cam-'));
  harness = await startHarness();
});
afterAll(async () => {
  await browser?.close();
  await harness?.close();
  rmSync(dir, { recursive: true, force: true });
});

function y4m(name: string, text: string | null, o: Partial<FrameOptions> = {}): string {
  const path = join(dir, `${name}.y4m`);
  const frames = Array.from({ length: 6 }, (_, i) => qrFrame(text, { width: 640, height: 480, ...o, offsetX: (o.offsetX ?? 0) + i * 0.002 }));
  writeY4m(path, frames);
  return path;
}

async function texts(file: string, mirror: boolean, waitFor: (t: string[]) => boolean, ms: number) {
  browser = await launchBrowser({ fakeCameraY4m: file });
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('response', (r) => {
    // the browser asks for a favicon on its own; everything else must be there
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !/favicon/.test(m.location().url)) errors.push(m.text());
  });
  await page.goto(`${harness.url}?mode=camera&mirror=${mirror ? 1 : 0}`);
  const deadline = Date.now() + ms;
  let got: string[] = [];
  while (Date.now() < deadline) {
    got = await page.evaluate(() => (window as unknown as { harness: { texts: string[] } }).harness.texts);
    if (waitFor(got)) {
      // keep watching a little: the code is still in view and must not be read again
      await new Promise((r) => setTimeout(r, 1500));
      got = await page.evaluate(() => (window as unknown as { harness: { texts: string[] } }).harness.texts);
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const statuses = await page.evaluate(() => (window as unknown as { harness: { statuses: { state: string; detail?: string }[] } }).harness.statuses);
  return { got, statuses, errors, requests, page };
}

describe('camera in Chromium (fake camera, generated Y4M)', () => {
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });
  // the variants (rotated, dim, mirrored) run against the whole kiosk below
  for (const [name, o, mirror] of [['plain', {}, false]] as const) {
    it(`reads the pass once: ${name}`, async () => {
      const { got, statuses, errors, requests } = await texts(y4m(name, pass, o), mirror, (t) => t.length > 0, 20_000);
      // zxing-wasm came from the app's own server, nothing from anywhere else
      expect(requests.some((u) => u.startsWith(harness.url.replace('/index.html', '/')) && u.endsWith('.wasm'))).toBe(true);
      expect(requests.filter((u) => !u.startsWith('http://127.0.0.1:'))).toEqual([]);
      expect(got[0]).toBe(pass);
      // the code stays in view the whole time: suppressed after the first read
      expect(got).toHaveLength(1);
      expect(statuses.some((s) => s.state === 'connected')).toBe(true);
      expect(errors).toEqual([]);
    });
  }

  // a phone at the door: 1280x720, blurred, sensor noise, tilted, the hand's jitter from frame to frame
  for (const [kind, o] of [
    ['hk-vac', { symbolShare: 0.24, blurSigma: 1.2, noise: 6, tiltDeg: 10 }],
    ['eu-dcc', { symbolShare: 0.3, blurSigma: 1.0, noise: 6, tiltDeg: 8, screen: 'dim' }],
    ['shc', { symbolShare: 0.3, blurSigma: 0.9, noise: 4, tiltDeg: 5 }],
  ] as [PayloadKind, Partial<SceneOptions>][]) {
    it(`reads a blurred, noisy ${kind} stream at the camera's resolution`, async () => {
      const p = payload(kind);
      const path = join(dir, `real-${kind}.y4m`);
      const opts: SceneOptions = { width: 1280, height: 720, symbolShare: 0.3, blurSigma: 1, noise: 6, screen: 'normal', tiltDeg: 0, ...o, ecl: p.ecl, seed: 11 };
      writeLumaY4m(path, sceneFrames(p.text, opts, 12), 1280, 720);
      const { got, statuses, errors } = await texts(path, false, (t) => t.length > 0, 30_000);
      expect(got).toEqual([p.text]);
      // the granted resolution is reported with the status: the fake camera plays the file's 1280x720
      expect(statuses.filter((s) => s.state === 'connected').map((s) => s.detail)).toContainEqual(expect.stringMatching(/^1280x720/));
      expect(errors).toEqual([]);
    });
  }

  // the grid bench's hardest target cell: Chromium stretches this stream's levels and noise by 255/219, and the
  // region finder's box used to swell to the whole frame (read in Node, never in Chromium)
  it('reads a steady SHC stream with noise 9 (sigma 1.0, 30% of the frame)', async () => {
    const p = payload('shc');
    const path = join(dir, 'real-shc-noise9.y4m');
    const opts: SceneOptions = { width: 1280, height: 720, symbolShare: 0.3, blurSigma: 1, noise: 9, screen: 'normal', tiltDeg: 0, ecl: p.ecl, seed: 4206285207 };
    writeLumaY4m(path, sceneFrames(p.text, opts, 15), 1280, 720);
    const { got, errors } = await texts(path, false, (t) => t.length > 0, 30_000);
    expect(got).toEqual([p.text]);
    expect(errors).toEqual([]);
  });

  it('reacquires the camera after it went away', async () => {
    const { got, page } = await texts(y4m('reacquire', pass, {}), false, (t) => t.length > 0, 20_000);
    expect(got).toEqual([pass]);
    // what Chromium does when a camera is unplugged: the track ends
    await page.evaluate(() => {
      const v = document.getElementById('preview') as HTMLVideoElement;
      (v.srcObject as MediaStream).getVideoTracks()[0]!.dispatchEvent(new Event('ended'));
    });
    // runs of one state collapsed: a connected camera may report again when its granted size becomes known
    const states = async () =>
      (await page.evaluate(() => (window as unknown as { harness: { statuses: { state: string }[] } }).harness.statuses.map((s) => s.state))).filter(
        (s, i, all) => i === 0 || all[i - 1] !== s,
      );
    await expect.poll(states, { timeout: 10_000 }).toEqual(['connected', 'disconnected', 'connected']);
    await expect.poll(() => page.evaluate(() => (document.getElementById('preview') as HTMLVideoElement).videoWidth), { timeout: 10_000 }).toBeGreaterThan(0);
  });

});

const wedgePass = makeVac({ reference: 'DEMO0000000060' });

describe('keyboard wedge in Chromium', () => {
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    browser = undefined;
  });
  beforeEach(async () => {
    page = await browser!.newPage();
    await page.goto(`${harness.url}?mode=wedge`);
    // the first key events after a page load are slow to arrive over the DevTools protocol: warm the path up
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
  });

  const scans = () => page.evaluate(() => (window as unknown as { harness: { texts: string[] } }).harness.texts);
  const clicks = async () => Number(await page.textContent('#clicks'));

  it('a scanner-speed burst with Enter becomes one scan and reaches neither the focused button nor the field', async () => {
    await page.focus('#btn');
    await typeLikeScanner(page, wedgePass); // all key events queued back to back, like a scanner
    await page.waitForFunction(() => (window as unknown as { harness: { texts: string[] } }).harness.texts.length > 0);
    expect(await scans()).toEqual([wedgePass]);
    expect(await clicks()).toBe(0); // neither the spaces nor Enter pressed the button
    expect(await page.inputValue('#field')).toBe('');
  });

  it('the same burst while a text field has focus stays out of the field', async () => {
    await page.focus('#field');
    await typeLikeScanner(page, wedgePass);
    await page.waitForFunction(() => (window as unknown as { harness: { texts: string[] } }).harness.texts.length > 0);
    expect(await scans()).toEqual([wedgePass]);
    expect(await page.inputValue('#field')).toBe('');
  });

  it('typing at human speed is never a scan, and still reaches the text field', async () => {
    const words = wedgePass.slice(0, 12);
    await page.focus('#field');
    await page.keyboard.type(words, { delay: 200 });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    expect(await scans()).toEqual([]);
    expect(await page.inputValue('#field')).toBe(words);
  });

  it('Enter on a focused button still works when nothing is being scanned', async () => {
    await page.focus('#btn');
    await page.keyboard.press('Enter');
    expect(await clicks()).toBe(1);
    expect(await scans()).toEqual([]);
  });
});

// The whole kiosk: the standalone shell and core, the app's renderer build, Chromium with a fake camera.
describe('the kiosk reads passes from the camera and the keyboard wedge', () => {
  let kiosk: RunningKiosk;
  let n = 0;
  const ref = () => `CAM${String(Date.now() % 1e8).padStart(8, '0')}${++n}`;
  beforeAll(async () => {
    kiosk = await startKiosk(); // defaults: camera on, mirror on, rules pinned to the final stage
  });
  afterAll(async () => {
    await browser?.close();
    browser = undefined;
    await kiosk?.stop();
  });
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });

  async function openKiosk(fakeCameraY4m?: string): Promise<Page> {
    browser = await launchBrowser(fakeCameraY4m ? { fakeCameraY4m } : {});
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(kiosk.url);
    await page.locator('[data-ready="true"]').waitFor({ timeout: 20_000 });
    return page;
  }

  for (const [name, o] of [
    ['plain', {}],
    ['rotated', { rotateDeg: 30, coverage: 0.6 }], // the whole tilted phone in view
    ['dim', { contrast: 0.35 }],
    ['mirrored', { mirror: true }],
  ] as const) {
    it(`a ${name} pass shown to the camera reaches the verdict screen`, async () => {
      const page = await openKiosk(y4m(`kiosk-${name}`, makeVac({ reference: ref() }), o));
      // three doses, demo trust, the pinned final stage: the verdict is valid
      await page.locator('[data-verdict="valid"]').waitFor({ timeout: 20_000 });
    });
  }

  it('a picture without a code produces no scan, while the camera runs', async () => {
    const page = await openKiosk(y4m('kiosk-none', null));
    const connected = async () => {
      const st = (await callOnce(kiosk, 'getState', {})) as { devices: { kind: string; state: string }[] };
      return st.devices.some((d) => d.kind === 'camera' && d.state === 'connected');
    };
    const deadline = Date.now() + 15_000;
    while (!(await connected()) && Date.now() < deadline) await page.waitForTimeout(200);
    expect(await connected()).toBe(true);
    await page.waitForTimeout(3000); // 30 frames decoded
    expect(await page.locator('[data-verdict]').count()).toBe(0);
  });

  it('a pass typed at scanner speed is a scan; the same keys at human speed are not', async () => {
    const page = await openKiosk();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift'); // warm up the DevTools key path
    const slow = makeVac({ reference: ref() });
    await page.keyboard.type(slow.slice(0, 40), { delay: 150 });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1000);
    expect(await page.locator('[data-verdict]').count()).toBe(0);
    await typeLikeScanner(page, makeVac({ reference: ref() }));
    await page.locator('[data-verdict="valid"]').waitFor({ timeout: 15_000 });
  });
});
