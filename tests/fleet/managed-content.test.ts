// Trust stores and rule files through the fleet, on a real Mosquitto started here: a kiosk core with its fleet
// agent receives signed, retained configuration. A pass signed by a key only the fleet's trust store holds is
// refused before and valid after; a tampered, rolled-back or unloadable roll-out is refused and changes nothing;
// a restarted kiosk starts with what the fleet delivered.
import { createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as fleetCli } from '../../main/cli/fleet.ts';
import { startFleetAgent, type FleetAgent } from '../../main/fleet/kiosk-agent.ts';
import { generateFleetKey, signConfig } from '../../main/fleet/signing.ts';
import type { ConfigBody } from '../../main/fleet/messages.ts';
import { createKioskCore, type KioskCore } from '../../main/kiosk/core.ts';
import { demoKeys, demoTrustPath, makeVac } from '../fixtures/hk/sign.ts';
import { captureIo } from '../support/cli-io.ts';
import { startMosquitto, type Mosquitto } from '../support/fleet-services.ts';

const NOW = Date.parse('2022-12-05T04:00:00Z');
const quiet = { info() {}, warn() {}, error() {} };
const key = generateFleetKey();
let mosq: Mosquitto;
let dir: string;
let core: KioskCore;
let agent: FleetAgent;

// the fleet's trust store: the demo store with the VAC 3.x slot moved to a new key (here the fixtures' "rogue")
const rogueSpki = createPublicKey(demoKeys.rogue).export({ type: 'spki', format: 'der' }).toString('base64');
const demo = JSON.parse(readFileSync(demoTrustPath, 'utf8')) as { name: string; demo: boolean; hk: { id: string; spki: string }[] };
const fleetStore = { ...demo, name: 'Fleet roll-out 2026-12', hk: demo.hk.map((k) => (k.id === 'demo-ehs' ? { ...k, id: 'fleet-ehs', spki: rogueSpki } : k)) };
// a new stage as a rule file: the final 2022 stage's rules under a new id
const finalStage = JSON.parse(readFileSync(join(import.meta.dirname, '../../resources/rules/hk-2022-11-30.json'), 'utf8')) as Record<string, unknown>;
const fleetStage = { ...finalStage, id: 'fleet-stage-1', label: { en: 'Fleet stage 1', zh: '車隊階段一' } };

const passByNewKey = makeVac({ version: '3.00', key: 'rogue' });
const passByOldKey = makeVac({ version: '3.00', key: 'ehs' });
const scan = async (text: string) => (await core.submitScan({ text, source: 'serial', deviceId: 't', at: NOW })).verdict.outcome;

function body(version: number, extra: Partial<ConfigBody> = {}): ConfigBody {
  return { v: 1, site: 'mall-a', kiosk: 'door-1', version, issuedAt: '2026-12-01T00:00:00Z', settings: {}, ...extra };
}

async function publish(payload: string): Promise<void> {
  const c = await mqtt.connectAsync(mosq.url, { protocolVersion: 4, reconnectPeriod: 0 });
  await c.publishAsync('fleet/v1/mall-a/door-1/config', payload, { qos: 1, retain: true });
  await c.endAsync();
}

async function until(fn: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(core.state().fleet)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** the kiosk's own report of the last refusal (what its health carries) */
let lastLog = '';
const log = { info(l: string) { lastLog = l; }, warn() {}, error() {} };

async function startKiosk(): Promise<void> {
  core = await createKioskCore({ dataDir: dir, shell: 'standalone', clock: () => NOW, trustFiles: [demoTrustPath], log: quiet });
  agent = await startFleetAgent({
    enrolment: { broker: mosq.url, site: 'mall-a', kioskId: 'door-1', fleetPublicKey: key.publicPem },
    core, dataDir: dir, log, keepalive: 5,
  });
  await until(() => agent.connected(), 'the agent to connect');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-managed-'));
  mosq = await startMosquitto();
  await startKiosk();
}, 120_000);

afterAll(async () => {
  await agent?.close();
  await core?.close();
  await mosq?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('trust stores and rule files through the fleet', () => {
  it('a signed roll-out replaces the trust store and adds a stage; the operator screen marks both managed', { timeout: 120_000 }, async () => {
    expect(await scan(passByNewKey)).not.toBe('valid');
    expect(await scan(passByOldKey)).toBe('valid');
    // signed by the fleet's command, from the files an operator would hand it
    writeFileSync(join(dir, 'fleet-key.pem'), key.privatePem);
    writeFileSync(join(dir, 'fleet-hk.json'), JSON.stringify(fleetStore));
    writeFileSync(join(dir, 'fleet-stage-1.json'), JSON.stringify(fleetStage));
    const io = captureIo();
    expect(await fleetCli(['config', '--key', join(dir, 'fleet-key.pem'), '--site', 'mall-a', '--kiosk', 'door-1', '--version', '1',
      '--settings', '{"ruleProfile":"fleet-stage-1"}', '--trust', join(dir, 'fleet-hk.json'), '--rules', join(dir, 'fleet-stage-1.json'),
      '--out', join(dir, 'signed.json')], io.io)).toBe(0);
    await publish(readFileSync(join(dir, 'signed.json'), 'utf8'));
    await until(() => core.state().ruleProfile.id === 'fleet-stage-1', 'the fleet\'s stage in force');
    expect(await scan(passByNewKey)).toBe('valid');
    expect(await scan(passByOldKey)).not.toBe('valid');
    expect(core.state().fleet?.managed).toEqual(expect.arrayContaining(['ruleProfile', 'trustStores', 'ruleFiles']));
    expect(existsSync(join(dir, 'fleet-managed', 'trust', 'fleet-hk.json'))).toBe(true);
  });

  it('tampered, rolled-back and unloadable roll-outs are refused and change nothing', { timeout: 120_000 }, async () => {
    const refused = async (payload: string, reason: RegExp) => {
      lastLog = '';
      await publish(payload);
      await until(() => /refused/.test(lastLog), 'the refusal');
      expect(lastLog).toMatch(reason);
      expect(await scan(passByNewKey)).toBe('valid');
      expect(core.state().ruleProfile.id).toBe('fleet-stage-1');
    };
    // tampered: the old key put back into the signed body, the signature kept
    const good = JSON.parse(signConfig(body(2, { trustStores: [{ name: 'fleet-hk', store: fleetStore }] }), key.privatePem)) as { body: string; sig: string };
    const b = JSON.parse(Buffer.from(good.body, 'base64url').toString()) as ConfigBody;
    b.trustStores = [{ name: 'fleet-hk', store: demo }];
    await refused(JSON.stringify({ ...good, body: Buffer.from(JSON.stringify(b)).toString('base64url') }), /bad signature/);
    // rolled back: signed, older than what was applied
    await refused(signConfig(body(1, { trustStores: [{ name: 'fleet-hk', store: demo }] }), key.privatePem), /rollback/);
    // signed but not a loadable trust store: the same loader as a local trust file says why
    await refused(signConfig(body(3, { trustStores: [{ name: 'fleet-hk', store: { ...fleetStore, hk: [{ id: 'x', spki: 'AAAA' }] } }] }), key.privatePem), /trust store "fleet-hk"/);
    // signed but not a rule file
    await refused(signConfig(body(4, { ruleFiles: [{ name: 'broken', rules: { version: 1, id: 'broken' } }] }), key.privatePem), /rule files/);
    expect(readFileSync(join(dir, 'fleet-managed', 'trust', 'fleet-hk.json'), 'utf8')).toContain('fleet-ehs');
  });

  it('a restarted kiosk starts with the fleet\'s trust store and stage', { timeout: 120_000 }, async () => {
    await agent.close();
    await core.close();
    core = await createKioskCore({ dataDir: dir, shell: 'standalone', clock: () => NOW, trustFiles: [demoTrustPath], log: quiet });
    expect(core.state().ruleProfile.id).toBe('fleet-stage-1');
    expect(await scan(passByNewKey)).toBe('valid');
    await core.close();
    await startKiosk();
  });
});
