// The benchmark harness: each *.bench.ts file exports a Bench; run.ts finds them, runs them and prints
// median / p95 / p99 and ratios against named peers measured in the same run.
export interface Result {
  /** what was measured, e.g. "verify HK VAC (valid)" */
  label: string;
  unit: 'ms' | 'us' | 'MB' | 'ops/s' | 's' | 'bytes' | 'count';
  median?: number;
  p95?: number;
  p99?: number;
  /** single figure when a distribution makes no sense (memory, size, throughput) */
  value?: number;
  /** peer measured in the same run and how many times faster we are (peer median / our median) */
  peer?: string;
  ratio?: number;
  /** the target, stated for the reader, e.g. "p99 < 0.5 ms" */
  target?: string;
  met?: boolean;
}

export interface Harness {
  /** times fn `iterations` times after `warmup` runs; returns milliseconds */
  time(fn: () => unknown, opts?: { iterations?: number; warmup?: number }): Promise<Stats>;
  report(r: Result): void;
  /** --quick: fewer iterations (used by the smoke test) */
  quick: boolean;
  /** extra args after the bench name, e.g. `npm run bench -- soak` */
  args: string[];
}

export interface Stats { median: number; p95: number; p99: number; mean: number; n: number; samples: number[] }

export interface Bench {
  name: string;
  /** benches that take minutes run only when named explicitly */
  onlyWhenNamed?: boolean;
  run(h: Harness): Promise<void>;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarise(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  return { median: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), mean, n: s.length, samples };
}

export async function time(fn: () => unknown, opts: { iterations?: number; warmup?: number } = {}): Promise<Stats> {
  const { iterations = 1000, warmup = Math.min(200, iterations) } = opts;
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    const r = fn();
    if (r instanceof Promise) await r;
    samples.push(performance.now() - t0);
  }
  return summarise(samples);
}

/**
 * Times several functions doing the same work, interleaved call by call (the order rotating each round), so that
 * garbage collection, JIT tiers and other processes' load land on all of them alike. Equal warm-up for each.
 */
export async function interleave(fns: Record<string, () => unknown>, opts: { iterations?: number; warmup?: number } = {}): Promise<Record<string, Stats>> {
  const { iterations = 1000, warmup = Math.min(200, iterations) } = opts;
  const names = Object.keys(fns);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < warmup + iterations; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length]!;
      const t0 = performance.now();
      const r = fns[name]!();
      if (r instanceof Promise) await r;
      if (i >= warmup) samples[name]!.push(performance.now() - t0);
    }
  }
  return Object.fromEntries(names.map((n) => [n, summarise(samples[n]!)]));
}
