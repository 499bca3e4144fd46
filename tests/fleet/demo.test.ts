// `kiosk fleet-collector --demo` with nothing installed: the in-process broker (Aedes) and the embedded database
// (PGlite) take a kiosk's counts and show them on the dashboard.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, expect, it } from 'vitest';

let proc: ChildProcess | null = null;
const dir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-demo-'));

afterAll(async () => {
  if (proc && proc.exitCode === null) {
    const exited = new Promise((r) => proc!.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

it('runs the collector with an in-process broker and an embedded database', { timeout: 180_000 }, async () => {
  let out = '';
  proc = spawn(process.execPath, ['dist/main/cli.mjs', 'fleet-collector', '--demo', '--port', '0', '--broker-port', '0', '--data-dir', dir], {
    env: { ...process.env, FLEET_DASHBOARD_PASSWORD: 'demo-password' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 150_000;
  while (!/fleet dashboard at (http:\S+)/.test(out)) {
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`the demo collector did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const dash = /fleet dashboard at (http:\S+)/.exec(out)![1]!;
  const broker = /in-process MQTT broker at (mqtt:\S+);/.exec(out)![1]!;

  const k = await mqtt.connectAsync(broker, { protocolVersion: 4, clientId: 'kiosk-demo-site-door-1' });
  await k.publishAsync('kiosk/v1/demo-site/door-1/online', '1', { qos: 1, retain: true });
  await k.publishAsync('kiosk/v1/demo-site/door-1/counts', JSON.stringify({
    v: 1, period: '2026-03-01T10:00', rows: [{ outcome: 'valid', credential: 'hk-vac', source: 'camera', count: 7 }],
  }), { qos: 1 });
  await k.endAsync();

  const login = await fetch(new URL('/login', dash), { method: 'POST', body: new URLSearchParams({ password: 'demo-password' }), redirect: 'manual' });
  expect(login.status).toBe(303);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  let csv = '';
  while (Date.now() < deadline && !csv.includes('demo-site,door-1,2026-03-01T10:00,valid,hk-vac,camera,7')) {
    csv = await (await fetch(new URL('/export.csv', dash), { headers: { cookie } })).text();
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(csv).toContain('demo-site,door-1,2026-03-01T10:00,valid,hk-vac,camera,7');
  const overview = (await (await fetch(new URL('/api/overview', dash), { headers: { cookie } })).json()) as { kiosks: { kiosk: string; online: boolean }[] };
  expect(overview.kiosks).toEqual([expect.objectContaining({ kiosk: 'door-1', online: true })]);
});
