// Parallel PIN guessing over the real standalone shell's WebSocket: four connections (the most one token may
// hold) fire waves of 128 guesses at once. PINs are judged one at a time for the whole kiosk and counted before
// the slow check: the burst gets at most five judged guesses before the lock, the right PIN sent inside the burst
// or during the lock does not log in, and nothing in flight clears the lock the burst earned.
import type WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, request } from '../support/api-client.ts';
import { startKiosk, type RunningKiosk } from '../support/kiosk-server.ts';

let kiosk: RunningKiosk;
beforeAll(async () => { kiosk = await startKiosk(); });
afterAll(async () => { await kiosk?.stop(); });

type Answer = { id: number; ok: boolean; result?: { ok: boolean; retryAfterMs?: number } };

/** Sends every message at once and collects the answers by id. */
function burst(ws: WebSocket, msgs: { id: number; method: string; params: unknown }[]): Promise<Answer[]> {
  return new Promise((resolve) => {
    const got: Answer[] = [];
    const onMsg = (d: WebSocket.RawData) => {
      const m = JSON.parse(d.toString());
      if ('event' in m) return;
      got.push(m);
      if (got.length === msgs.length) {
        ws.off('message', onMsg);
        resolve(got);
      }
    };
    ws.on('message', onMsg);
    for (const m of msgs) ws.send(JSON.stringify(m));
  });
}

const closeAll = (conns: WebSocket[]) => Promise.all(conns.map((c) => new Promise((r) => { c.once('close', r); c.close(); })));

/** The server forgets a closed connection a moment after the client sees the close: retry a refused one briefly. */
async function connectSoon(): Promise<WebSocket> {
  for (let i = 0; ; i++) {
    try {
      return await connect(kiosk);
    } catch (e) {
      if (i > 50 || !/503/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function lockedForMs(ws: WebSocket): Promise<number> {
  const r = await request(ws, { id: 999_999, method: 'getState', params: {} });
  return (r.result as { operator: { lockedForMs?: number } }).operator.lockedForMs ?? 0;
}

describe('parallel PIN guesses', () => {
  it('one token holds at most four connections', async () => {
    const conns = await Promise.all([0, 1, 2, 3].map(() => connect(kiosk)));
    await expect(connect(kiosk)).rejects.toThrow(/503/);
    conns[0]!.close();
    await new Promise((r) => conns[0]!.once('close', r));
    // a screen that reconnects gets its place back
    conns[0] = await connectSoon();
    await closeAll(conns);
  });

  it('are judged one at a time: at most five before the lock, and the right PIN in the burst does not log in', async () => {
    const conns = await Promise.all([0, 1, 2, 3].map(() => connectSoon()));
    let id = 1;
    let judgedWrong = 0; // answered "wrong" without a wait: a guess that was really checked
    let loggedIn = 0;
    let waves = 0;
    // waves of 4 x 32 wrong guesses until the kiosk reports the lock
    while ((await lockedForMs(conns[0]!)) === 0) {
      expect(waves++).toBeLessThan(200);
      const answers = await Promise.all(conns.map((ws) => burst(ws, Array.from({ length: 32 }, () => ({
        id: id++, method: 'operatorLogin', params: { pin: String(1000 + (id % 9000)).padStart(4, '0').replace('1234', '1235') },
      })))));
      for (const a of answers.flat()) {
        expect(a.ok).toBe(true);
        if (a.result!.ok) loggedIn++;
        else if (a.result!.retryAfterMs === undefined) judgedWrong++;
      }
    }
    expect(loggedIn).toBe(0);
    // the fifth judged guess started the lock (answered with its length); the four before it were plain "wrong"
    expect(judgedWrong).toBeLessThanOrEqual(4);

    // during the lock, bursts that hold the right PIN at every position get nowhere and leave the lock in place
    const right = await Promise.all(conns.map((ws) => burst(ws, Array.from({ length: 32 }, (_, i) => ({
      id: id++, method: 'operatorLogin', params: { pin: i % 2 ? '1234' : '9999' },
    })))));
    for (const a of right.flat()) {
      expect(a.result!.ok).toBe(false);
      expect(a.result!.retryAfterMs).toBeGreaterThan(0);
    }
    expect(await lockedForMs(conns[0]!)).toBeGreaterThan(0);
    const stats = await request(conns[1]!, { id: id++, method: 'exportStats', params: { granularity: 'day' } });
    expect(stats).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await closeAll(conns);
  });
});
