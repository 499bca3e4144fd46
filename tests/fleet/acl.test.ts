// Per-kiosk broker credentials and the ACL from `kiosk fleet acl`, enforced by a real Mosquitto: a kiosk can
// publish only its own topics and cannot publish configuration; a wrong password is turned away.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { run as fleetCli } from '../../main/cli/fleet.ts';
import { captureIo } from '../support/cli-io.ts';
import { startMosquitto, type Mosquitto } from '../support/fleet-services.ts';

let mosq: Mosquitto;
let dir: string;

async function acl(site: string, kiosk: string): Promise<string> {
  const c = captureIo();
  expect(await fleetCli(['acl', '--site', site, '--kiosk-id', kiosk], c.io)).toBe(0);
  return c.out();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-acl-'));
  const passwd = join(dir, 'passwd');
  writeFileSync(passwd, '');
  for (const [u, p] of [['mall-a.door-1', 'pw-1'], ['mall-a.door-2', 'pw-2'], ['collector', 'pw-c'], ['operator', 'pw-o']] as const) execFileSync('mosquitto_passwd', ['-b', passwd, u, p]);
  writeFileSync(join(dir, 'acl'), [await acl('mall-a', 'door-1'), await acl('mall-a', 'door-2'), 'user collector', 'topic read kiosk/v1/#', 'user operator', 'topic readwrite fleet/v1/#', ''].join('\n'));
  mosq = await startMosquitto({ allowAnonymous: false, extraConfig: [`password_file ${passwd}`, `acl_file ${join(dir, 'acl')}`] });
});

afterAll(async () => {
  await mosq?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

it('a kiosk publishes only under its own topics; the collector sees nothing else', { timeout: 60_000 }, async () => {
  const seen: string[] = [];
  const collector = await mqtt.connectAsync(mosq.url, { protocolVersion: 4, username: 'collector', password: 'pw-c', reconnectPeriod: 0 });
  await collector.subscribeAsync({ 'kiosk/v1/#': { qos: 1 } });
  // the fleet operator's view of the config topics (anonymous access is off: read with a user allowed to)
  const op = await mqtt.connectAsync(mosq.url, { protocolVersion: 4, username: 'operator', password: 'pw-o', reconnectPeriod: 0 });
  await op.subscribeAsync({ 'fleet/v1/#': { qos: 1 } });
  op.on('message', (t, m) => seen.push(`${t} ${m.toString()}`));
  collector.on('message', (t, m) => seen.push(`${t} ${m.toString()}`));
  // MQTT 3.1.1 has no error for a refused publish: Mosquitto acknowledges it, drops it and closes the connection,
  // so each attempt gets a connection of its own
  const attempt = async (topic: string, payload: string, retain = false) => {
    const door1 = await mqtt.connectAsync(mosq.url, { protocolVersion: 4, username: 'mall-a.door-1', password: 'pw-1', reconnectPeriod: 0 });
    await door1.publishAsync(topic, payload, { qos: 1, retain });
    await door1.endAsync(true);
  };
  await attempt('kiosk/v1/mall-a/door-2/counts', 'forged');
  await attempt('fleet/v1/mall-a/config', 'forged config', true);
  await attempt('kiosk/v1/mall-a/door-1/counts', 'own');
  const deadline = Date.now() + 20_000;
  while (!seen.some((s) => s.endsWith(' own')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(seen).toEqual(['kiosk/v1/mall-a/door-1/counts own']);
  await collector.endAsync();
  await op.endAsync();
});

it('a wrong password is refused', async () => {
  await expect(mqtt.connectAsync(mosq.url, { protocolVersion: 4, username: 'mall-a.door-1', password: 'nope', reconnectPeriod: 0, connectTimeout: 5000 })).rejects.toThrow(/Not authorized|Bad username/i);
});
