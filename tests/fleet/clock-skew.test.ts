// A kiosk whose clock is an hour ahead, on real Mosquitto and PostgreSQL started here: it files its counts under
// its own (wrong) hours, the fleet stores exactly those buckets, so the fleet's rows equal the kiosk's own and the
// totals agree; the overview reports the skew (about +3,600 s) so the dashboard can say the clock is off.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type Collector } from '../../main/fleet/collector.ts';
import { openPostgres, type FleetDb } from '../../main/fleet/db.ts';
import { startFleetAgent, type FleetAgent } from '../../main/fleet/kiosk-agent.ts';
import { CLOCK_SKEW_WARN_SECONDS, fleetRows, kioskOverview } from '../../main/fleet/queries.ts';
import { createKioskCore, type KioskCore } from '../../main/kiosk/core.ts';
import { demoTrustPath, makeVac } from '../fixtures/hk/sign.ts';
import { startMosquitto, startPostgres, type Mosquitto, type Postgres } from '../support/fleet-services.ts';

const HOUR = 3_600_000;
const quiet = { info() {}, warn() {}, error() {} };
let mosq: Mosquitto;
let pg: Postgres;
let db: FleetDb;
let collector: Collector;
let core: KioskCore;
let agent: FleetAgent;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-skew-'));
  [mosq, pg] = await Promise.all([startMosquitto(), startPostgres()]);
  db = await openPostgres(pg.createDatabase('fleet'));
  collector = await startCollector({ broker: mosq.url, db, retryMs: 100 });
  // the kiosk's clock: an hour ahead of the collector's
  const clock = () => Date.now() + HOUR;
  core = await createKioskCore({ dataDir: dir, shell: 'standalone', clock, trustFiles: [demoTrustPath], log: quiet });
  agent = await startFleetAgent({
    enrolment: { broker: mosq.url, site: 'mall-a', kioskId: 'door-9' }, core, dataDir: dir, log: quiet, clock, debounceMs: 100,
  });
}, 120_000);

afterAll(async () => {
  await agent?.close();
  await core?.close();
  await collector?.close();
  await db?.close();
  await mosq?.dispose();
  await pg?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function until(fn: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a kiosk clock an hour ahead', () => {
  it('the fleet holds exactly the kiosk\'s own buckets, and the overview reports the skew', { timeout: 120_000 }, async () => {
    const session = core.openSession();
    for (let i = 0; i < 6; i++) {
      await core.submitScan({ text: makeVac({ reference: `SKEW${String(i).padStart(6, '0')}` }), source: 'serial', deviceId: 's', at: Date.now() + HOUR });
    }
    const own = (await session.handlers.getStats({ granularity: 'hour' })).rows;
    expect(own.reduce((a, r) => a + r.count, 0)).toBe(6);
    const key = (r: { period: string; outcome: string; credential: string; source: string; count: number }) => [r.period, r.outcome, r.credential, r.source, r.count].join(',');
    await until(async () => (await fleetRows(db, { site: 'mall-a', kiosk: 'door-9' })).reduce((a, r) => a + r.count, 0) === 6, 'the six scans in PostgreSQL');
    expect((await fleetRows(db, { site: 'mall-a', kiosk: 'door-9' })).map(key).sort()).toEqual(own.map(key).sort());

    await until(async () => (await kioskOverview(db, own[0]!.period.slice(0, 10))).some((k) => k.kiosk === 'door-9' && k.clockSkewSeconds !== null), 'a health report');
    const k = (await kioskOverview(db, own[0]!.period.slice(0, 10))).find((x) => x.kiosk === 'door-9')!;
    expect(k.clockSkewSeconds!).toBeGreaterThan(HOUR / 1000 - 120);
    expect(k.clockSkewSeconds!).toBeLessThan(HOUR / 1000 + 120);
    expect(Math.abs(k.clockSkewSeconds!)).toBeGreaterThan(CLOCK_SKEW_WARN_SECONDS);
    session.close();
  });
});
