// reportDevice over the real WebSocket: a screen that reports 4,000 "connected scanners" gets four of its own
// (camera and wedge kinds only), the state message stays small, another screen's devices cannot be replaced, and
// a screen's devices go when its connection closes.
import type WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, request } from '../support/api-client.ts';
import { startKiosk, type RunningKiosk } from '../support/kiosk-server.ts';

let kiosk: RunningKiosk;
beforeAll(async () => { kiosk = await startKiosk(); });
afterAll(async () => { await kiosk?.stop(); });

/** Sends every message at once and collects the answers (the shared helper answers one request at a time). */
function burst(ws: WebSocket, msgs: unknown[]): Promise<{ id: number; ok: boolean; result?: { ok: boolean } }[]> {
  return new Promise((resolve) => {
    const got: { id: number; ok: boolean; result?: { ok: boolean } }[] = [];
    const onMsg = (d: WebSocket.RawData) => {
      const m = JSON.parse(d.toString());
      if ('event' in m) return;
      got.push(m);
      if (got.length === msgs.length) { ws.off('message', onMsg); resolve(got); }
    };
    ws.on('message', onMsg);
    for (const m of msgs) ws.send(JSON.stringify(m));
  });
}

const devices = async (ws: WebSocket) => {
  const r = await request(ws, { id: 1, method: 'getState', params: {} });
  return { list: (r.result as { devices: { id: string; kind: string; label: string }[] }).devices, bytes: JSON.stringify(r).length };
};

describe('reportDevice', () => {
  it('is bounded per screen and forgotten when the screen goes', async () => {
    const screen = await connect(kiosk);
    const attacker = await connect(kiosk);
    expect(await request(screen, { id: 2, method: 'reportDevice', params: { id: 'camera', kind: 'camera', label: 'Door camera', state: 'connected' } }))
      .toMatchObject({ ok: true, result: { ok: true } });

    let accepted = 0;
    for (let i = 0; i < 4000; i += 30) {
      const answers = await burst(attacker, Array.from({ length: 30 }, (_, j) => ({
        id: 10 + i + j, method: 'reportDevice', params: { id: `fake-${i + j}`, kind: i + j < 100 ? 'camera' : 'wedge', label: 'X'.repeat(200), state: 'connected' },
      })));
      accepted += answers.filter((a) => a.result?.ok).length;
    }
    expect(accepted).toBe(4);
    // not a scanner: screens report their own camera and wedge only
    expect(await request(attacker, { id: 9, method: 'reportDevice', params: { id: 'camera', kind: 'serial', label: 'Fake serial', state: 'connected' } }))
      .toMatchObject({ ok: true, result: { ok: false } });
    // the same id from another screen is that screen's own entry, not a replacement of the door camera
    await request(attacker, { id: 8, method: 'reportDevice', params: { id: 'fake-0', kind: 'camera', label: 'Door camera', state: 'disconnected' } });

    const during = await devices(screen);
    expect(during.list.filter((d) => d.kind === 'camera' || d.kind === 'wedge')).toHaveLength(5);
    expect(during.list.find((d) => d.id === 'camera')).toMatchObject({ label: 'Door camera' });
    expect(during.bytes).toBeLessThan(16 * 1024);

    await new Promise((r) => { attacker.once('close', r); attacker.close(); });
    // the server forgets a closed connection a moment after the client sees the close
    let after = await devices(screen);
    while (after.list.some((d) => d.id.startsWith('fake-'))) after = await devices(screen);
    expect(after.list.filter((d) => d.kind === 'camera' || d.kind === 'wedge').map((d) => d.id)).toEqual(['camera']);
    screen.close();
  });
});
