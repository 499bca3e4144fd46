// The door relay over a real PTY: the board sees "on", then "off" pulseMs later, and survives the board vanishing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openRelay, relayCommand, type Relay } from '../../hardware/relay.ts';
import type { DeviceStatus } from '../../hardware/types.ts';
import { killAllSocat, killSocat, startSocat, until } from './socat.ts';

let dir: string;
const relays: Relay[] = [];
const boards: SerialPort[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-relay-'));
});
afterEach(async () => {
  for (const r of relays.splice(0)) await r.close();
  for (const b of boards.splice(0)) if (b.isOpen) await new Promise((r) => b.close(() => r(undefined)));
  await killAllSocat();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** the relay board's side: records what it receives, with arrival times */
async function board(path: string) {
  const got: { at: number; bytes: number[] }[] = [];
  const p = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  p.on('error', () => {});
  await new Promise<void>((res, rej) => p.open((e) => (e ? rej(e) : res())));
  p.on('data', (b: Buffer) => got.push({ at: Date.now(), bytes: [...b] }));
  boards.push(p);
  return got;
}

describe('relay', () => {
  it('encodes the LCUS-1 protocol', () => {
    expect([...relayCommand(1, true)]).toEqual([0xa0, 0x01, 0x01, 0xa2]);
    expect([...relayCommand(1, false)]).toEqual([0xa0, 0x01, 0x00, 0xa1]);
    expect([...relayCommand(2, true)]).toEqual([0xa0, 0x02, 0x01, 0xa3]);
  });

  it('pulses: on, then off after pulseMs', async () => {
    const pair = await startSocat(join(dir, 'r1'), join(dir, 'b1'));
    const got = await board(pair.b);
    const relay = openRelay({ path: pair.a, pulseMs: 120 });
    relays.push(relay);
    await relay.pulse();
    await until(() => got.flatMap((g) => g.bytes).length >= 8, 3000, 'both commands');
    expect(got.flatMap((g) => g.bytes)).toEqual([0xa0, 0x01, 0x01, 0xa2, 0xa0, 0x01, 0x00, 0xa1]);
    expect(relay.status().state).toBe('connected');
  });

  it('queues back-to-back pulses instead of interleaving them', async () => {
    const pair = await startSocat(join(dir, 'r2'), join(dir, 'b2'));
    const got = await board(pair.b);
    const relay = openRelay({ path: pair.a, pulseMs: 50 });
    relays.push(relay);
    await Promise.all([relay.pulse(), relay.pulse()]);
    await until(() => got.flatMap((g) => g.bytes).length >= 16, 3000, 'two pulses');
    const on = [0xa0, 0x01, 0x01, 0xa2];
    const off = [0xa0, 0x01, 0x00, 0xa1];
    expect(got.flatMap((g) => g.bytes)).toEqual([...on, ...off, ...on, ...off]);
  });

  it('reports a missing board without throwing, and works once it is back', async () => {
    const statuses: DeviceStatus[] = [];
    const a = join(dir, 'r3');
    const relay = openRelay({ path: a, pulseMs: 50, onStatus: (s) => statuses.push(s) });
    relays.push(relay);
    await relay.pulse();
    expect(relay.status().state).toBe('error');
    const pair = await startSocat(a, join(dir, 'b3'));
    const got = await board(pair.b);
    await relay.pulse();
    await until(() => got.flatMap((g) => g.bytes).length >= 8, 3000, 'pulse after return');
    expect(relay.status().state).toBe('connected');
    // the board vanishes: the next pulse fails cleanly and says so
    await killSocat(pair);
    await relay.pulse();
    expect(relay.status().state).not.toBe('connected');
    expect(statuses.some((s) => /relay/.test(s.error ?? ''))).toBe(true);
  });
});
