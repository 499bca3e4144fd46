// npm run fuzz [-- --scale N] [--seed N] [--only TEXT]: the same targets as the fixed corpus in `npm test`, run
// N times longer (default 50, a few minutes) with a fresh seed. A failure prints the seed and the counterexample to replay:
// FUZZ_SEED=<seed> FUZZ_SCALE=<N> npx vitest run tests/fuzz
import fc from 'fast-check';
import { apiTargets } from './targets/api.ts';
import { imageTargets } from './targets/image.ts';
import { ruleTargets } from './targets/rules.ts';
import { settingsTargets } from './targets/settings.ts';
import { statusTargets } from './targets/status.ts';
import { trustTargets } from './targets/trust.ts';
import type { FuzzTarget } from './targets/types.ts';
import { venueTargets } from './targets/venue.ts';
import { verifyTargets } from './targets/verify.ts';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const scale = Number(opt('scale') ?? '50');
const seed = opt('seed') !== undefined ? Number(opt('seed')) : (Date.now() ^ (process.pid << 8)) >>> 0;
const only = opt('only');

const all: FuzzTarget[] = [...verifyTargets, ...venueTargets, ...trustTargets, ...statusTargets, ...ruleTargets, ...settingsTargets, ...apiTargets, ...imageTargets];
const chosen = all.filter((t) => !only || t.name.includes(only));
const mb = (n: number) => (n / 1048576).toFixed(0);

process.stdout.write(`fuzz: ${chosen.length} targets, scale ${scale}, seed ${seed}\n`);
let failed = 0;
let peakRss = 0;
const t0 = performance.now();
for (const t of chosen) {
  const runs = Math.max(1, Math.round(t.runs * scale));
  const start = performance.now();
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 200);
  try {
    await t.run({ seed, numRuns: runs, endOnFailure: true } as fc.Parameters<unknown>);
    process.stdout.write(`ok    ${t.name.padEnd(80)} ${String(runs).padStart(7)} inputs  ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
  } catch (e) {
    failed++;
    process.stdout.write(`FAIL  ${t.name}\n${e instanceof Error ? e.message : String(e)}\n`);
  } finally {
    clearInterval(sampler);
  }
}
const m = process.memoryUsage();
peakRss = Math.max(peakRss, m.rss);
process.stdout.write(`\n${chosen.length - failed} passed, ${failed} failed in ${((performance.now() - t0) / 1000).toFixed(0)} s; heap ${mb(m.heapUsed)} MB, peak RSS ${mb(peakRss)} MB; seed ${seed}\n`);
if (failed) process.stdout.write(`replay: FUZZ_SEED=${seed} FUZZ_SCALE=${scale} npx vitest run tests/fuzz\n`);
process.exitCode = failed ? 1 : 0;
