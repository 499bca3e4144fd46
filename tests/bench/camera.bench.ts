// npm run bench -- camera [quick | reduced | cell=KIND:SHARE%:SIGMA[:NOISE[:SCREEN[:TILT]]]...]: the camera grid. Each cell is a Y4M stream generated here (tests/input/scene.ts:
// a phone's code at a share of a 1280x720 frame, blurred, noisy, dim or glaring, tilted, the hand's jitter) played
// by Chromium's fake camera into the real renderer capture and decode path (a Vite build of renderer/input, served
// under the app's CSP). Three pipelines per cell, in the same browser, in an order that rotates from cell to cell:
// the kiosk's decoder, zxing-wasm's defaults on single whole frames, and the pipeline as it was before issue 14.
// Per cell: the share of decoded frames that gave the right text, and the time from the first frame (once the
// decoder is loaded) to the page having the right text from a frame (the camera passes it on at once; the core's
// verdict event follows ~1 ms later, see the hardware bench).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBrowser } from '../support/browser.ts';
import { startHarness } from '../input/harness.ts';
import { payload, qrVersion, sceneFrames, writeLumaY4m, type PayloadKind, type SceneOptions } from '../input/scene.ts';
import type { Bench } from './harness.ts';

type Impl = 'regions' | 'single' | 'baseline';
const IMPLS: Impl[] = ['regions', 'single', 'baseline'];
const W = 1280;
const H = 720;
/** how long each pipeline watches each stream */
const WINDOW_MS = 2000;

interface Cell {
  kind: PayloadKind;
  share: number;
  blur: number;
  noise: number;
  screen: SceneOptions['screen'];
  tilt: number;
}
export interface CellResult extends Cell {
  pxPerModule: number;
  version: number;
  results: Record<Impl, { frames: number; read: number; ms: number | null; decodeMs: number }>;
  /** the machine's 1-minute load average when the cell finished (figures are only comparable within a run) */
  load: number;
}

/** Middle cells, one per payload: each other condition (noise, screen, tilt) is varied on its own around it. */
const MIDDLE: Record<PayloadKind, { share: number; blur: number }> = {
  'hk-vac': { share: 0.24, blur: 1.0 },
  'eu-dcc': { share: 0.3, blur: 1.0 },
  shc: { share: 0.3, blur: 1.0 },
};

function grid(quick: boolean, reduced: boolean): Cell[] {
  const kinds: PayloadKind[] = ['hk-vac', 'eu-dcc', 'shc'];
  const cells: Cell[] = [];
  // not the full product of the issue's conditions (5 sizes x 4 blurs x 3 noises x 3 screens x 2 tilts x 3
  // payloads, over 1,000 cells, ~10 h here): size and blur together for every payload, at 12% only the two
  // lighter blurs (heavier ones read nowhere), then each other condition on its own around the payload's middle cell
  const shares = quick ? [0.18, 0.3] : reduced ? [0.18, 0.24, 0.3] : [0.12, 0.18, 0.24, 0.3];
  const blurs = quick ? [1.0] : reduced ? [0.5, 1.0, 1.6] : [0.5, 1.0, 1.3, 1.6];
  for (const kind of kinds) {
    for (const share of shares) for (const blur of blurs) if (share > 0.12 || blur <= 1.0) cells.push({ kind, share, blur, noise: 6, screen: 'normal', tilt: 0 });
    if (quick || (reduced && kind !== 'hk-vac')) continue;
    const mid: Cell = { kind, ...MIDDLE[kind], noise: 6, screen: 'normal', tilt: 0 };
    cells.push({ ...mid, noise: 3 }, { ...mid, noise: 9 }, { ...mid, screen: 'dim' }, { ...mid, screen: 'glare' }, { ...mid, tilt: 8 }, { ...mid, tilt: 15 });
  }
  return cells;
}

/** The stream's seed from the cell itself, so that a cell run on its own (cell=...) sees the same frames as in the grid. */
function seedOf(c: Cell): number {
  let x = 2166136261;
  for (const ch of `${c.kind}|${c.share}|${c.blur}|${c.noise}|${c.screen}|${c.tilt}`) x = Math.imul(x ^ ch.charCodeAt(0), 16777619) >>> 0;
  return x;
}

/** `cell=KIND:SHARE%:SIGMA[:NOISE[:SCREEN[:TILT]]]` arguments (e.g. cell=eu-dcc:30:1.0): only those cells. */
function picked(args: string[]): Cell[] | null {
  const cells = args
    .filter((a) => a.startsWith('cell='))
    .map((a) => {
      const [kind, share, blur, noise, screen, tilt] = a.slice(5).split(':');
      return { kind: kind as PayloadKind, share: Number(share) / 100, blur: Number(blur), noise: Number(noise ?? 6), screen: (screen ?? 'normal') as SceneOptions['screen'], tilt: Number(tilt ?? 0) };
    });
  return cells.length ? cells : null;
}

const bench: Bench = {
  name: 'camera',
  onlyWhenNamed: true,
  async run(h) {
    const quick = h.quick || h.args.includes('quick');
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-cam-'));
    const page = await startHarness(resolve(import.meta.dirname, 'camera', 'page'));
    const out: CellResult[] = [];
    try {
      const cells = picked(h.args) ?? grid(quick, h.args.includes('reduced'));
      for (const [n, c] of cells.entries()) {
        const p = payload(c.kind);
        const version = qrVersion(p.text, p.ecl);
        const file = join(dir, 'cell.y4m');
        // 15 frames at 15 fps: the fake camera loops them (1 s of a steady hand)
        writeLumaY4m(file, sceneFrames(p.text, { width: W, height: H, symbolShare: c.share, blurSigma: c.blur, noise: c.noise, screen: c.screen, tiltDeg: c.tilt, ecl: p.ecl, seed: seedOf(c) }, 15), W, H);
        const browser = await launchBrowser({ fakeCameraY4m: file });
        const results = {} as CellResult['results'];
        try {
          // rotate the order so that no pipeline always runs first (or last) on a warm browser
          const order = IMPLS.map((_, i) => IMPLS[(i + n) % IMPLS.length]!);
          for (const impl of order) {
            const tab = await browser.newPage();
            await tab.goto(`${page.url}?impl=${impl}`);
            await tab.waitForFunction(() => (window as unknown as { bench: { t0?: number } }).bench.t0 !== undefined, undefined, { timeout: 30_000 });
            await tab.waitForTimeout(WINDOW_MS);
            const r = await tab.evaluate(() => (window as unknown as { bench: { t0: number; frames: { text: string | null; ms: number; grabbedAt: number; doneAt: number }[]; texts: { text: string; at: number }[] } }).bench);
            await tab.close();
            const inWindow = r.frames.filter((f) => f.grabbedAt - r.t0 <= WINDOW_MS);
            // the first right frame grabbed at or after time zero (the baseline decodes a frame while its decoder loads)
            const first = r.frames.find((f) => f.grabbedAt >= r.t0 && f.text === p.text);
            const wrong = r.texts.filter((t) => t.text !== p.text).length;
            if (wrong) throw new Error(`${impl} read a wrong text in cell ${JSON.stringify(c)}`);
            const ms = first && first.doneAt - r.t0 <= WINDOW_MS ? first.doneAt - r.t0 : null;
            const decodeMs = inWindow.length ? inWindow.reduce((a, f) => a + f.ms, 0) / inWindow.length : 0;
            results[impl] = { frames: inWindow.length, read: inWindow.filter((f) => f.text === p.text).length, ms, decodeMs };
          }
        } finally {
          await browser.close();
        }
        const pxPerModule = (c.share * H) / (version * 4 + 17);
        const row: CellResult = { ...c, version, pxPerModule, results, load: loadavg()[0]! };
        out.push(row);
        // written after every cell: a run stopped early keeps what it measured
        if (process.env.CAMERA_BENCH_JSON) writeFileSync(process.env.CAMERA_BENCH_JSON, JSON.stringify(out, null, 2));
        const fmt = (i: Impl) => {
          const x = results[i];
          return `${x.read}/${x.frames} ${x.ms === null ? '-' : `${Math.round(x.ms)} ms`} (${x.decodeMs.toFixed(0)} ms/frame)`;
        };
        const label = `camera ${c.kind} ${Math.round(c.share * 100)}% ${pxPerModule.toFixed(2)}px/mod s${c.blur} n${c.noise} ${c.screen} t${c.tilt}`;
        h.report({ label, unit: 'ms', ...(results.regions.ms !== null ? { value: results.regions.ms } : {}), peer: `single ${fmt('single')}; baseline ${fmt('baseline')}; ours ${fmt('regions')}; load ${loadavg()[0]!.toFixed(1)}` });
      }
    } finally {
      await page.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default bench;
