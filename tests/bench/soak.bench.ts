// Soak: 200,000 scans through the real kiosk core (real SQLite counts in a temp dir, real verifier, demo keys)
// with mixed outcomes and sources and a serial scanner that drops and reconnects, sampling heap and RSS after a
// forced GC. Reports growth after warm-up; the issue's target is no upward trend. `npm run bench -- soak`.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { DeviceStatus } from '../../main/api/state.ts';
import { SOURCES } from '../../main/api/verdict.ts';
import { createKioskCore } from '../../main/kiosk/core.ts';
import { DEMO_VENUE_CODE } from '../../main/venue/demo.ts';
import { makeEvt, makeMec, makeVac } from '../fixtures/hk/sign.ts';
import { dccVectors, shcExamples } from '../fuzz/support.ts';
import type { Bench } from './harness.ts';
import { pageSoak } from './soak/page.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function pool(): string[] {
  const texts: string[] = [];
  for (let i = 0; i < 40; i++) texts.push(makeVac({ reference: `DEMOSOAK${String(i).padStart(6, '0')}` }));
  for (let i = 0; i < 10; i++) texts.push(makeMec({ reference: `DEMOSOAKM${String(i).padStart(5, '0')}` }));
  texts.push(makeEvt(), makeVac({ doses: [{ date: '01-06-2021', code: 'BNT' }], total: 1 }));
  texts.push(makeVac().replace('CHAN T** M**', 'CHAN X** M**'), 'HKSARG|VAC|garbage', 'not a pass', '', 'x'.repeat(16_000));
  texts.push(...dccVectors().slice(0, 20).map((v) => v.prefix), ...shcExamples(), DEMO_VENUE_CODE);
  return texts;
}

const MB = 1024 * 1024;

function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0, den = 0;
  for (let i = 0; i < n; i++) { num += (xs[i]! - mx) * (ys[i]! - my); den += (xs[i]! - mx) ** 2; }
  return den === 0 ? 0 : num / den;
}

const bench: Bench = {
  name: 'soak',
  onlyWhenNamed: true,
  async run(h) {
    const total = h.quick ? 5_000 : Number(h.args.find((a) => /^\d+$/.test(a)) ?? 200_000);
    // `soak page [N]`: through the WebSocket into the real kiosk with its screen open in Chromium (tests/bench/soak/page.ts)
    if (h.args.includes('page')) return pageSoak(h, h.args.find((a) => /^\d+$/.test(a)) ? total : h.quick ? 2_000 : 200_000);
    const every = Math.max(500, Math.floor(total / 40));
    // `step=MS`: mean gap between scans (default 1000 ms); a larger one covers more days of buckets per scan
    const step = Number(h.args.find((a) => a.startsWith('step='))?.slice(5) ?? 1000);
    const warmup = Math.floor(total / 10);
    // memory is what this measures: on tmpfs SQLite's fsync per count (~4 ms on a disk) does not stretch the run to
    // twenty minutes; the writes, transactions and file checks are the same
    const base = existsSync('/dev/shm') && !h.args.includes('disk') ? '/dev/shm' : tmpdir();
    const dataDir = mkdtempSync(join(base, 'kiosk-soak-'));
    let now = Date.parse('2022-12-05T01:00:00Z');
    const core = await createKioskCore({ dataDir, shell: 'cli', clock: () => now, log: { info() {}, warn() {}, error() {} } });
    const texts = pool();
    const outcomes: Record<string, number> = {};
    let events = 0;
    core.onEvent(() => { events++; });
    const serial = (state: DeviceStatus['state']): DeviceStatus[] => [{ id: 'serial:/dev/ttyACM0', kind: 'serial', label: 'Soak scanner', state }];
    core.setDevices(serial('connected'));

    const samples: { scans: number; heap: number; rss: number }[] = [];
    const sample = (scans: number) => {
      gc();
      const m = process.memoryUsage();
      samples.push({ scans, heap: m.heapUsed, rss: m.rss });
    };
    const t0 = performance.now();
    let x = 0x2545f491;
    for (let i = 0; i < total; i++) {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5; // xorshift: a fixed, reproducible mix
      const r = x >>> 0;
      const text = texts[r % texts.length]!;
      const source = SOURCES[(r >>> 8) % SOURCES.length]!;
      // the serial scanner drops every 5,000 scans and is back 50 scans later
      if (i % 5000 === 4950) core.setDevices(serial('disconnected'));
      if (i % 5000 === 0 && i > 0) core.setDevices(serial('connected'));
      const ev = await core.submitScan({ text, source, deviceId: source === 'serial' ? 'serial:/dev/ttyACM0' : source, at: now });
      outcomes[ev.verdict.outcome] = (outcomes[ev.verdict.outcome] ?? 0) + 1;
      now += step + (r % step); // default one scan every 1-2 s: 200,000 scans are about 3.5 days of a busy door
      if (i % every === 0 || i === total - 1) sample(i + 1);
    }
    const seconds = (performance.now() - t0) / 1000;
    const stateOk = core.state().ready;
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (!stateOk) throw new Error('core not ready at the end of the soak');

    const after = samples.filter((s) => s.scans >= warmup);
    const first = after[0]!, last = after[after.length - 1]!;
    const heapSlope = slope(after.map((s) => s.scans), after.map((s) => s.heap)) * 100_000 / MB;
    const rssSlope = slope(after.map((s) => s.scans), after.map((s) => s.rss)) * 100_000 / MB;
    h.report({ label: `soak: scans through the core (data dir on ${base})`, unit: 'count', value: total });
    h.report({ label: 'soak: simulated days of scanning', unit: 'count', value: (now - Date.parse('2022-12-05T01:00:00Z')) / 86_400_000 });
    h.report({ label: 'soak: throughput', unit: 'ops/s', value: total / seconds });
    h.report({ label: 'soak: verdict events emitted', unit: 'count', value: events });
    h.report({ label: `soak: heap after warm-up (${first.scans} scans)`, unit: 'MB', value: first.heap / MB });
    h.report({ label: 'soak: heap at the end', unit: 'MB', value: last.heap / MB });
    h.report({ label: 'soak: heap growth after warm-up', unit: 'MB', value: (last.heap - first.heap) / MB, target: '< 5 MB', met: (last.heap - first.heap) / MB < 5 });
    h.report({ label: 'soak: heap trend after warm-up (per 100k scans)', unit: 'MB', value: heapSlope, target: '< 1 MB per 100k', met: heapSlope < 1 });
    h.report({ label: `soak: RSS after warm-up`, unit: 'MB', value: first.rss / MB });
    h.report({ label: 'soak: RSS at the end', unit: 'MB', value: last.rss / MB });
    h.report({ label: 'soak: RSS trend after warm-up (per 100k scans)', unit: 'MB', value: rssSlope });
    if (!h.quick) process.stdout.write(`outcomes: ${JSON.stringify(outcomes)}\nsamples (scans, heap MB, RSS MB):\n${samples.map((s) => `  ${s.scans}\t${(s.heap / MB).toFixed(1)}\t${(s.rss / MB).toFixed(1)}`).join('\n')}\n`);
  },
};
export default bench;
