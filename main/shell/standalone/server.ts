// The standalone shell's server: the renderer over HTTP and the kiosk API over a WebSocket, on 127.0.0.1 only,
// guarded by a random per-start token and an Origin check. The token reaches a caller in one of two ways:
//  - `?token=` on the WebSocket URL, for whoever can read the URL file (only the kiosk user; tools and tests);
//  - an HttpOnly cookie set by a single-use bootstrap path (`/boot/CODE`), for the kiosk's own Chromium window,
//    so that neither its command line nor its history holds anything that still opens the kiosk. A display
//    session in another process (the Debian package's screen service) asks for such a path with `POST /boot`
//    and the token in its Authorization header, never in a URL.
// Nothing unauthenticated may hold the process's file descriptors: connections that have not upgraded are capped
// and timed out, and the oldest is dropped first.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch, MAX_MESSAGE_BYTES } from '../../api/dispatch.ts';
import type { KioskCore } from '../../kiosk/core.ts';
import { standaloneCsp } from '../csp.ts';
import { SECURITY_HEADERS, serveStatic } from './static.ts';

export interface StandaloneServer {
  url: string;
  port: number;
  token: string;
  /** a new single-use bootstrap path (`/boot/CODE`) that gives one browser the token as a cookie */
  bootPath(): string;
  /** resolves once a browser has used a bootstrap path and connected with its cookie */
  screenConnected: Promise<void>;
  close(): Promise<void>;
}

export interface ServerLimits {
  /** WebSocket connections holding the token at once (a kiosk has one or two screens) */
  maxClients: number;
  /** TCP connections that have not (yet) become an authenticated WebSocket */
  maxPending: number;
  /** how long a connection may take to send its request headers / finish its upgrade */
  handshakeMs: number;
  /** bytes queued for one slow reader before it is dropped (a screen is never dropped, it skips events) */
  maxBuffered: number;
}

export const DEFAULT_LIMITS: ServerLimits = { maxClients: 4, maxPending: 64, handshakeMs: 10_000, maxBuffered: 1024 * 1024 };

const MAX_IN_FLIGHT = 32;
const COOKIE = 'kiosk_token';
const BOOT_TTL_MS = 5 * 60_000;
/** unused start links held at once (a screen asks for one per start); the oldest is dropped first */
const MAX_BOOT_CODES = 8;

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === COOKIE && v) return v;
  }
  return '';
}

export async function startStandaloneServer(
  core: KioskCore,
  opts: { port: number; rendererDir: string; token?: string; limits?: Partial<ServerLimits> },
): Promise<StandaloneServer> {
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const token = opts.token ?? randomBytes(24).toString('hex');
  /** unused bootstrap codes and when they stop working (monotonic) */
  const bootCodes = new Map<string, number>();
  let screenSeen = (): void => {};
  const screenConnected = new Promise<void>((r) => { screenSeen = r; });
  const newBootPath = (): string => {
    const code = randomBytes(24).toString('hex');
    bootCodes.set(code, performance.now() + BOOT_TTL_MS);
    while (bootCodes.size > MAX_BOOT_CODES) bootCodes.delete(bootCodes.keys().next().value as string);
    return `/boot/${code}`;
  };

  const http = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    if (path.startsWith('/api')) {
      res.writeHead(426, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end('WebSocket only');
      return;
    }
    if (path === '/boot') {
      // no browser page may mint one (a page always sends Origin), and only with the token itself
      const auth = req.headers.authorization ?? '';
      const given = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : '';
      if (req.method !== 'POST' || req.headers.origin !== undefined || !given || !sameToken(given, token)) {
        res.writeHead(403, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end('forbidden');
        return;
      }
      req.resume();
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end(newBootPath());
      return;
    }
    if (path.startsWith('/boot/')) {
      const code = path.slice('/boot/'.length);
      const until = bootCodes.get(code);
      bootCodes.delete(code); // single use, whatever the outcome
      if (until === undefined || performance.now() > until || req.method !== 'GET') {
        res.writeHead(403, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end('this start link was used already');
        return;
      }
      res.writeHead(303, {
        ...SECURITY_HEADERS,
        // HttpOnly: the page's own script never sees it; Path=/api: only the WebSocket carries it
        'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/api`,
        Location: '/',
      }).end();
      return;
    }
    serveStatic(opts.rendererDir, req, res, pageHeaders);
  });
  let pageHeaders = SECURITY_HEADERS;
  // slow-loris headers and requests that never end do not keep a descriptor
  http.headersTimeout = limits.handshakeMs;
  http.requestTimeout = limits.handshakeMs * 3;
  http.keepAliveTimeout = 5000;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  let port = 0;

  // Every TCP connection starts pending; it leaves the set when it becomes an authenticated WebSocket or closes.
  const pending = new Set<Socket>();
  http.on('connection', (socket: Socket) => {
    pending.add(socket);
    socket.setTimeout(limits.handshakeMs * 3, () => { if (pending.has(socket)) socket.destroy(); });
    socket.once('close', () => pending.delete(socket));
    while (pending.size > limits.maxPending) {
      const oldest = pending.values().next().value as Socket;
      pending.delete(oldest);
      oldest.destroy();
    }
  });

  function allowed(req: IncomingMessage): 'query' | 'cookie' | false {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/api') return false;
    const origin = req.headers.origin;
    // Browsers always send Origin; a page from anywhere else must not drive the kiosk even on this machine.
    if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) return false;
    const q = url.searchParams.get('token') ?? '';
    if (q) return sameToken(q, token) ? 'query' : false;
    const c = cookieToken(req);
    return c && sameToken(c, token) ? 'cookie' : false;
  }

  const clients = new Map<WebSocket, { screen: boolean }>();
  http.on('upgrade', (req, socket: Socket, head) => {
    const how = allowed(req);
    if (!how) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    if (clients.size >= limits.maxClients) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      return;
    }
    pending.delete(socket);
    socket.setTimeout(0);
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.set(ws, { screen: how === 'cookie' });
      wss.emit('connection', ws, req);
      if (how === 'cookie') screenSeen();
    });
  });

  const unsubscribe = core.onEvent((env) => {
    const msg = JSON.stringify(env);
    for (const [ws, c] of clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (ws.bufferedAmount + msg.length <= limits.maxBuffered) ws.send(msg);
      // a reader that does not keep up is dropped so that it cannot hold the kiosk's memory; the door's own
      // screen only misses events (the next state message brings it up to date)
      else if (!c.screen) ws.terminate();
    }
  });

  wss.on('connection', (ws: WebSocket) => {
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
    http.listen(opts.port, '127.0.0.1', () => {
      http.off('error', rej);
      res();
    });
  });
  // an accept() that fails (EMFILE under a flood) is that connection's problem, not the kiosk's
  http.on('error', () => undefined);
  http.on('clientError', (_e, socket: Socket) => socket.destroy());
  port = (http.address() as AddressInfo).port;
  pageHeaders = { ...SECURITY_HEADERS, 'Content-Security-Policy': standaloneCsp(port) };
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    screenConnected,
    bootPath: newBootPath,
    async close() {
      unsubscribe();
      for (const ws of clients.keys()) ws.terminate();
      wss.close();
      for (const s of pending) s.destroy();
      await new Promise<void>((res) => http.close(() => res()));
    },
  };
}
