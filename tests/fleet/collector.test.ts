// The collector against real Mosquitto and PostgreSQL (started here, by PID): absolute buckets, refused input,
// and faults — PostgreSQL stopped and restarted, the collector gone for a while — after which the database holds
// exactly what the kiosks sent.
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type Collector } from '../../main/fleet/collector.ts';
import { openPostgres, type FleetDb, type Queryable } from '../../main/fleet/db.ts';
import { fleetRows } from '../../main/fleet/queries.ts';
import { FLEET_SCHEMA_VERSION, migrateFleetDb } from '../../main/fleet/schema.ts';
import { startMosquitto, startPostgres, type Mosquitto, type Postgres } from '../support/fleet-services.ts';

let mosq: Mosquitto;
let pg: Postgres;
let db: FleetDb;
let collector: Collector;
let kiosk: MqttClient;
const logs: string[] = [];

const bucket = (period: string, count: number, outcome = 'valid') =>
  JSON.stringify({ v: 1, period, rows: [{ outcome, credential: 'hk-vac', source: 'serial', count }] });

async function countOf(kioskId: string, period: string): Promise<number | undefined> {
  const rows = await fleetRows(db, { site: 'site-x', kiosk: kioskId });
  return rows.find((r) => r.period === period)?.count;
}

async function waitFor(fn: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${logs.slice(-10).join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  mosq = await startMosquitto();
  pg = await startPostgres();
  db = await openPostgres(pg.createDatabase('fleet'), { onError: () => undefined });
  collector = await startCollector({ broker: mosq.url, db, retryMs: 100, log: (l) => logs.push(l) });
  await waitFor(async () => collector.connected(), 'the collector');
  kiosk = await mqtt.connectAsync(mosq.url, { protocolVersion: 4, clientId: 'kiosk-site-x-k1', clean: false });
});

afterAll(async () => {
  await kiosk?.endAsync();
  await collector?.close();
  await db?.close();
  await mosq?.dispose();
  await pg?.dispose();
});

describe('fleet collector', () => {
  it('migrates once, and a second run changes nothing', async () => {
    expect(await migrateFleetDb(db)).toBe(FLEET_SCHEMA_VERSION);
    const v = await db.query<{ version: number }>('SELECT version FROM fleet_schema');
    expect(v).toEqual([{ version: FLEET_SCHEMA_VERSION }]);
  });

  it('keeps buckets absolute: a repeat or a late, older copy never changes the count', async () => {
    await kiosk.publishAsync('kiosk/v1/site-x/k1/counts', bucket('2026-05-01T09:00', 3), { qos: 1 });
    await kiosk.publishAsync('kiosk/v1/site-x/k1/counts', bucket('2026-05-01T09:00', 5), { qos: 1 });
    await kiosk.publishAsync('kiosk/v1/site-x/k1/counts', bucket('2026-05-01T09:00', 5), { qos: 1 });
    await kiosk.publishAsync('kiosk/v1/site-x/k1/counts', bucket('2026-05-01T09:00', 3), { qos: 1 });
    await kiosk.publishAsync('kiosk/v1/site-x/k1/counts', bucket('2026-05-01T10:00', 1), { qos: 1 });
    await waitFor(async () => (await countOf('k1', '2026-05-01T10:00')) === 1, 'the last bucket');
    expect(await countOf('k1', '2026-05-01T09:00')).toBe(5);
  });

  it('refuses bad messages with a reason and keeps going', async () => {
    const before = collector.stats.refused;
    await kiosk.publishAsync('kiosk/v1/site-x/k1/counts', 'not json', { qos: 1 });
    await kiosk.publishAsync('kiosk/v1/site-x/k1/counts', JSON.stringify({ v: 1, period: '2026-05-01T11:00', rows: [{ outcome: 'valid', credential: 'hk-vac', source: 'serial', count: 1, name: 'CHAN T** M**' }] }), { qos: 1 });
    await kiosk.publishAsync('kiosk/v1/site-x/k1/counts', JSON.stringify({ v: 1, period: '2026-05-01T11:00', rows: [{ outcome: 'valid', credential: 'hk-vac', source: 'serial', count: -4 }] }), { qos: 1 });
    await kiosk.publishAsync('kiosk/v1/site-x/k1/health', Buffer.alloc(70_000, 0x7b), { qos: 1 });
    await kiosk.publishAsync('kiosk/v1/site-x/k1/online', 'maybe', { qos: 1 });
    await kiosk.publishAsync('kiosk/v1/Site_X/k1/counts', bucket('2026-05-01T11:00', 9), { qos: 1 });
    await kiosk.publishAsync('kiosk/v1/site-x/k1/counts', bucket('2026-05-01T12:00', 2), { qos: 1 });
    await waitFor(async () => (await countOf('k1', '2026-05-01T12:00')) === 2, 'the good message after the bad ones');
    // the upper-case site matches the subscription's wildcard but is not a valid site id: refused too
    expect(collector.stats.refused - before).toBe(6);
    expect(logs.some((l) => l.includes('refused a message on kiosk/v1/Site_X/k1/counts: not a kiosk topic'))).toBe(true);
    expect(await countOf('k1', '2026-05-01T11:00')).toBeUndefined();
    expect(logs.some((l) => /refused a counts message from site-x\/k1: does not match the message schema/.test(l))).toBe(true);
    // nothing personal was written anywhere
    const dump = JSON.stringify(await db.query('SELECT * FROM fleet_counts')) + JSON.stringify(await db.query('SELECT * FROM fleet_kiosks'));
    expect(dump).not.toContain('CHAN');
  });

  it('PostgreSQL stopped and restarted: nothing is lost, nothing counted twice', { timeout: 120_000 }, async () => {
    const failuresBefore = collector.stats.dbFailures;
    await pg.stop();
    const sent: [string, number][] = [];
    for (let h = 0; h < 12; h++) {
      const period = `2026-05-02T${String(h).padStart(2, '0')}:00`;
      sent.push([period, h + 1]);
      // QoS 1 to the broker: acknowledged by Mosquitto, not yet by the collector
      await kiosk.publishAsync('kiosk/v1/site-x/k1/counts', bucket(period, h + 1), { qos: 1 });
    }
    await waitFor(async () => collector.stats.dbFailures > failuresBefore, 'the collector to notice the database is down');
    await pg.start();
    await waitFor(async () => {
      try { return (await countOf('k1', '2026-05-02T11:00')) === 12; } catch { return false; }
    }, 'the backlog after the restart', 60_000);
    const rows = (await fleetRows(db, { site: 'site-x', kiosk: 'k1', from: '2026-05-02', to: '2026-05-02' })).map((r) => [r.period, r.count]);
    expect(rows).toEqual(sent);
  });

  it('the collector gone for a while: the broker keeps its session and hands everything over', { timeout: 120_000 }, async () => {
    await collector.close();
    for (let h = 0; h < 6; h++) await kiosk.publishAsync('kiosk/v1/site-x/k2/counts', bucket(`2026-05-03T${String(h).padStart(2, '0')}:00`, 10 + h), { qos: 1 });
    collector = await startCollector({ broker: mosq.url, db, retryMs: 100, log: (l) => logs.push(l) });
    await waitFor(async () => (await countOf('k2', '2026-05-03T05:00')) === 15, 'the messages sent while the collector was away');
    const rows = (await fleetRows(db, { site: 'site-x', kiosk: 'k2' })).map((r) => r.count);
    expect(rows).toEqual([10, 11, 12, 13, 14, 15]);
    expect(logs.some((l) => l.includes('session resumed'))).toBe(true);
  });

  it('group commit: hundreds of messages in flight share a few transactions, none acknowledged before its commit', { timeout: 120_000 }, async () => {
    await collector.close();
    // the real database behind a gate: transactions wait until the test opens it, and can be made to fail
    let open = () => undefined as void;
    let gate = Promise.resolve(); // open while the collector starts (its migration is a transaction too)
    let down = false;
    let transactions = 0;
    const gated: FleetDb = {
      kind: 'postgres',
      query: (sql, params) => (down ? Promise.reject(new Error('connection refused')) : db.query(sql, params)),
      exec: (sql) => db.exec(sql),
      close: async () => undefined,
      async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
        transactions++;
        await gate;
        if (down) throw new Error('server closed the connection unexpectedly');
        return db.tx(fn);
      },
    };
    collector = await startCollector({ broker: mosq.url, db: gated, retryMs: 100, batchWaitMs: 20, log: (l) => logs.push(l) });
    await waitFor(async () => collector.connected(), 'the collector');
    gate = new Promise<void>((r) => { open = r; });
    transactions = 0;
    const n = 300;
    const period = (i: number) => `2026-06-${String(1 + Math.floor(i / 24)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00`;
    await Promise.all(Array.from({ length: n }, (_, i) => kiosk.publishAsync('kiosk/v1/site-x/k3/counts', bucket(period(i), i + 1), { qos: 1 })));
    // all of them reach the collector while the first transaction waits: MQTT.js is not holding them one by one
    await waitFor(async () => collector.pending() === n, `${n} messages waiting at the collector`);
    expect(await fleetRows(db, { site: 'site-x', kiosk: 'k3' })).toEqual([]);
    // the database fails under them: none was acknowledged, so the broker hands every one over again
    const failures = collector.stats.dbFailures;
    down = true;
    open();
    await waitFor(async () => collector.stats.dbFailures > failures, 'the failed transaction');
    transactions = 0;
    gate = new Promise<void>((r) => { open = r; });
    down = false;
    await waitFor(async () => collector.pending() === n, `the ${n} messages delivered again`);
    open();
    await waitFor(async () => (await fleetRows(db, { site: 'site-x', kiosk: 'k3' })).length === n, 'every message committed', 60_000);
    const rows = await fleetRows(db, { site: 'site-x', kiosk: 'k3' });
    expect(rows.map((r) => r.count)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    // one transaction for the first message or few (its wait ended before the rest arrived), one for the rest
    expect(transactions).toBeLessThanOrEqual(3);
    await waitFor(async () => collector.pending() === 0, 'the acknowledgements');
  });

  it('a message the database will not take is refused on its own; the rest of its transaction is stored', { timeout: 60_000 }, async () => {
    const before = collector.stats.refused;
    const health = (label: string) => JSON.stringify({
      v: 1, at: new Date().toISOString(), appVersion: '0.1.0', shell: 'standalone', trust: { demo: false },
      ruleProfile: { id: 'by-date', pinned: false }, statusList: { loaded: false, stale: true },
      devices: [{ kind: 'serial', label, state: 'connected' }], faults: [], utcOffsetMinutes: 480, config: {},
    });
    // a NUL passes the message schema but PostgreSQL's jsonb refuses \u0000
    await Promise.all([
      kiosk.publishAsync('kiosk/v1/site-x/k4/counts', bucket('2026-07-01T09:00', 7), { qos: 1 }),
      kiosk.publishAsync('kiosk/v1/site-x/k5/health', health('Scanner \u0000'), { qos: 1 }),
      kiosk.publishAsync('kiosk/v1/site-x/k4/counts', bucket('2026-07-01T10:00', 8), { qos: 1 }),
    ]);
    await waitFor(async () => (await countOf('k4', '2026-07-01T10:00')) === 8 && collector.stats.refused > before, 'the batch');
    expect(await countOf('k4', '2026-07-01T09:00')).toBe(7);
    expect(collector.stats.refused - before).toBe(1);
    expect(logs.some((l) => l.includes('refused a health from site-x/k5: the database would not take it'))).toBe(true);
    // acknowledged, so the session is not blocked: a later message still arrives
    await kiosk.publishAsync('kiosk/v1/site-x/k4/counts', bucket('2026-07-01T11:00', 9), { qos: 1 });
    await waitFor(async () => (await countOf('k4', '2026-07-01T11:00')) === 9, 'the message after the refused one');
  });

  it('a transaction that fails for want of a connection is not a refused message: it is sent again and stored', { timeout: 60_000 }, async () => {
    await collector.close();
    let failNext = 0;
    const flaky: FleetDb = {
      kind: 'postgres',
      // the database answers: only the transaction's connection timed out (a loaded machine)
      query: (sql, params) => db.query(sql, params),
      exec: (sql) => db.exec(sql),
      close: async () => undefined,
      async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
        if (failNext > 0) {
          failNext--;
          throw new Error('Connection terminated due to connection timeout');
        }
        return db.tx(fn);
      },
    };
    collector = await startCollector({ broker: mosq.url, db: flaky, retryMs: 100, log: (l) => logs.push(l) });
    await waitFor(async () => collector.connected(), 'the collector');
    const refused = collector.stats.refused;
    const failures = collector.stats.dbFailures;
    failNext = 1;
    await kiosk.publishAsync('kiosk/v1/site-x/k6/counts', bucket('2026-08-01T09:00', 4), { qos: 1 });
    await waitFor(async () => (await countOf('k6', '2026-08-01T09:00')) === 4, 'the message, delivered again');
    expect(collector.stats.refused).toBe(refused);
    expect(collector.stats.dbFailures).toBe(failures + 1);
  });
});
