// npm run bench [-- NAME...] [--json] [--quick]: runs every tests/bench/*.bench.ts (or the named ones).
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { time, type Bench, type Result } from './harness.ts';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const json = argv.includes('--json');
const quick = argv.includes('--quick');
const names = argv.filter((a) => !a.startsWith('--'));

function fmt(n: number | undefined): string {
  if (n === undefined || Number.isNaN(n)) return '-';
  return n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toFixed(4);
}

const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort();
// every figure is printed with the 1-minute load average when it was reported: a loaded machine's tails are
// other processes' time slices
const results: (Result & { bench: string; load: number })[] = [];
const started = performance.now();
let failed = 0;
for (const f of files) {
  const bench = (await import(pathToFileURL(join(here, f)).href)).default as Bench;
  const wanted = names.length === 0 ? !bench.onlyWhenNamed : names.includes(bench.name);
  if (!wanted) continue;
  const benchStart = performance.now();
  if (!json) process.stdout.write(`\n## ${bench.name} (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})\n`);
  try {
    await bench.run({
      time, quick, args: names.filter((n) => n !== bench.name),
      report(r) {
        const load = loadavg()[0]!;
        results.push({ ...r, bench: bench.name, load });
        if (json) return;
        const dist = r.median !== undefined ? `median ${fmt(r.median)} ${r.unit}  p95 ${fmt(r.p95)}  p99 ${fmt(r.p99)}` : `${fmt(r.value)} ${r.unit}`;
        const peer = r.peer ? (r.ratio === undefined ? `  ${r.peer}` : `  ${fmt(r.ratio)}x vs ${r.peer}`) : '';
        const target = r.target ? `  target ${r.target}: ${r.met === undefined ? '?' : r.met ? 'met' : 'NOT met'}` : '';
        process.stdout.write(`${r.label.padEnd(48)} ${dist}${peer}${target}  [load ${load.toFixed(1)}]\n`);
      },
    });
  } catch (e) {
    failed++;
    process.stderr.write(`bench ${bench.name} failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  }
  if (!json) process.stdout.write(`(${bench.name}: ${((performance.now() - benchStart) / 1000).toFixed(0)} s)\n`);
}
if (!json) process.stdout.write(`\nall benches: ${((performance.now() - started) / 1000).toFixed(0)} s, load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
if (json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
process.exitCode = failed ? 1 : 0;
