// The fleet at scale, on real Mosquitto and PostgreSQL started here (by PID) and the real collector command as
// its own process (so its CPU and memory are its own):
//  1. N simulated kiosks (real MQTT clients, default 2,000; --quick 200), each publishing an hour of buckets and
//     its health: ingest rate, time from a kiosk's publish to the committed row (p50/p95), collector CPU and RSS.
//  2. A year of hourly counts for 200 kiosks (--quick 20) in PostgreSQL: rows, size on disk, and the dashboard's
//     queries (today per site, last 30 days per kiosk) p95.
// `npm run bench -- fleet [--quick]`; `npm run bench -- fleet ingest` or `... fleet year` runs one part only

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { openPostgres } from '../../main/fleet/db.ts';
import { countSeries } from '../../main/fleet/queries.ts';
import { migrateFleetDb } from '../../main/fleet/schema.ts';
import { startMosquitto, startPostgres } from '../support/fleet-services.ts';
import { summarise, type Bench } from './harness.ts';

const TICKS = 100; // /proc/PID/stat clock ticks per second on Linux

function procCpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / TICKS;
}
function procRssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

const health = (i: number) => JSON.stringify({
  v: 1, at: new Date().toISOString(), appVersion: '0.1.0', shell: 'standalone', trust: { demo: false },
  ruleProfile: { id: 'by-date', pinned: false }, statusList: { loaded: true, version: 42, ageSeconds: 600, stale: false },
  devices: [{ kind: 'serial', label: 'Scanner', state: 'connected' }], faults: [], utcOffsetMinutes: 480, config: { siteVersion: 1 },
  ...(i % 2 ? { lastScanAt: new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString() } : {}),
});

const bucket = (i: number) => JSON.stringify({
  v: 1, period: '2026-06-01T10:00',
  rows: [
    { outcome: 'valid', credential: 'hk-vac', source: 'hid-pos', count: 100 + (i % 50) },
    { outcome: 'valid', credential: 'hk-vac', source: 'camera', count: 10 + (i % 7) },
    { outcome: 'invalid', credential: 'hk-vac', source: 'hid-pos', count: i % 5 },
    { outcome: 'exempt', credential: 'hk-mec', source: 'hid-pos', count: 1 + (i % 3) },
    { outcome: 'unreadable', credential: 'unknown', source: 'camera', count: 2 },
  ],
});

const bench: Bench = {
  name: 'fleet',
  onlyWhenNamed: true,
  async run(h) {
    const kiosks = h.quick ? 200 : 2000;
    const yearKiosks = h.quick ? 20 : 200;
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-bench-'));
    const mosq = await startMosquitto();
    const pg = await startPostgres();
    const dbUrl = pg.createDatabase('fleet');
    const db = await openPostgres(dbUrl);
    await migrateFleetDb(db);
    writeFileSync(join(dir, 'pw'), 'bench\n');
    const collector = spawn(process.execPath, ['dist/main/cli.mjs', 'fleet-collector', '--broker', mosq.url, '--db', dbUrl, '--port', '0', '--password-file', join(dir, 'pw')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    collector.stdout!.on('data', (d) => (out += d));
    collector.stderr!.on('data', (d) => (out += d));
    const clients: MqttClient[] = [];
    const only = h.args.find((a) => a === 'ingest' || a === 'year');
    try {
      if (only !== 'year') await ingest();
      if (only !== 'ingest') await year();
    } finally {
      await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
      if (collector.exitCode === null) {
        const exited = new Promise((r) => collector.once('exit', r));
        collector.kill('SIGTERM');
        await exited;
      }
      await mosq.dispose();
      await db.close();
      await pg.dispose();
      rmSync(dir, { recursive: true, force: true });
    }

    async function ingest(): Promise<void> {
      while (!out.includes('connected to the broker')) {
        if (collector.exitCode !== null) throw new Error(out);
        await new Promise((r) => setTimeout(r, 50));
      }
      // connect the fleet in batches (a real fleet does not all boot in the same millisecond either)
      for (let i = 0; i < kiosks; i += 100) {
        clients.push(...await Promise.all(Array.from({ length: Math.min(100, kiosks - i) }, (_, j) =>
          mqtt.connectAsync(mosq.url, { protocolVersion: 4, clientId: `kiosk-bench-k${i + j}`, clean: false, keepalive: 60, reconnectPeriod: 0 }))));
      }
      const pid = collector.pid!;
      const cpu0 = procCpuSeconds(pid);
      const sentAt = new Map<string, number>();
      const t0 = performance.now();
      const wall0 = Date.now();
      await Promise.all(clients.map(async (c, i) => {
        sentAt.set(`k${i}`, Date.now());
        await c.publishAsync(`kiosk/v1/bench/k${i}/counts`, bucket(i), { qos: 1 });
        await c.publishAsync(`kiosk/v1/bench/k${i}/health`, health(i), { qos: 1, retain: true });
      }));
      let peakRss = procRssMb(pid);
      for (;;) {
        const n = (await db.query<{ n: string }>("SELECT count(*) AS n FROM fleet_kiosks WHERE site = 'bench' AND health IS NOT NULL"))[0]!.n;
        const m = (await db.query<{ m: string }>("SELECT count(DISTINCT kiosk) AS m FROM fleet_counts WHERE site = 'bench'"))[0]!.m;
        peakRss = Math.max(peakRss, procRssMb(pid));
        if (Number(n) === kiosks && Number(m) === kiosks) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const seconds = (performance.now() - t0) / 1000;
      const cpu = procCpuSeconds(pid) - cpu0;
      const rows = await db.query<{ kiosk: string; at: Date }>("SELECT kiosk, max(updated_at) AS at FROM fleet_counts WHERE site = 'bench' GROUP BY kiosk");
      const lat = summarise(rows.map((r) => new Date(r.at).getTime() - sentAt.get(r.kiosk)!));
      h.report({ label: `ingest: ${kiosks} kiosks x (bucket + health)`, unit: 'ops/s', value: (2 * kiosks) / seconds });
      h.report({ label: 'publish -> committed row', unit: 'ms', median: lat.median, p95: lat.p95, p99: lat.p99 });
      h.report({ label: 'collector CPU during ingest', unit: 's', value: cpu });
      h.report({ label: 'collector CPU per message', unit: 'ms', value: (cpu * 1000) / (2 * kiosks) });
      h.report({ label: 'collector peak RSS', unit: 'MB', value: peakRss });
      h.report({ label: 'ingest wall time', unit: 's', value: (Date.now() - wall0) / 1000 });
    }

    async function year(): Promise<void> {
      // a year of hourly buckets, 3 combinations an hour, for yearKiosks kiosks at 10 sites
      const t1 = performance.now();
      await db.exec(`INSERT INTO fleet_counts (site, kiosk, period, outcome, credential, source, count)
        SELECT 'site-' || (k % 10), 'k' || k, timestamp '2026-01-01 00:00' + (h || ' hours')::interval, o.outcome, 'hk-vac', 'hid-pos', 1 + ((k + h) % 40)
        FROM generate_series(1, ${yearKiosks}) AS k, generate_series(0, 8759) AS h, (VALUES ('valid'), ('invalid'), ('exempt')) AS o(outcome)`);
      await db.exec('ANALYZE fleet_counts');
      const loadS = (performance.now() - t1) / 1000;
      const n = (await db.query<{ n: string }>('SELECT count(*) AS n FROM fleet_counts'))[0]!.n;
      const bytes = (await db.query<{ bytes: string }>("SELECT pg_total_relation_size('fleet_counts') AS bytes"))[0]!.bytes;
      h.report({ label: `a year for ${yearKiosks} kiosks: rows`, unit: 'count', value: Number(n) });
      h.report({ label: 'a year: size on disk (table + indexes)', unit: 'MB', value: Number(bytes) / 1e6 });
      h.report({ label: 'a year: bulk load', unit: 's', value: loadS });
      const todayPerSite: number[] = [];
      const last30PerKiosk: number[] = [];
      const iterations = h.quick ? 20 : 100;
      // interleaved, query by query, with varying sites, kiosks and days
      for (let i = 0; i < iterations; i++) {
        const day = new Date(Date.UTC(2026, 0, 31 + (i * 7) % 300)).toISOString().slice(0, 10);
        let s = performance.now();
        await db.query(`SELECT site, outcome, sum(count) FROM fleet_counts WHERE site = $1 AND period >= $2::timestamp AND period < $2::timestamp + interval '1 day' GROUP BY site, outcome`, [`site-${i % 10}`, day]);
        todayPerSite.push(performance.now() - s);
        const from = new Date(Date.parse(day) - 29 * 86_400_000).toISOString().slice(0, 10);
        s = performance.now();
        await countSeries(db, { site: `site-${(i * 3 + 1) % 10}`, kiosk: `k${(i * 3 + 1) % yearKiosks || 10}`, from, to: day, by: 'day' });
        last30PerKiosk.push(performance.now() - s);
      }
      const a = summarise(todayPerSite);
      const b = summarise(last30PerKiosk);
      h.report({ label: 'dashboard: today per site', unit: 'ms', median: a.median, p95: a.p95, p99: a.p99 });
      h.report({ label: 'dashboard: last 30 days per kiosk', unit: 'ms', median: b.median, p95: b.p95, p99: b.p99 });
    }
  },
};

export default bench;
