// The fleet end to end with real parts: Mosquitto and PostgreSQL started by this test (by PID), the collector,
// and kiosks as real standalone processes (`--headless --fleet ...`) reading passes from socat serial scanners.
// Every byte the kiosks send goes through a capturing TCP proxy.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type Collector } from '../../main/fleet/collector.ts';
import { openPostgres, type FleetDb } from '../../main/fleet/db.ts';
import { CountsMessage, HealthMessage } from '../../main/fleet/messages.ts';
import { fleetRows } from '../../main/fleet/queries.ts';
import { generateFleetKey, signConfig } from '../../main/fleet/signing.ts';
import { openStatsStore } from '../../main/stats/index.ts';
import { demoTrustPath, makeMec, makeVac } from '../fixtures/hk/sign.ts';
import { killAllSocat, PtyWriter, startSocat, type PtyPair } from '../hardware/socat.ts';
import { connect, request } from '../support/api-client.ts';
import { startPostgres, startMosquitto, type Mosquitto, type Postgres } from '../support/fleet-services.ts';
import { startKiosk, type RunningKiosk } from '../support/kiosk-server.ts';
import { startTcpCapture, type TcpCapture } from '../support/tcp-capture.ts';

let mosq: Mosquitto;
let pg: Postgres;
let db: FleetDb;
let collector: Collector;
let capture: TcpCapture;
let dir: string;
let keyPub: string;
let keyPriv: string;
const kiosks: RunningKiosk[] = [];
const pairs: PtyPair[] = [];
const passes: string[] = [];
const names = ['CHAN T** M**', 'LEE K** W**', 'WONG S** Y**', 'HO M** L**'];

/** what the kiosk's own database holds now (in-process, read-only: cheap enough to poll) */
function kioskTotal(dataDir: string): number {
  const st = openStatsStore({ dataDir, readOnly: true });
  try {
    return st.query({ granularity: 'hour' }).reduce((a, r) => a + r.count, 0);
  } finally {
    st.close();
  }
}

/** `kiosk stats --hourly --csv` of a kiosk, without its header */
function kioskStats(dataDir: string): string[] {
  const csv = execFileSync(process.execPath, ['dist/main/cli.mjs', 'stats', '--hourly', '--csv', '--data-dir', dataDir]).toString();
  return csv.trim().split(/\r?\n/).slice(1).filter(Boolean).sort();
}

async function fleetStats(site: string, kiosk: string): Promise<string[]> {
  const rows = await fleetRows(db, { site, kiosk });
  return rows.map((r) => [r.period, r.outcome, r.credential, r.source, r.count].join(',')).sort();
}

async function fleetStatsCli(): Promise<string> {
  return execFileSync(process.execPath, ['dist/main/cli.mjs', 'fleet-stats', '--db', db ? dbUrl : '', '--csv']).toString();
}

let dbUrl = '';

async function startFleetKiosk(name: string, opts: { dataDir?: string; serial?: boolean } = {}): Promise<{ kiosk: RunningKiosk; scanner: PtyWriter | null }> {
  let serialArgs: string[] = [];
  let pair: PtyPair | null = null;
  if (opts.serial !== false) {
    pair = await startSocat(join(dir, `${name}-a`), join(dir, `${name}-b`));
    pairs.push(pair);
    serialArgs = ['--serial', `${pair.a}:115200`];
  }
  const kiosk = await startKiosk({
    startTimeoutMs: 120_000,
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    args: [...serialArgs, '--trust', demoTrustPath, '--fleet', `mqtt://127.0.0.1:${capture.port}`, '--site', 'mall-a', '--kiosk-id', name, '--fleet-key', keyPub],
  });
  kiosks.push(kiosk);
  if (!pair) return { kiosk, scanner: null };
  await waitFor(async () => (await stateOf(kiosk)).fleet?.connected === true, `${name} connected to the fleet`);
  const scanner = await PtyWriter.open(pair.b);
  return { kiosk, scanner };
}

async function waitFor(fn: () => Promise<boolean>, what: string, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stateOf(k: RunningKiosk): Promise<{ fleet?: { connected: boolean; managed: string[] } }> {
  const ws = await connect(k);
  try {
    return (await request(ws, { id: 1, method: 'getState', params: {} })).result as { fleet?: { connected: boolean; managed: string[] } };
  } finally {
    ws.close();
  }
}

async function settingsOf(k: RunningKiosk): Promise<{ verdictSeconds: number; languageOrder: string; managed: string[] }> {
  const ws = await connect(k);
  try {
    const r = await request(ws, { id: 1, method: 'getState', params: {} });
    const st = r.result as { settings: { verdictSeconds: number; languageOrder: string }; fleet?: { managed: string[] } };
    return { ...st.settings, managed: st.fleet?.managed ?? [] };
  } finally {
    ws.close();
  }
}

async function healthConfig(kiosk: string): Promise<{ refused?: string; siteVersion?: number } | undefined> {
  const rows = await db.query<{ health: { config: { refused?: string; siteVersion?: number } } | null }>('SELECT health FROM fleet_kiosks WHERE site = $1 AND kiosk = $2', ['mall-a', kiosk]);
  return rows[0]?.health?.config;
}

async function publishRetained(topic: string, payload: string): Promise<void> {
  const c = await mqtt.connectAsync(mosq.url, { protocolVersion: 4, reconnectPeriod: 0 });
  await c.publishAsync(topic, payload, { qos: 1, retain: true });
  await c.endAsync();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-'));
  const k = generateFleetKey();
  keyPriv = k.privatePem;
  keyPub = join(dir, 'fleet-key.pub.pem');
  writeFileSync(keyPub, k.publicPem);
  mosq = await startMosquitto();
  pg = await startPostgres();
  dbUrl = pg.createDatabase('fleet');
  db = await openPostgres(dbUrl);
  collector = await startCollector({ broker: mosq.url, db, retryMs: 200 });
  capture = await startTcpCapture(mosq.port);
}, 400_000);

afterAll(async () => {
  for (const k of kiosks) await k.stop();
  await killAllSocat();
  await collector?.close();
  await db?.close();
  await capture?.close();
  await mosq?.dispose();
  await pg?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('a fleet of kiosks on Mosquitto and PostgreSQL', () => {
  let door1: { kiosk: RunningKiosk; scanner: PtyWriter | null };
  let door2: { kiosk: RunningKiosk; scanner: PtyWriter | null };

  it('two kiosks scanning through serial scanners: fleet-stats equals each kiosk\'s own stats', { timeout: 400_000 }, async () => {
    door1 = await startFleetKiosk('door-1');
    door2 = await startFleetKiosk('door-2');
    let n = 0;
    const scan = async (d: typeof door1, text: string) => { passes.push(text); await d.scanner!.write(text + '\r\n'); };
    for (const d of [door1, door2]) {
      for (let i = 0; i < 3; i++) await scan(d, makeVac({ reference: `DEMOFLEET${String(++n).padStart(5, '0')}`, maskedName: names[n % names.length]! }));
      await scan(d, makeMec({ reference: `DEMOMECF${String(++n).padStart(6, '0')}` }));
      await d.scanner!.write('not a pass at all\r\n');
    }
    for (const [name, d] of [['door-1', door1], ['door-2', door2]] as const) {
      await waitFor(async () => kioskTotal(d.kiosk.dataDir) === 5, `${name} counted 5`);
      const own = kioskStats(d.kiosk.dataDir);
      let fleet: string[] = [];
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        fleet = await fleetStats('mall-a', name);
        if (JSON.stringify(fleet) === JSON.stringify(own)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(fleet).toEqual(own);
      expect(own.some((l) => l.includes(',valid,hk-vac,serial,'))).toBe(true);
    }
    // the command line says the same, one row per site, kiosk, hour, outcome, credential, source
    const csv = await fleetStatsCli();
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('site,kiosk,period,outcome,credential,source,count');
    for (const [name, d] of [['door-1', door1], ['door-2', door2]] as const) {
      expect(lines.filter((l) => l.startsWith(`mall-a,${name},`)).map((l) => l.split(',').slice(2).join(',')).sort()).toEqual(kioskStats(d.kiosk.dataDir));
    }
  });

  it('a broker outage loses nothing: scans during it arrive afterwards, exactly once', { timeout: 400_000 }, async () => {
    await mosq.stop();
    passes.push(makeVac({ reference: 'DEMOOUTAGE00001' }));
    await door1.scanner!.write(passes.at(-1)! + '\r\n');
    passes.push(makeVac({ reference: 'DEMOOUTAGE00002' }));
    await door1.scanner!.write(passes.at(-1)! + '\r\n');
    await waitFor(async () => kioskTotal(door1.kiosk.dataDir) === 7, 'door-1 counted during the outage');
    await mosq.start();
    const own = kioskStats(door1.kiosk.dataDir);
    let fleet: string[] = [];
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      fleet = await fleetStats('mall-a', 'door-1');
      if (JSON.stringify(fleet) === JSON.stringify(own)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(fleet).toEqual(own);
  });

  it('a kiosk that was offline for a day catches up exactly, oldest first', { timeout: 400_000 }, async () => {
    // a day of counts in the kiosk's own database, written while it had no fleet
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-day-'));
    const store = openStatsStore({ dataDir, sync: 'normal' });
    const start = Date.now() - 30 * 3600_000;
    const events = [];
    for (let h = 0; h < 24; h++) {
      for (let i = 0; i < (h % 5) + 1; i++) events.push({ outcome: i % 3 ? 'valid' : 'invalid', credential: 'hk-vac', source: 'serial', at: start + h * 3600_000 + i * 1000 } as const);
    }
    store.recordBatch(events);
    store.close();
    const { kiosk } = await startFleetKiosk('door-3', { dataDir, serial: false });
    const own = kioskStats(dataDir);
    expect(own.length).toBeGreaterThanOrEqual(24);
    let fleet: string[] = [];
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      fleet = await fleetStats('mall-a', 'door-3');
      if (JSON.stringify(fleet) === JSON.stringify(own)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(fleet).toEqual(own);
    expect(fleet.reduce((a, l) => a + Number(l.split(',')[4]), 0)).toBe(events.length);
    await kiosk.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('signed configuration is applied; unsigned, tampered and rolled-back configuration is refused', { timeout: 400_000 }, async () => {
    const k = door1.kiosk;
    const before = await settingsOf(k);
    const v2 = signConfig({ v: 1, site: 'mall-a', version: 2, issuedAt: new Date().toISOString(), settings: { verdictSeconds: 9, languageOrder: 'en-zh' } }, keyPriv);
    await publishRetained('fleet/v1/mall-a/config', v2);
    let s = before;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && s.verdictSeconds !== 9) {
      s = await settingsOf(k);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(s.verdictSeconds).toBe(9);
    expect(s.languageOrder).toBe('en-zh');
    expect(s.managed).toEqual(expect.arrayContaining(['verdictSeconds', 'languageOrder']));

    const refusedWith = async (payload: string, reason: RegExp): Promise<void> => {
      await publishRetained('fleet/v1/mall-a/config', payload);
      const end = Date.now() + 120_000;
      let cfg: Awaited<ReturnType<typeof healthConfig>>;
      while (Date.now() < end) {
        cfg = await healthConfig('door-1');
        if (cfg?.refused && reason.test(cfg.refused)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(cfg!.refused).toMatch(reason);
      expect((await settingsOf(k)).verdictSeconds).toBe(9);
    };
    // unsigned: a bare settings object
    await refusedWith(JSON.stringify({ v: 1, site: 'mall-a', version: 3, settings: { verdictSeconds: 30 } }), /not a signed fleet configuration/);
    // tampered: the signed body changed, the signature kept
    const env = JSON.parse(v2) as { body: string; sig: string };
    const body = JSON.parse(Buffer.from(env.body, 'base64url').toString()) as { version: number; settings: { verdictSeconds: number } };
    body.version = 4;
    body.settings.verdictSeconds = 30;
    await refusedWith(JSON.stringify({ ...env, body: Buffer.from(JSON.stringify(body)).toString('base64url') }), /bad signature/);
    // rolled back: properly signed, but older than what was applied
    const v1 = signConfig({ v: 1, site: 'mall-a', version: 1, issuedAt: new Date().toISOString(), settings: { verdictSeconds: 30 } }, keyPriv);
    await refusedWith(v1, /rollback/);
    // signed with another key
    const other = generateFleetKey();
    await refusedWith(signConfig({ v: 1, site: 'mall-a', version: 5, issuedAt: new Date().toISOString(), settings: { verdictSeconds: 30 } }, other.privatePem), /bad signature/);
  });

  it('the captured broker traffic holds aggregates only: no name, reference, pass text or hash', () => {
    const sent = capture.sent();
    expect(sent.length).toBeGreaterThan(0);
    const all = Buffer.concat(sent).toString('latin1');
    for (const p of passes) {
      for (let i = 0; i + 24 <= p.length; i += 24) expect(all.includes(p.slice(i, i + 24))).toBe(false);
    }
    for (const n of names) expect(all.includes(n)).toBe(false);
    expect(all).not.toMatch(/DEMO(FLEET|MECF|OUTAGE)/);
    // every PUBLISH a kiosk sent is one of the three message kinds, each strictly schema-checked
    let publishes = 0;
    for (const conn of sent) {
      const parser = mqttPacket.parser({ protocolVersion: 4 });
      const packets: mqttPacket.Packet[] = [];
      parser.on('packet', (p) => packets.push(p));
      parser.parse(conn);
      for (const p of packets) {
        if (p.cmd === 'connect' && p.will) expect(String(p.will.payload)).toBe('0');
        if (p.cmd !== 'publish') continue;
        publishes++;
        const text = Buffer.from(p.payload as Buffer).toString('utf8');
        expect(text).not.toMatch(/[0-9a-f]{32,}|[A-Za-z0-9+/_-]{40,}/i);
        if (p.topic.endsWith('/counts')) expect(CountsMessage.safeParse(JSON.parse(text)).success).toBe(true);
        else if (p.topic.endsWith('/health')) expect(HealthMessage.safeParse(JSON.parse(text)).success).toBe(true);
        else {
          expect(p.topic).toMatch(/^kiosk\/v1\/mall-a\/door-\d\/online$/);
          expect(['0', '1']).toContain(text);
        }
      }
    }
    expect(publishes).toBeGreaterThan(5);
    // the kiosk that was offline for a day sent its backlog oldest first
    const door3 = sent.flatMap((conn) => {
      const parser = mqttPacket.parser({ protocolVersion: 4 });
      const periods: string[] = [];
      parser.on('packet', (p) => {
        if (p.cmd === 'publish' && p.topic === 'kiosk/v1/mall-a/door-3/counts') periods.push((JSON.parse(String(p.payload)) as { period: string }).period);
      });
      parser.parse(conn);
      return periods;
    });
    expect(door3.length).toBeGreaterThanOrEqual(24);
    expect(door3.slice(0, 24)).toEqual([...door3.slice(0, 24)].sort());
  });
});
