// Aggregated counts: increments per second (one transaction per verdict, and batched), and the database size
// after a simulated year of a busy venue (hourly buckets kept 31 days, daily totals kept).
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CREDENTIALS, OUTCOMES, SOURCES } from '../../main/api/verdict.ts';
import { openStatsStore, type StatsEvent } from '../../main/stats/index.ts';
import type { Bench } from './harness.ts';

const dirBytes = (dir: string): number => readdirSync(dir).reduce((a, f) => a + statSync(join(dir, f)).size, 0);

// a deterministic mix: mostly valid HK passes from the scanner, some of everything else
function mix(i: number): Omit<StatsEvent, 'at'> {
  const r = (i * 2654435761) >>> 0;
  return {
    outcome: r % 10 < 8 ? 'valid' : OUTCOMES[r % OUTCOMES.length]!,
    credential: r % 7 < 5 ? 'hk-vac' : CREDENTIALS[(r >>> 3) % CREDENTIALS.length]!,
    source: r % 5 < 3 ? 'hid-pos' : SOURCES[(r >>> 5) % SOURCES.length]!,
  };
}

function simulateYear(keysPerHour: number, scansPerHour: number): { bytes: number; seconds: number } {
  const dir = mkdtempSync(join(tmpdir(), 'stats-year-'));
  let now = new Date(2026, 0, 1, 0).getTime();
  // size does not depend on fsync: skip it so that a year simulates in seconds
  const s = openStatsStore({ dataDir: dir, now: () => now, sync: 'normal' });
  const t0 = performance.now();
  for (let h = 0; h < 365 * 24; h++) {
    now += 3_600_000;
    const hour = new Date(now).getHours();
    if (hour < 8 || hour > 22) continue; // open 08:00-22:59
    const events: StatsEvent[] = [];
    for (let i = 0; i < scansPerHour; i++) {
      const e = keysPerHour >= 343 ? { outcome: OUTCOMES[i % 7]!, credential: CREDENTIALS[Math.floor(i / 7) % 7]!, source: SOURCES[Math.floor(i / 49) % 7]! } : mix((i % keysPerHour) + h * 31);
      events.push({ ...e, at: now });
    }
    s.recordBatch(events);
  }
  const seconds = (performance.now() - t0) / 1000;
  s.close();
  const bytes = dirBytes(dir);
  rmSync(dir, { recursive: true, force: true });
  return { bytes, seconds };
}

const bench: Bench = {
  name: 'stats',
  async run(h) {
    const dir = mkdtempSync(join(tmpdir(), 'stats-bench-'));
    try {
      const s = openStatsStore({ dataDir: dir });
      let i = 0;
      const single = await h.time(() => s.record({ ...mix(i++), at: Date.now() }), { iterations: h.quick ? 200 : 3000, warmup: 50 });
      h.report({ label: 'record(): one committed transaction each', unit: 'ms', median: single.median, p95: single.p95, p99: single.p99 });
      h.report({ label: 'increments/s, single (synchronous=FULL)', unit: 'ops/s', value: 1000 / single.mean, target: '> 200/s (a busy door)', met: 1000 / single.mean > 200 });
      const batch = Array.from({ length: 100 }, (_, k) => ({ ...mix(k), at: Date.now() }));
      const batched = await h.time(() => s.recordBatch(batch), { iterations: h.quick ? 20 : 300, warmup: 5 });
      h.report({ label: 'increments/s, batched 100 per transaction', unit: 'ops/s', value: (100 * 1000) / batched.mean });
      if (s.fault()) throw new Error(`store faulted during the bench: ${s.fault()}`);
      s.close();
      // the kiosk's setting: group commit within 100 ms. record() on the scan path, and the commit that follows
      // (one fsync'd transaction for the whole window), timed separately
      const g = openStatsStore({ dataDir: dir, fileName: 'group.db', commitMs: 100 });
      let k = 0;
      const rec = await h.time(() => g.record({ ...mix(k++), at: Date.now() }), { iterations: h.quick ? 200 : 3000, warmup: 50 });
      h.report({ label: 'record() with group commit (the scan path)', unit: 'ms', median: rec.median, p95: rec.p95, p99: rec.p99, peer: 'record() committing each', ratio: single.median / rec.median });
      const commits: number[] = [];
      for (let n = 0; n < (h.quick ? 10 : 100); n++) {
        for (let m = 0; m < 5; m++) g.record({ ...mix(k++), at: Date.now() }); // a busy window: 5 scans
        const t0 = performance.now();
        g.flush();
        commits.push(performance.now() - t0);
      }
      commits.sort((a, b) => a - b);
      h.report({ label: 'group commit of a 5-scan window (timer, off the scan)', unit: 'ms', median: commits[commits.length >> 1], p95: commits[Math.floor(commits.length * 0.95)] });
      g.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // realistic: ~120 scans an hour over ~12 distinct outcome/credential/source keys, 15 hours a day
    const year = simulateYear(12, 120);
    h.report({ label: 'db size after a simulated year (typical mix)', unit: 'bytes', value: year.bytes, target: '< 5 MB', met: year.bytes < 5e6 });
    h.report({ label: 'simulated year, wall time', unit: 's', value: year.seconds });
    if (!h.quick) {
      // worst case: every outcome x credential x source combination every open hour
      const worst = simulateYear(343, 343);
      h.report({ label: 'db size after a simulated year (all 343 keys/h)', unit: 'bytes', value: worst.bytes, target: '< 50 MB', met: worst.bytes < 50e6 });
    }
  },
};
export default bench;
