// `kiosk devices` and `kiosk listen` through the real command line: a PTY scanner, the real core, the real counts.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { run as devicesRun } from '../../main/cli/devices.ts';
import { openStatsStore } from '../../main/stats/index.ts';
import { demoTrustPath, makeVac } from '../fixtures/hk/sign.ts';
import { FakeHid } from './fake-hid.ts';
import { killAllSocat, PtyWriter, startSocat, until } from './socat.ts';

const root = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'kiosk-cli-'));
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.pid) {
      const exited = new Promise((r) => c.once('exit', r));
      process.kill(c.pid, 'SIGKILL');
      await exited;
    }
  }
  await killAllSocat();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  return { io: { stdout, stderr, stdin: new PassThrough() }, out: () => out, err: () => err };
}

describe('kiosk devices', () => {
  it('prints HID POS scanners and serial ports, and --json gives the same facts as data', async () => {
    const hid = new FakeHid();
    hid.plug({ path: '/dev/hidraw-fake', vendorId: 0x0c2e, productId: 0x0b87, usagePage: 0x8c, usage: 2, product: 'Voyager 1450g' });
    const opts = { hidApi: hid, serialList: async () => [{ path: '/dev/ttyACM-fake', vendorId: '05e0', productId: '1701' }], videoSysDir: join(dir, 'nosys') };
    const a = io();
    expect(await devicesRun([], a.io, opts)).toBe(0);
    expect(a.out()).toMatch(/\/dev\/hidraw-fake\s+scanner\s+0c2e:0b87\s+Voyager 1450g \[HID POS\]/);
    expect(a.out()).toMatch(/\/dev\/ttyACM-fake\s+scanner\s+05e0:1701/);
    expect(a.out()).toMatch(/cannot open: device node missing/);
    const b = io();
    expect(await devicesRun(['--json'], b.io, opts)).toBe(0);
    const parsed = JSON.parse(b.out()) as { devices: { kind: string; path: string }[] };
    expect(parsed.devices.map((d) => [d.kind, d.path])).toEqual([
      ['serial', '/dev/ttyACM-fake'],
      ['hid-pos', '/dev/hidraw-fake'],
    ]);
  });

  it('rejects unknown options with exit code 2', async () => {
    const a = io();
    expect(await devicesRun(['--bogus'], a.io)).toBe(2);
    expect(a.err()).toMatch(/Unknown option/);
  });
});

describe('kiosk listen', () => {
  it('verifies a scan from a serial scanner with the real core, prints the verdict and counts it', async () => {
    const pair = await startSocat(join(dir, 'lk'), join(dir, 'ls'));
    const dataDir = join(dir, 'data');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'main/cli.ts', 'listen', '--serial', `${pair.a}:115200`, '--trust', demoTrustPath,
        '--now', '2022-06-15T12:00:00+08:00', '--venue', 'passive', '--data-dir', dataDir, '--json'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    await until(() => /listening on/.test(err), 30_000, `listen to start: ${err}`);
    await until(() => err.includes(`serial:${pair.a} connected`), 10_000, 'serial connected');
    const w = await PtyWriter.open(pair.b);
    const pass = makeVac({ reference: 'DEMO0000000030' }); // an ordinary record: the verifier bounds field sizes
    await w.write(pass + '\r\n');
    await w.write('not a pass\r');
    await until(() => out.split('\n').filter(Boolean).length === 2, 20_000, `two verdict lines: ${err}`);
    await w.close();
    const [first, second] = out.trim().split('\n').map((l) => JSON.parse(l) as { verdict: { outcome: string; credential: string; reasons: string[] }; source: string; deviceId: string });
    expect(first).toMatchObject({ source: 'serial', deviceId: `serial:${pair.a}` });
    // three doses, demo keys trusted, a date the pass was valid on
    expect(first!.verdict.credential).toBe('hk-vac');
    expect(first!.verdict.outcome).toBe('valid');
    expect(second!.verdict.outcome).toBe('unreadable');
    const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    process.kill(child.pid!, 'SIGINT');
    expect(await exited).toBe(0);
    // the pass text must not appear anywhere the command wrote, apart from the verdict itself
    expect(err).not.toContain('DEMO0000000030');
    const stats = openStatsStore({ dataDir, readOnly: true });
    const rows = stats.query({ granularity: 'day' });
    stats.close();
    const total = (o: string) => rows.filter((r) => r.outcome === o && r.source === 'serial').reduce((n, r) => n + r.count, 0);
    expect(total('valid')).toBe(1);
    expect(total('unreadable')).toBe(1);
  });

  it('refuses malformed options with exit code 2 and a message', async () => {
    const { run } = await import('../../main/cli/listen.ts');
    const a = io();
    expect(await run(['--hid', 'zebra'], a.io)).toBe(2);
    expect(a.err()).toMatch(/VID:PID/);
    const b = io();
    expect(await run(['--venue', 'sometimes'], b.io)).toBe(2);
  });
});
