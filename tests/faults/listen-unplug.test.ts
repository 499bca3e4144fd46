// `kiosk listen --relay` is a headless door: when its only serial scanner disappears (the socat PTY goes away, as
// a USB scanner unplugged does), it must keep running and wait for the scanner to come back, then verify its
// scans again, until SIGINT/SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { demoTrustPath, makeVac } from '../fixtures/hk/sign.ts';
import { killAllSocat, killSocat, PtyWriter, startSocat, until } from '../hardware/socat.ts';

const root = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'kiosk-unplug-'));
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

describe('kiosk listen with its scanner unplugged', () => {
  it('waits for the scanner to come back instead of exiting, then verifies again', async () => {
    const scanner = await startSocat(join(dir, 'scan-k'), join(dir, 'scan-t'));
    const relay = await startSocat(join(dir, 'relay-k'), join(dir, 'relay-t'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli.ts', 'listen', '--serial', `${scanner.a}:115200`,
      '--relay', relay.a, '--trust', demoTrustPath, '--now', '2022-06-15T12:00:00+08:00', '--venue', 'passive',
      '--data-dir', join(dir, 'data'), '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    let err = '';
    let exitCode: number | null | undefined;
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    child.once('exit', (c) => { exitCode = c; });
    const alive = () => { if (exitCode !== undefined) throw new Error(`kiosk listen exited (${exitCode}):\n${err}`); return true; };
    await until(() => alive() && err.includes(`serial:${scanner.a} connected`), 120_000, `serial connected: ${err}`);

    // the scanner goes away
    await killSocat(scanner);
    const gone = err.length;
    await until(() => alive() && /serial:\S+ (disconnected|error|connecting)/.test(err.slice(gone)), 60_000, `the loss seen: ${err}`);
    // it keeps trying: the next reconnect attempt is reported while the scanner is still gone
    await until(() => alive() && /device not present/.test(err.slice(gone)), 60_000, `a reconnect attempt: ${err}`);

    // it comes back on the same path: the scanner reconnects and its scans are verified
    const before = err.length;
    const back = await startSocat(join(dir, 'scan-k'), join(dir, 'scan-t'));
    await until(() => alive() && err.slice(before).includes(`serial:${back.a} connected`), 120_000, `reconnected: ${err}`);
    const w = await PtyWriter.open(back.b);
    await w.write(makeVac({ reference: 'DEMO0000000031' }) + '\r\n');
    await until(() => alive() && out.trim().split('\n').filter(Boolean).length === 1, 60_000, `a verdict: ${err}`);
    await w.close();
    expect((JSON.parse(out.trim()) as { verdict: { outcome: string } }).verdict.outcome).toBe('valid');

    const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    process.kill(child.pid!, 'SIGTERM');
    expect(await exited).toBe(0);
  }, 400_000);
});
