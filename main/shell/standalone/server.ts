// The standalone shell's server: the renderer over HTTP and the kiosk API over a WebSocket, on 127.0.0.1 only,
// guarded by a random per-start token and an Origin check.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch, MAX_MESSAGE_BYTES } from '../../api/dispatch.ts';
import type { KioskCore } from '../../kiosk/core.ts';
import { SECURITY_HEADERS, serveStatic } from './static.ts';

export interface StandaloneServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_IN_FLIGHT = 32;
const MAX_BUFFERED = 1024 * 1024;

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startStandaloneServer(
  core: KioskCore,
  opts: { port: number; rendererDir: string; token?: string },
): Promise<StandaloneServer> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const http = createServer((req, res) => {
    if ((req.url ?? '').startsWith('/api')) {
      res.writeHead(426, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end('WebSocket only');
      return;
    }
    serveStatic(opts.rendererDir, req, res);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  let port = 0;

  function allowed(req: IncomingMessage): boolean {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/api') return false;
    if (!sameToken(url.searchParams.get('token') ?? '', token)) return false;
    const origin = req.headers.origin;
    // Browsers always send Origin; a page from anywhere else must not drive the kiosk even on this machine.
    if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) return false;
    return true;
  }

  http.on('upgrade', (req, socket, head) => {
    if (!allowed(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const clients = new Set<WebSocket>();
  const unsubscribe = core.onEvent((env) => {
    const msg = JSON.stringify(env);
    for (const ws of clients) if (ws.readyState === ws.OPEN && ws.bufferedAmount < MAX_BUFFERED) ws.send(msg);
  });

  wss.on('connection', (ws) => {
    clients.add(ws);
    const session = core.openSession();
    let inFlight = 0;
    ws.on('message', async (data, isBinary) => {
      const send = (o: unknown) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(o));
      if (isBinary) return send({ id: -1, ok: false, error: { code: 'bad-request', message: 'text frames only' } });
      let raw: unknown;
      try {
        raw = JSON.parse(data.toString());
      } catch {
        return send({ id: -1, ok: false, error: { code: 'bad-request', message: 'not JSON' } });
      }
      if (inFlight >= MAX_IN_FLIGHT) {
        // answered under its own id, so that the caller fails at once instead of waiting for its time-out
        const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
        return send({ id, ok: false, error: { code: 'bad-request', message: 'too many requests in flight' } });
      }
      inFlight++;
      try {
        send(await dispatch(raw, session.handlers, session));
      } finally {
        inFlight--;
      }
    });
    ws.on('close', () => {
      clients.delete(ws);
      session.close();
    });
    ws.on('error', () => ws.terminate());
  });

  await new Promise<void>((res, rej) => {
    http.once('error', rej);
    http.listen(opts.port, '127.0.0.1', () => res());
  });
  port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      wss.close();
      await new Promise<void>((res) => http.close(() => res()));
    },
  };
}
