// A socket flood against the standalone shell, run under `prlimit --nofile=1024` like a kiosk's service limit:
// 1,100 half-open TCP connections (no token needed to open one). Unauthenticated connections are capped (oldest
// dropped first) and timed out, so the shell keeps its descriptors, the device manager's udevadm search keeps
// running (a fake udevadm on PATH counts its starts), and the screen still connects and gets verdicts.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { connect as tcp, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, request } from '../support/api-client.ts';
import { startKiosk, type RunningKiosk } from '../support/kiosk-server.ts';
import { makeVac } from '../fixtures/hk/sign.ts';

const bin = mkdtempSync(join(tmpdir(), 'kiosk-flood-bin-'));
const counter = join(bin, 'udevadm-starts');
let kiosk: RunningKiosk;
const flood: Socket[] = [];

beforeAll(async () => {
  writeFileSync(join(bin, 'udevadm'), `#!/bin/sh\necho x >> '${counter}'\nexec /usr/bin/udevadm "$@"\n`);
  chmodSync(join(bin, 'udevadm'), 0o755);
  // the full serial listing (udevadm) every poll, as before serial-watch.ts kept it for an unchanged set of ttys:
  // what is under test is that it keeps starting under descriptor pressure
  kiosk = await startKiosk({ prefix: ['prlimit', '--nofile=1024:1024', '--'], env: { PATH: `${bin}:${process.env.PATH}`, KIOSK_SERIAL_RELIST_MS: '1000' } });
});
afterAll(async () => {
  for (const s of flood) s.destroy();
  await kiosk?.stop();
  rmSync(bin, { recursive: true, force: true });
});

const starts = () => (existsSync(counter) ? readFileSync(counter, 'utf8').split('\n').filter(Boolean).length : 0);
const kioskPid = () => {
  // the shell runs as prlimit's exec'd child: same pid
  return kiosk.proc.pid!;
};
const openFds = () => readdirSync(`/proc/${kioskPid()}/fd`).length;

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; !cond(); i++) {
    if (kiosk.proc.exitCode !== null || kiosk.proc.signalCode !== null) throw new Error(`the kiosk died while waiting for ${what}:\n${kiosk.output().slice(-2000)}`);
    if (i > 1200) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!existsSync('/usr/bin/udevadm'))('socket flood under prlimit --nofile=1024', () => {
  it('keeps serving the screen and searching for scanners while 1,100 half-open connections arrive', async () => {
    expect(readFileSync(`/proc/${kioskPid()}/limits`, 'utf8')).toMatch(/Max open files\s+1024\s+1024/);
    const port = Number(new URL(kiosk.origin).port);
    let closedByServer = 0;
    let opened = 0;
    await Promise.all(Array.from({ length: 1100 }, () => new Promise<void>((res) => {
      const s = tcp({ host: '127.0.0.1', port });
      flood.push(s);
      s.on('connect', () => { opened++; res(); });
      s.on('close', () => { closedByServer++; res(); });
      s.on('error', () => res());
    })));
    expect(opened).toBeGreaterThan(1000);
    // the shell drops the oldest unauthenticated connections: at most its cap stay open
    await until(() => closedByServer >= 1100 - 64, 'the flood to be cut down to the cap');
    expect(openFds()).toBeLessThan(300);

    // with the flood's survivors still open, the device search runs twice more and the kiosk lives
    const before = starts();
    await until(() => starts() >= before + 2, 'two more udevadm searches');

    const ws = await connect(kiosk);
    const state = await request(ws, { id: 1, method: 'getState', params: {} });
    expect(state.ok).toBe(true);
    const scan = await request(ws, { id: 2, method: 'submitScan', params: { text: makeVac(), source: 'manual' } });
    expect(scan).toMatchObject({ ok: true, result: { verdict: { outcome: 'valid' } } });
    ws.close();
  });
});
