// Serial scanners over real PTYs (socat): framing, garbage, noise, and reconnecting after the device vanishes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SerialScanner } from '../../hardware/serial-scanner.ts';
import type { DeviceStatus, Scan } from '../../hardware/types.ts';
import { killAllSocat, killSocat, PtyWriter, startSocat, until, type PtyPair } from './socat.ts';
import { passOfLength } from './payloads.ts';

let dir: string;
let n = 0;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-serial-'));
});
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  await killAllSocat();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function rig(opts: Partial<ConstructorParameters<typeof SerialScanner>[0]> = {}) {
  const id = ++n;
  const pair = await startSocat(join(dir, `k${id}`), join(dir, `s${id}`));
  const scans: Scan[] = [];
  const statuses: DeviceStatus[] = [];
  const driver = new SerialScanner({
    path: pair.a,
    events: { scan: (s) => scans.push(s), status: (s) => statuses.push(s) },
    ...opts,
  });
  driver.start();
  await until(() => driver.status().state === 'connected', 5000, 'connected');
  const writer = await PtyWriter.open(pair.b);
  const ctx = { pair, driver, scans, statuses, writer };
  cleanups.push(async () => {
    await ctx.writer.close();
    await driver.stop();
  });
  return ctx;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('serial scanner over a PTY', () => {
  it('delivers a 2,400-character pass ended by CR as one scan', async () => {
    const { scans, writer, driver } = await rig();
    const pass = passOfLength(2400);
    expect(pass.length).toBeGreaterThanOrEqual(2400);
    await writer.write(pass + '\r');
    await until(() => scans.length === 1, 5000, 'scan');
    expect(scans[0]!.text).toBe(pass);
    expect(scans[0]!.source).toBe('serial');
    expect(scans[0]!.deviceId).toBe(driver.id);
    expect(driver.status().lastScanAt).toBe(scans[0]!.at);
  });

  it('reassembles split writes and CRLF, one scan per line', async () => {
    const { scans, writer } = await rig({ terminator: 'crlf' });
    const p1 = passOfLength(400, 'DEMO0000000002');
    const p2 = passOfLength(1200, 'DEMO0000000003');
    await writer.write(p1.slice(0, 100));
    await sleep(30);
    await writer.write(p1.slice(100, 377));
    await sleep(30);
    await writer.write(p1.slice(377) + '\r');
    await sleep(30);
    await writer.write('\n' + p2 + '\r\n');
    await until(() => scans.length === 2, 5000, 'two scans');
    await sleep(100);
    expect(scans.map((s) => s.text)).toEqual([p1, p2]);
  });

  it('with no terminator, a pause ends the scan', async () => {
    const { scans, writer } = await rig({ terminator: 'none', interByteTimeoutMs: 60 });
    const p1 = passOfLength(800, 'DEMO0000000004');
    const p2 = passOfLength(500, 'DEMO0000000005');
    await writer.write(p1.slice(0, 400));
    await sleep(10);
    await writer.write(p1.slice(400));
    await until(() => scans.length === 1, 5000, 'first scan');
    await writer.write(p2);
    await until(() => scans.length === 2, 5000, 'second scan');
    expect(scans.map((s) => s.text)).toEqual([p1, p2]);
  });

  it('drops a 10 KB garbage line and binary noise, and the next scan still arrives intact', async () => {
    const { scans, writer, statuses } = await rig({ maxLength: 4096 });
    const garbage = 'X'.repeat(10 * 1024);
    const noise = new Uint8Array(512);
    let seed = 7;
    for (let i = 0; i < noise.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      let b = seed & 0xff;
      if (b === 0x0d || b === 0x0a) b = 0x00; // noise without line ends: the whole run is one bad line
      noise[i] = b;
    }
    const pass = passOfLength(1000, 'DEMO0000000006');
    await writer.write(garbage + '\r');
    await writer.write(noise);
    await writer.write('\r' + pass + '\r');
    await until(() => scans.length >= 1, 5000, 'scan after garbage');
    await sleep(150);
    expect(scans.map((s) => s.text)).toEqual([pass]);
    expect(statuses.some((s) => /longer than the limit/.test(s.error ?? ''))).toBe(true);
    expect(statuses.some((s) => /unreadable bytes/.test(s.error ?? ''))).toBe(true);
  });

  it('drops a line cut off by the scanner going away, instead of delivering half a pass', async () => {
    const { scans, writer, pair, driver } = await rig();
    const pass = passOfLength(900, 'DEMO0000000007');
    await writer.write(pass.slice(0, 450));
    await sleep(50);
    await writer.close();
    await killSocat(pair);
    await until(() => driver.status().state !== 'connected', 5000, 'disconnect');
    await sleep(200);
    expect(scans).toEqual([]);
  });

  it('reconnects after socat is killed and restarted, and the next scan arrives', async () => {
    const ctx = await rig();
    const { scans, driver } = ctx;
    const before = passOfLength(600, 'DEMO0000000008');
    await ctx.writer.write(before + '\r');
    await until(() => scans.length === 1, 5000, 'scan before restart');

    await ctx.writer.close();
    await killSocat(ctx.pair);
    await until(() => driver.status().state === 'disconnected', 5000, 'disconnected status');

    const again: PtyPair = await startSocat(ctx.pair.a, ctx.pair.b);
    await until(() => driver.status().state === 'connected', 8000, 'reconnected');
    ctx.writer = await PtyWriter.open(again.b);
    const after = passOfLength(700, 'DEMO0000000009');
    await ctx.writer.write(after + '\r');
    await until(() => scans.length === 2, 5000, 'scan after restart');
    expect(scans.map((s) => s.text)).toEqual([before, after]);
  });

  it('reports a missing device as disconnected and opens it when it appears', async () => {
    const id = ++n;
    const a = join(dir, `late-k${id}`);
    const scans: Scan[] = [];
    const driver = new SerialScanner({ path: a, events: { scan: (s) => scans.push(s), status: () => {} } });
    cleanups.push(() => driver.stop());
    driver.start();
    await until(() => driver.status().state === 'disconnected' && driver.status().error, 3000, 'absent');
    const pair = await startSocat(a, join(dir, `late-s${id}`));
    await until(() => driver.status().state === 'connected', 8000, 'connected late');
    const w = await PtyWriter.open(pair.b);
    cleanups.push(() => w.close());
    const pass = passOfLength(450, 'DEMO0000000010');
    await w.write(pass + '\n');
    await until(() => scans.length === 1, 5000, 'scan');
    expect(scans[0]!.text).toBe(pass);
  });
});
