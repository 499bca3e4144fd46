// The fleet dashboard over HTTP: login, the overview (sites, kiosks, online/offline, colour list, faults, today's
// counts, per-day and per-hour charts) and the CSV export. Every page but the login needs the session cookie.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dayKey } from '../stats/period.ts';
import { loadFontIndex, type FontIndex } from '../venue/fonts.ts';
import { createDashboardAuth, COOKIE, type DashboardAuth } from './dashboard-auth.ts';
import { DASHBOARD_CSS, DASHBOARD_HTML, DASHBOARD_JS, LOGIN_HTML } from './dashboard-page.ts';
import type { Queryable } from './db.ts';
import { countSeries, fleetCsv, fleetRows, kioskOverview } from './queries.ts';

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const DAY_MS = 86_400_000;

export interface DashboardServer {
  url: string;
  port: number;
  auth: DashboardAuth;
  close(): Promise<void>;
}

export async function startDashboard(opts: { db: Queryable; port: number; host?: string; password?: string; now?: () => number; log?: (l: string) => void }): Promise<DashboardServer> {
  const auth = createDashboardAuth(opts.password);
  // the kiosk's own Traditional Chinese font (a browser without a CJK system font would show boxes)
  let fonts: FontIndex | null = null;
  try {
    fonts = loadFontIndex();
  } catch {
    fonts = null;
  }
  const fontFiles = new Map((fonts?.files ?? []).map((f, i) => [basename(f), i]));
  const fontCss = fonts
    ? fonts.files.map((f, i) => `@font-face{font-family:"Kiosk Noto Sans HK";font-weight:400;font-display:swap;src:url(/fonts/${basename(f)}) format("woff");unicode-range:${fonts!.cssRange(i)}}`).join('\n')
    : '';
  const now = opts.now ?? Date.now;

  function send(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
    res.writeHead(status, {
      'content-type': type, 'cache-control': 'no-store', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer', ...extra,
    });
    res.end(body);
  }

  async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
    let body = '';
    for await (const chunk of req) {
      body += chunk;
      if (body.length > 4096) return null;
    }
    return new URLSearchParams(body);
  }

  async function overview(): Promise<unknown> {
    const t = now();
    const today = dayKey(t);
    const from = dayKey(t - 29 * DAY_MS);
    const days = Array.from({ length: 30 }, (_, i) => dayKey(t - (29 - i) * DAY_MS));
    const hours = Array.from({ length: 24 }, (_, h) => `${today}T${String(h).padStart(2, '0')}:00`);
    return {
      day: today,
      kiosks: await kioskOverview(opts.db, today),
      perDay: await countSeries(opts.db, { from, to: today, by: 'day' }),
      perHour: await countSeries(opts.db, { from: today, to: today, by: 'hour' }),
      days, hours,
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (req.method === 'GET' && path === '/app.css') return send(res, 200, 'text/css; charset=utf-8', fontCss + DASHBOARD_CSS);
    if (req.method === 'GET' && path.startsWith('/fonts/') && fonts && fontFiles.has(path.slice(7))) {
      res.writeHead(200, { 'content-type': 'font/woff', 'cache-control': 'max-age=86400', 'x-content-type-options': 'nosniff' });
      res.end(readFileSync(fonts.files[fontFiles.get(path.slice(7))!]!));
      return;
    }
    if (req.method === 'GET' && path === '/app.js') return send(res, 200, 'text/javascript; charset=utf-8', DASHBOARD_JS);
    if (req.method === 'GET' && path === '/login') return send(res, 200, 'text/html; charset=utf-8', LOGIN_HTML());
    if (req.method === 'POST' && path === '/login') {
      const form = await readForm(req);
      const r = auth.login(form?.get('password') ?? '', now());
      if (r.token !== null) return send(res, 303, 'text/plain', '', { location: '/', 'set-cookie': `${COOKIE}=${r.token}; HttpOnly; SameSite=Strict; Path=/` });
      const msg = r.retryAfterMs > 0
        ? `密碼錯誤次數過多，請 ${Math.ceil(r.retryAfterMs / 1000)} 秒後再試。Too many wrong passwords: try again in ${Math.ceil(r.retryAfterMs / 1000)} s.`
        : '密碼不正確。Wrong password.';
      return send(res, 401, 'text/html; charset=utf-8', LOGIN_HTML(msg));
    }
    if (!auth.check(req.headers.cookie, now())) {
      if (path.startsWith('/api/') || path.endsWith('.csv')) return send(res, 401, 'application/json', '{"error":"login required"}');
      return send(res, 303, 'text/plain', '', { location: '/login' });
    }
    if (req.method === 'POST' && path === '/logout') {
      auth.logout(req.headers.cookie);
      return send(res, 303, 'text/plain', '', { location: '/login', 'set-cookie': `${COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0` });
    }
    if (req.method === 'GET' && path === '/') return send(res, 200, 'text/html; charset=utf-8', DASHBOARD_HTML);
    if (req.method === 'GET' && path === '/api/overview') return send(res, 200, 'application/json', JSON.stringify(await overview()));
    if (req.method === 'GET' && path === '/export.csv') {
      const bound = (k: string) => { const v = url.searchParams.get(k); return v && /^\d{4}-\d{2}-\d{2}(T\d{2})?$/.test(v) ? v : undefined; };
      const site = url.searchParams.get('site') ?? undefined;
      const rows = await fleetRows(opts.db, { from: bound('from'), to: bound('to'), ...(site ? { site } : {}) });
      return send(res, 200, 'text/csv; charset=utf-8', fleetCsv(rows), { 'content-disposition': 'attachment; filename="fleet-counts.csv"' });
    }
    send(res, 404, 'text/plain', 'not found');
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => {
      opts.log?.(`dashboard: ${e.message}`);
      if (!res.headersSent) send(res, 503, 'application/json', '{"error":"the fleet database is not answering"}');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}/`,
    port,
    auth,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
