// Group mode through the real standalone shell, its WebSocket API and a real door relay on a socat PTY: a repeated
// pass counts once, a 10th pass is not added, a refused member keeps the group out, and the relay pulses once per
// admitted group and never for a group with a refused member.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import type WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupState, VerdictEvent } from '../../main/api/state.ts';
import { connect } from '../support/api-client.ts';
import { startKiosk, type RunningKiosk } from '../support/kiosk-server.ts';
import { killAllSocat, startSocat, until } from '../hardware/socat.ts';
import { freshIssuer } from '../verify/fresh-issuer.ts';

const issuer = freshIssuer();
const ON = [0xa0, 0x01, 0x01, 0xa2];
let tmp: string;
let kiosk: RunningKiosk;
let ws: WebSocket;
let board: SerialPort;
const received: number[] = [];
const events: VerdictEvent[] = [];
let id = 1;
let n = 0;

function call<T>(method: string, params: unknown = {}): Promise<T> {
  const my = id++;
  return new Promise<T>((resolve, reject) => {
    const onMsg = (d: WebSocket.RawData) => {
      const m = JSON.parse(d.toString()) as { id?: number; ok: boolean; result?: unknown; error?: { message: string } };
      if (m.id !== my) return;
      ws.off('message', onMsg);
      if (m.ok) resolve(m.result as T);
      else reject(new Error(`${method}: ${m.error?.message}`));
    };
    ws.on('message', onMsg);
    ws.send(JSON.stringify({ id: my, method, params }));
  });
}

/** "on" commands the relay board has received */
function pulses(): number {
  let count = 0;
  for (let i = 0; i + 4 <= received.length; i++) if (ON.every((b, j) => received[i + j] === b)) count++;
  return count;
}

const valid = () => issuer.vac({ reference: `GRP${String(++n).padStart(6, '0')}` });
const refusedPass = () => issuer.vac({ reference: `GRP${String(++n).padStart(6, '0')}`, doses: [{ date: '01-06-2021', code: 'BNT' }, { date: '01-07-2021', code: 'BNT' }], total: 2 });
const scan = (text: string) => call<VerdictEvent>('submitScan', { text, source: 'manual' });

/**
 * Pulses since `before`, read once a single admitted scan (outside group mode, one pulse) has come through: the relay
 * works its queue in order, so every earlier pulse arrives before the sentinel's. `expected` only says how many to
 * wait for before the board has gone quiet; the count returned is what the board received, so more or fewer fail.
 */
async function pulsesSince(before: number, expected: number): Promise<number> {
  const ev = await scan(valid());
  expect(ev.verdict.outcome).toBe('valid');
  expect(ev.group).toBeUndefined();
  await until(() => pulses() >= before + expected + 1 && received.length % 8 === 0, 10_000, 'sentinel pulse');
  // the board sees each pulse's "off" after pulseMs (50 ms): wait until it has been quiet for far longer than that
  for (let seen = -1; seen !== received.length;) {
    seen = received.length;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return pulses() - before - 1;
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'kiosk-group-'));
  const pair = await startSocat(join(tmp, 'relay'), join(tmp, 'board'));
  board = new SerialPort({ path: pair.b, baudRate: 9600, autoOpen: false });
  board.on('error', () => {});
  await new Promise<void>((res, rej) => board.open((e) => (e ? rej(e) : res())));
  board.on('data', (b: Buffer) => received.push(...b));
  const config = join(tmp, 'config.json');
  writeFileSync(config, JSON.stringify({ settings: { relay: { enabled: true, path: pair.a, pulseMs: 50 }, unknownColourPolicy: 'warn' } }));
  kiosk = await startKiosk({ args: ['--config', config, '--trust', issuer.file()] });
  ws = await connect(kiosk);
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as { event?: string; data?: unknown };
    if (m.event === 'verdict') events.push(m.data as VerdictEvent);
  });
});
afterAll(async () => {
  ws?.close();
  if (board?.isOpen) await new Promise((r) => board.close(() => r(undefined)));
  await kiosk?.stop();
  await killAllSocat();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('group mode at the door (real core, WebSocket API, relay on a PTY)', () => {
  it('a single admitted scan opens the door once', async () => {
    expect(await pulsesSince(0, 0)).toBe(0); // the sentinel itself is the one pulse
    expect(pulses()).toBe(1);
  });

  it('a repeated pass is "already in this group" and adds no member; the admitted group opens the door once', async () => {
    const before = pulses();
    await call<GroupState>('groupStart');
    const first = valid();
    const a = await scan(first);
    const b = await scan(valid());
    const again = await scan(first);
    expect([a.groupEntry, b.groupEntry, again.groupEntry]).toEqual(['added', 'added', 'repeat']);
    expect(again.group?.members).toHaveLength(2);
    expect(again.group?.admitted).toBe(true);
    // no colour list: every member's colour is "not checked", and each row carries it
    expect(again.group?.members.every((m) => m.colour === 'unknown' && m.reasons?.includes('colour-unknown'))).toBe(true);
    // the pushed event says the same as the answer
    await until(() => events.some((e) => e.seq === again.seq), 5000, 'verdict event');
    expect(events.find((e) => e.seq === again.seq)?.groupEntry).toBe('repeat');
    const ended = await call<GroupState>('groupEnd');
    expect(ended.active).toBe(false);
    expect(await pulsesSince(before, 1)).toBe(1);
  });

  it('a 10th pass is not added ("group full") and the nine are admitted with one pulse', async () => {
    const before = pulses();
    await call('groupStart');
    let last: VerdictEvent | undefined;
    for (let i = 0; i < 9; i++) last = await scan(valid());
    expect(last?.groupEntry).toBe('added');
    expect(last?.group?.members).toHaveLength(9);
    const tenth = await scan(valid());
    expect(tenth.groupEntry).toBe('full');
    expect(tenth.group?.members).toHaveLength(9);
    expect(tenth.group?.admitted).toBe(true);
    await call('groupEnd');
    expect(await pulsesSince(before, 1)).toBe(1);
  });

  it('a refused member keeps the whole group out: the relay never pulses for it', async () => {
    const before = pulses();
    await call('groupStart');
    await scan(valid());
    const refused = await scan(refusedPass());
    expect(refused.verdict.outcome).toBe('invalid');
    expect(refused.groupEntry).toBe('added');
    const last = await scan(valid());
    expect(last.group?.admitted).toBe(false);
    expect(last.group?.members.map((m) => m.outcome)).toEqual(['valid', 'invalid', 'valid']);
    expect(last.group?.members[1]?.reasons?.slice(0, 2)).toEqual(['doses-insufficient', 'needs-3-doses']);
    await call('groupEnd');
    expect(await pulsesSince(before, 0)).toBe(0);
  });

  it('a refused 10th pass cannot spoil or join a full admitted group', async () => {
    const before = pulses();
    await call('groupStart');
    for (let i = 0; i < 9; i++) await scan(valid());
    const tenth = await scan(refusedPass());
    expect(tenth.groupEntry).toBe('full');
    expect(tenth.group?.admitted).toBe(true);
    expect(tenth.group?.members.every((m) => m.outcome === 'valid')).toBe(true);
    await call('groupEnd');
    expect(await pulsesSince(before, 1)).toBe(1);
  });
});
