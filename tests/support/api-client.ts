// A tiny Node WebSocket client for the standalone shell's API, for tests.
import WebSocket from 'ws';
import type { RunningKiosk } from './kiosk-server.ts';

export function connect(kiosk: Pick<RunningKiosk, 'origin' | 'token'>, headers: Record<string, string> = {}): Promise<WebSocket> {
  const ws = new WebSocket(`${kiosk.origin.replace('http', 'ws')}/api?token=${kiosk.token}`, { headers: { Origin: kiosk.origin, ...headers } });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

/** Sends one raw message and returns the response with the same id (or id -1 for envelope errors). */
export function request(ws: WebSocket, msg: unknown): Promise<{ id: number; ok: boolean; result?: unknown; error?: { code: string; message: string } }> {
  return new Promise((resolve) => {
    const onMsg = (data: WebSocket.RawData) => {
      const m = JSON.parse(data.toString());
      if ('event' in m) return;
      ws.off('message', onMsg);
      resolve(m);
    };
    ws.on('message', onMsg);
    ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  });
}

export async function callOnce(kiosk: Pick<RunningKiosk, 'origin' | 'token'>, method: string, params: unknown): Promise<unknown> {
  const ws = await connect(kiosk);
  try {
    const r = await request(ws, { id: 1, method, params });
    if (!r.ok) throw new Error(`${method}: ${r.error?.message}`);
    return r.result;
  } finally {
    ws.close();
  }
}
