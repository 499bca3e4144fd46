// The fleet at scale, on real Mosquitto and PostgreSQL started here (by PID) and the real collector command as
// its own process (so its CPU and memory are its own):
//  1. N simulated kiosks (real MQTT clients, default 2,000; --quick 200), each publishing an hour of buckets and
//     its health: ingest rate, time from a kiosk's publish to the committed row (p50/p95), collector CPU and RSS.
//  2. A year of hourly counts for 200 kiosks (--quick 20) in PostgreSQL: rows, size on disk, and the dashboard's
//     queries (today per site, last 30 days per kiosk) p95.
// `npm run bench -- fleet [--quick]`; `npm run bench -- fleet ingest` or `... fleet year` runs one part only

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
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
    const clients: MqttClient[] = [];
    let collector: ReturnType<typeof spawn> | null = null;
    let out = '';
    const only = h.args.find((a) => a === 'ingest' || a === 'year');
    const startCollectorProcess = async (batch: number | null, clientId: string) => {
      out = '';
      const c = spawn(process.execPath, ['dist/main/cli.mjs', 'fleet-collector', '--broker', mosq.url, '--db', dbUrl, '--port', '0', '--password-file', join(dir, 'pw'), '--client-id', clientId, ...(batch ? ['--batch', String(batch)] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
      c.stdout!.on('data', (d) => (out += d));
      c.stderr!.on('data', (d) => (out += d));
      collector = c;
      while (!out.includes('connected to the broker')) {
        if (c.exitCode !== null) throw new Error(out);
        await new Promise((r) => setTimeout(r, 50));
      }
      return c;
    };
    const stopCollector = async () => {
      const c = collector;
      collector = null;
      if (c && c.exitCode === null) {
        const exited = new Promise((r) => c.once('exit', r));
        c.kill('SIGTERM');
        await exited;
      }
    };
    try {
      if (only !== 'year') {
        // the peer in the same run: the same burst into a collector that commits each message on its own
        // (--batch 1), between two runs of the default group commit, each into a fresh site
        const rounds: [string, number | null][] = [['group commit', null], ['one commit per message', 1], ['group commit', null]];
        for (const [i, [label, batch]] of rounds.entries()) await ingest(i, label, batch);
      }
      if (only !== 'ingest') await year();
    } finally {
      await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
      await stopCollector();
      await mosq.dispose();
      await db.close();
      await pg.dispose();
      rmSync(dir, { recursive: true, force: true });
    }

    async function ingest(round: number, label: string, batch: number | null): Promise<void> {
      const site = `bench-${round}`;
      const c = await startCollectorProcess(batch, `fleet-collector-${round}`);
      const fleet: MqttClient[] = [];
      // connect the fleet in batches (a real fleet does not all boot in the same millisecond either)
      for (let i = 0; i < kiosks; i += 100) {
        fleet.push(...await Promise.all(Array.from({ length: Math.min(100, kiosks - i) }, (_, j) =>
          mqtt.connectAsync(mosq.url, { protocolVersion: 4, clientId: `kiosk-${site}-k${i + j}`, clean: false, keepalive: 60, reconnectPeriod: 0 }))));
      }
      clients.push(...fleet);
      const pid = c.pid!;
      const cpu0 = procCpuSeconds(pid);
      const load0 = loadavg()[0]!;
      const t0 = performance.now();
      // every kiosk publishes at once: sent at t0 (+ the time to hand 4,000 packets to the sockets)
      const sent = Promise.all(fleet.map(async (k, i) => {
        await k.publishAsync(`kiosk/v1/${site}/k${i}/counts`, bucket(i), { qos: 1 });
        await k.publishAsync(`kiosk/v1/${site}/k${i}/health`, health(i), { qos: 1, retain: true });
      }));
      // the time a kiosk's count is first visible (committed) in the database, polled every 50 ms
      const seenAt = new Map<string, number>();
      let peakRss = procRssMb(pid);
      let withHealth = 0;
      while (seenAt.size < kiosks || withHealth < kiosks) {
        const now = performance.now();
        try {
          for (const r of await db.query<{ kiosk: string }>('SELECT DISTINCT kiosk FROM fleet_counts WHERE site = $1', [site])) if (!seenAt.has(r.kiosk)) seenAt.set(r.kiosk, now);
          withHealth = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM fleet_kiosks WHERE site = $1 AND health IS NOT NULL', [site]))[0]!.n);
        } catch {
          // a poll that could not connect in time on the loaded machine: the next one sees the same rows
        }
        peakRss = Math.max(peakRss, procRssMb(pid));
        if (c.exitCode !== null) throw new Error(out);
        await new Promise((r) => setTimeout(r, 50));
      }
      const seconds = (performance.now() - t0) / 1000;
      const cpu = procCpuSeconds(pid) - cpu0;
      await sent;
      const lat = summarise([...seenAt.values()].map((t) => t - t0));
      const tag = `[${label}, round ${round + 1}]`;
      h.report({ label: `ingest ${tag}: ${kiosks} kiosks x (bucket + health)`, unit: 'ops/s', value: (2 * kiosks) / seconds });
      h.report({ label: `publish -> count visible in PostgreSQL ${tag}`, unit: 'ms', median: lat.median, p95: lat.p95, p99: lat.p99 });
      h.report({ label: `collector CPU during ingest ${tag}`, unit: 's', value: cpu });
      h.report({ label: `collector CPU per message ${tag}`, unit: 'ms', value: (cpu * 1000) / (2 * kiosks) });
      h.report({ label: `collector peak RSS ${tag}`, unit: 'MB', value: peakRss });
      h.report({ label: `load average (1 min) at the start ${tag}`, unit: 'count', value: Number(`${load0.toFixed(1)}`) });
      process.stdout.write(`    load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
      await Promise.all(fleet.map((k) => k.endAsync(true).catch(() => undefined)));
      await stopCollector();
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
