// The fleet's faults at scale, with real processes started here by PID: N simulated kiosks (real MQTT clients, each
// with its own hour buckets and the real count publisher, main/fleet/count-publisher.ts) keep scanning while
//  1. Mosquitto is stopped for --outage-s seconds (default 600: the 10 minutes; --quick 15),
//  2. the collector process is killed with SIGKILL and started again,
//  3. PostgreSQL is stopped and started again;
// one kiosk's clock is an hour ahead throughout. Afterwards the database must equal the sum of every kiosk's own
// buckets, exactly (every bucket, every row). Reports the scans, the time to converge after the last fault, and the
// number of buckets that differ (the target is 0).
// `npm run bench -- fleet-faults [--quick] [--outage-s N] [--kiosks N]`
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { StatsRow } from '../../main/api/state.ts';
import { createCountPublisher, type CountPublisher } from '../../main/fleet/count-publisher.ts';
import { openPostgres } from '../../main/fleet/db.ts';
import { startMosquitto, startPostgres } from '../support/fleet-services.ts';
import type { Bench } from './harness.ts';

const HOUR = 3_600_000;
const OUTCOMES = ['valid', 'invalid', 'exempt', 'unreadable'] as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const localHour = (ms: number) => {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:00`;
};

interface SimKiosk {
  id: string;
  skewMs: number;
  /** period -> outcome -> count: the kiosk's own database */
  own: Map<string, Map<string, number>>;
  client: MqttClient;
  publisher: CountPublisher;
  changed: boolean;
}

const arg = (args: string[], name: string): number | undefined => {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const v = args[i]!.includes('=') ? args[i]!.split('=')[1] : args[i + 1];
  return Number(v);
};

const bench: Bench = {
  name: 'fleet-faults',
  onlyWhenNamed: true,
  async run(h) {
    const argv = process.argv.slice(2);
    const n = arg(argv, '--kiosks') ?? (h.quick ? 50 : 200);
    const outageS = arg(argv, '--outage-s') ?? (h.quick ? 15 : 600);
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-faults-'));
    const mosq = await startMosquitto();
    const pg = await startPostgres();
    const dbUrl = pg.createDatabase('fleet');
    writeFileSync(join(dir, 'pw'), 'bench\n');
    let collector: ChildProcess | null = null;
    /** set when the bench itself stops the collector (it exits 0 on SIGTERM, which is not a finding) */
    let stopping = false;
    const startCollectorProcess = async () => {
      let out = '';
      const c = spawn(process.execPath, ['dist/main/cli.mjs', 'fleet-collector', '--broker', mosq.url, '--db', dbUrl, '--port', '0', '--password-file', join(dir, 'pw')], { stdio: ['ignore', 'pipe', 'pipe'] });
      c.stdout!.on('data', (d) => (out += d));
      c.stderr!.on('data', (d) => (out += d));
      // a collector that ends on its own is a finding: say so, with its last words
      c.on('exit', (code, sig) => { if (!stopping && sig !== 'SIGKILL' && sig !== 'SIGTERM') log(`collector exited by itself (${code ?? sig}): ${out.slice(-400)}`); });
      collector = c;
      while (!out.includes('connected to the broker')) {
        if (c.exitCode !== null) throw new Error(out);
        await sleep(50);
      }
    };
    const kiosks: SimKiosk[] = [];
    let scanning = true;
    let scans = 0;
    const log = (l: string) => process.stdout.write(`    ${new Date().toISOString().slice(11, 19)} ${l} (load ${loadavg()[0]!.toFixed(1)})\n`);
    try {
      await startCollectorProcess();
      for (let i = 0; i < n; i++) {
        const id = `k${i}`;
        const kdir = join(dir, id);
        mkdirSync(kdir);
        const own = new Map<string, Map<string, number>>();
        const client = mqtt.connect(mosq.url, { protocolVersion: 4, clientId: `kiosk-faults-${id}`, clean: false, keepalive: 30, reconnectPeriod: 1000 });
        const k: SimKiosk = {
          id, skewMs: i === 0 ? HOUR : 0, own, client, changed: false,
          publisher: createCountPublisher({
            dataDir: kdir,
            topic: `kiosk/v1/faults/${id}/counts`,
            stats: { query: () => [...own.entries()].flatMap(([period, m]) => [...m.entries()].map(([outcome, count]) => ({ period, outcome, credential: 'hk-vac', source: 'serial', count }) as StatsRow)) },
            publish: (topic, payload) => new Promise((res, rej) => client.publish(topic, payload, { qos: 1 }, (e) => (e ? rej(e) : res()))),
          }),
        };
        // like the kiosk agent: catch up on every (re)connect
        client.on('connect', () => { void k.publisher.sync().catch(() => undefined); });
        client.on('error', () => undefined);
        kiosks.push(k);
      }
      while (!kiosks.every((k) => k.client.connected)) await sleep(100);
      log(`${n} kiosks connected`);
      // scanning: every 200 ms about a fifth of the kiosks read a pass; a changed kiosk publishes (debounced)
      const scanner = (async () => {
        while (scanning) {
          for (const k of kiosks) {
            if (Math.random() < 0.2) {
              const period = localHour(Date.now() + k.skewMs);
              const m = k.own.get(period) ?? new Map<string, number>();
              k.own.set(period, m);
              const o = OUTCOMES[Math.floor(Math.random() * OUTCOMES.length)]!;
              m.set(o, (m.get(o) ?? 0) + 1);
              scans++;
              k.changed = true;
            }
          }
          await sleep(200);
        }
      })();
      const publisher = setInterval(() => {
        for (const k of kiosks) if (k.changed && k.client.connected) { k.changed = false; void k.publisher.sync().catch(() => { k.changed = true; }); }
      }, 1000);
      await sleep(10_000);
      log(`broker stopped for ${outageS} s`);
      await mosq.stop();
      await sleep(outageS * 1000);
      await mosq.start();
      log('broker started again');
      await sleep(5000);
      const c = collector as ChildProcess | null;
      if (c) {
        const exited = new Promise((r) => c.once('exit', r));
        c.kill('SIGKILL');
        await exited;
      }
      log('collector killed (SIGKILL)');
      await sleep(10_000);
      await startCollectorProcess();
      log('collector started again');
      await sleep(5000);
      await pg.stop();
      log('PostgreSQL stopped');
      await sleep(10_000);
      await pg.start();
      log('PostgreSQL started again');
      await sleep(5000);
      scanning = false;
      await scanner;
      for (const k of kiosks) k.changed = true;
      const tLast = performance.now();
      log(`scanning stopped after ${scans} scans; waiting for the database to equal the kiosks`);
      const db = await openPostgres(dbUrl, { onError: () => undefined });
      const expected = new Map<string, number>();
      for (const k of kiosks) for (const [p, m] of k.own) for (const [o, c2] of m) expected.set(`${k.id}|${p}|${o}`, c2);
      let differ = Infinity;
      let total = 0;
      const deadline = performance.now() + 15 * 60_000;
      while (performance.now() < deadline) {
        try {
          const rows = await db.query<{ kiosk: string; period: string; outcome: string; count: number }>(
            "SELECT kiosk, to_char(period, 'YYYY-MM-DD\"T\"HH24:00') AS period, outcome, count FROM fleet_counts WHERE site = 'faults'");
          const got = new Map(rows.map((r) => [`${r.kiosk}|${r.period}|${r.outcome}`, r.count]));
          differ = 0;
          for (const [key, c2] of expected) if (got.get(key) !== c2) differ++;
          for (const key of got.keys()) if (!expected.has(key)) differ++;
          total = rows.reduce((a, r) => a + r.count, 0);
          if (differ === 0) break;
        } catch {
          // the database still starting: the next poll
        }
        await sleep(500);
      }
      const converge = (performance.now() - tLast) / 1000;
      clearInterval(publisher);
      await db.close();
      h.report({ label: `faults: ${n} kiosks, scans counted by the kiosks`, unit: 'count', value: scans });
      h.report({ label: 'faults: scans in PostgreSQL afterwards', unit: 'count', value: total });
      h.report({ label: 'faults: buckets that differ from the kiosks\' own', unit: 'count', value: differ, target: '0', met: differ === 0 });
      h.report({ label: `faults: broker outage`, unit: 's', value: outageS });
      h.report({ label: 'faults: converged after the last fault in', unit: 's', value: converge });
      h.report({ label: 'faults: load average (1 min) at the end', unit: 'count', value: loadavg()[0]! });
    } finally {
      scanning = false;
      await Promise.all(kiosks.map((k) => k.client.endAsync(true).catch(() => undefined)));
      const c = collector as ChildProcess | null;
      if (c && c.exitCode === null && c.signalCode === null) {
        const exited = new Promise((r) => c.once('exit', r));
        stopping = true;
        c.kill('SIGTERM');
        await exited;
      }
      await mosq.dispose();
      await pg.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
