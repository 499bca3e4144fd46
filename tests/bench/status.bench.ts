// Status lists at national scale: 1M, 2M and 5M entries, each size in its own process (tests/bench/status/one-size.ts)
// so that its peak RSS is its own, then what a Hong Kong-scale list (7.5M people) would need, by a straight line
// through the measured sizes (every figure here grows linearly with the entries). Targets (issue 4), for 1M: load +
// verify under 1.5 s, one lookup under 5 µs, memory held by the loaded list under 64 MB.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench } from './harness.ts';

const here = dirname(fileURLToPath(import.meta.url));

interface Dist { median: number; p95: number; p99: number }
interface SizeResult {
  n: number; buildMs: number; fileBytes: number; maxListMiB: number; indexBytes: number; heldBytes: number;
  rssAtStart: number; rssPeak: number; rssEnd: number; load: Dist; pure: number | null; hit: Dist; miss: Dist; byHash: Dist; search: Dist;
}

function child(args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'status', 'one-size.ts'), ...args], {
    encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`status bench ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

/** Builds the list in one process, loads it in another (whose RSS is then the kiosk's alone). */
function runSize(n: number, loads: number, rounds: number, pure: boolean): SizeResult {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-status-bench-'));
  try {
    const file = join(dir, 'list.json');
    const built = child(['build', String(n), file]);
    const loaded = child(['load', file, String(n), String(loads), String(rounds), ...(pure ? ['--pure'] : [])]);
    return { ...loaded, buildMs: built.buildMs } as unknown as SizeResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** least squares y = a + b·x */
function line(xs: number[], ys: number[]): (x: number) => number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n, my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0, den = 0;
  for (let i = 0; i < n; i++) { num += (xs[i]! - mx) * (ys[i]! - my); den += (xs[i]! - mx) ** 2; }
  const b = den === 0 ? 0 : num / den;
  return (x) => my + b * (x - mx);
}

const MB = 1e6;
const label = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

const bench: Bench = {
  name: 'status',
  async run(h) {
    const sizes = h.quick ? [100_000, 200_000] : [1_000_000, 2_000_000, 5_000_000];
    const results: SizeResult[] = [];
    for (const n of sizes) {
      const r = runSize(n, h.quick ? 1 : 3, h.quick ? 30 : 300, n === sizes[0]);
      results.push(r);
      const L = label(n);
      const first = n === sizes[0];
      h.report({ label: `${L}: build + sign the list (authority side, once)`, unit: 'ms', value: r.buildMs });
      h.report({ label: `${L}: list file size`, unit: 'MB', value: r.fileBytes / MB });
      h.report({ label: `${L}: caps it needs (statusSync.maxListMiB)`, unit: 'count', value: r.maxListMiB });
      h.report({
        label: `${L}: load + verify (kiosk, node:crypto SHA-256)`, unit: 'ms', median: r.load.median, p95: r.load.p95, p99: r.load.p99,
        ...(first && !h.quick ? { target: '< 1500 ms (1M)', met: r.load.p95 < 1500 } : {}),
      });
      if (r.pure !== null) h.report({ label: `${L}: load + verify, pure SHA-256 (no node:crypto)`, unit: 'ms', value: r.pure });
      h.report({
        label: `${L}: memory held by the loaded list (heap + buffers)`, unit: 'MB', value: r.heldBytes / MB,
        ...(first && !h.quick ? { target: '< 64 MB (1M)', met: r.heldBytes / MB < 64 } : {}),
      });
      h.report({ label: `${L}: index arrays (25 bytes per entry)`, unit: 'MB', value: r.indexBytes / MB });
      h.report({ label: `${L}: process RSS at start (Node, tsx, the code)`, unit: 'MB', value: r.rssAtStart / MB });
      h.report({ label: `${L}: process RSS peak, read file + first load`, unit: 'MB', value: r.rssPeak / MB });
      h.report({ label: `${L}: process RSS at the end (list loaded)`, unit: 'MB', value: r.rssEnd / MB });
      h.report({
        label: `${L}: full lookup (identity hash + search), listed`, unit: 'us', ...r.hit,
        ...(first && !h.quick ? { target: 'median < 5 us', met: r.hit.median < 5 } : {}),
      });
      h.report({ label: `${L}: full lookup, not listed`, unit: 'us', ...r.miss });
      h.report({ label: `${L}: lookup by hash (search + evaluate)`, unit: 'us', ...r.byHash });
      h.report({ label: `${L}: binary search alone, random probes`, unit: 'us', ...r.search });
    }
    // Hong Kong scale: 7.5 million people
    const xs = results.map((r) => r.n);
    const at = (f: (r: SizeResult) => number) => line(xs, results.map(f))(7_500_000);
    const file = at((r) => r.fileBytes);
    h.report({ label: '7.5M (extrapolated): list file size', unit: 'MB', value: file / MB });
    h.report({ label: '7.5M (extrapolated): statusSync.maxListMiB needed', unit: 'count', value: Math.ceil(file / (1024 * 1024)) });
    h.report({ label: '7.5M (extrapolated): load + verify (median)', unit: 'ms', value: at((r) => r.load.median) });
    h.report({ label: '7.5M (extrapolated): memory held', unit: 'MB', value: at((r) => r.heldBytes) / MB });
    h.report({ label: '7.5M (extrapolated): process RSS peak, read file + first load', unit: 'MB', value: at((r) => r.rssPeak) / MB });
  },
};
export default bench;
