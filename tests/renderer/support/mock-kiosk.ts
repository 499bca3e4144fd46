// A stand-in core for developing the screens before (or apart from) the real one: serves dist/renderer and answers
// the API with canned data. End-to-end acceptance runs against the real standalone shell, not this.
import { createServer } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { KioskState, VerdictEvent } from '../../../main/api/state.ts';
import type { Verdict } from '../../../main/api/verdict.ts';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.wasm': 'application/wasm' };
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; worker-src 'self' blob:";

export function demoState(): KioskState {
  return {
    ready: true, shell: 'standalone',
    venue: { nameZh: '示範茶餐廳（虛構）', nameEn: 'Demo Cha Chaan Teng (fictional)', type: 'RESTAURANT', typeLabel: '食肆 / Restaurant', code: 'HKEN:0DEMO0001eyJtZXRhZGF0YSI6bnVsbH0=', demo: true },
    demoTrust: true,
    ruleProfile: { id: 'hk-2022-11-30', label: 'HK 2022-11-30', pinned: true },
    devices: [{ id: 'serial:/dev/ttyACM0', kind: 'serial', label: 'Serial scanner ttyACM0', state: 'connected', lastScanAt: Date.now() - 60_000 }],
    statusList: { loaded: true, version: 12, stale: false, ageSeconds: 840, entries: 1000, issuedAt: '2026-11-28T09:00:00Z', expiresAt: '2026-11-29T09:00:00Z' },
    operator: { loggedIn: false },
    settings: {
      verdictSeconds: 5, volume: 0.7, muted: false, languageOrder: 'zh-en', operatorLanguage: 'zh', unknownColourPolicy: 'warn',
      venueCheck: 'active', ruleProfile: 'hk-2022-11-30', camera: { enabled: false, mirror: true }, relay: { enabled: false, pulseMs: 500 },
      retentionDays: 31, statusSync: { intervalMinutes: 30 },
    },
    group: { active: false, members: [], admitted: false, max: 9 },
    faults: [],
  };
}

export interface MockKiosk { url: string; emitVerdict(v: Partial<Verdict> & Pick<Verdict, 'outcome'>): VerdictEvent; state: KioskState; close(): Promise<void> }

export async function startMockKiosk(rendererDir = 'dist/renderer'): Promise<MockKiosk> {
  const state = demoState();
  let seq = 0;
  let failures = 0;
  const clients = new Set<WebSocket>();
  const http = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(rendererDir, path === '/' ? 'index.html' : path);
    if (!existsSync(file)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': CSP }).end(readFileSync(file));
  });
  const wss = new WebSocketServer({ server: http, path: '/api' });
  const broadcast = (event: string, data: unknown) => { for (const c of clients) c.send(JSON.stringify({ event, data })); };
  const handlers: Record<string, (p: Record<string, unknown>) => unknown> = {
    getState: () => state,
    getSettings: () => state.settings,
    setSettings: (p) => { Object.assign(state.settings, p.patch); broadcast('state', state); return state.settings; },
    operatorLogin: (p) => {
      if (p.pin === '1234') { failures = 0; state.operator.loggedIn = true; return { ok: true }; }
      failures++;
      return failures >= 5 ? { ok: false, retryAfterMs: 1000 * 2 ** (failures - 5) * 5 } : { ok: false };
    },
    operatorLogout: () => { state.operator.loggedIn = false; return { ok: true }; },
    groupStart: () => { state.group = { active: true, members: [], admitted: false, max: 9 }; return state.group; },
    groupEnd: () => { state.group = { active: false, members: [], admitted: false, max: 9 }; return state.group; },
    getStats: (p) => ({ rows: p.granularity === 'hour'
      ? Array.from({ length: 12 }, (_, i) => [{ period: `2026-11-28T${String(i + 8).padStart(2, '0')}`, outcome: 'valid', credential: 'hk-vac', source: 'serial', count: 10 + ((i * 7) % 13) }, { period: `2026-11-28T${String(i + 8).padStart(2, '0')}`, outcome: 'invalid', credential: 'hk-vac', source: 'serial', count: (i * 3) % 5 }]).flat()
      : [{ period: '2026-11-27', outcome: 'valid', credential: 'hk-vac', source: 'serial', count: 180 }, { period: '2026-11-28', outcome: 'valid', credential: 'hk-vac', source: 'serial', count: 150 }] }),
    exportStats: () => ({ csv: 'period,outcome,credential,source,count\n' }),
    listPrinters: () => ({ printers: [{ name: 'Office_Laser', isDefault: true }] }),
    printPoster: () => ({ ok: true }),
    savePoster: () => ({ ok: true, path: '/tmp/poster.pdf' }),
    syncStatusList: () => state.statusList,
    setVenue: () => ({ ok: false, error: 'hash mismatch' }),
    changePin: () => ({ ok: true }),
    exitKiosk: () => ({ ok: true }),
    reportDevice: () => ({ ok: true }),
    submitScan: () => { throw new Error('mock: use emitVerdict'); },
  };
  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { id: number; method: string; params: Record<string, unknown> };
      try { ws.send(JSON.stringify({ id: m.id, ok: true, result: handlers[m.method]!(m.params) })); }
      catch (e) { ws.send(JSON.stringify({ id: m.id, ok: false, error: { code: 'internal', message: String(e) } })); }
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/#token=mock`,
    state,
    emitVerdict(v) {
      const verdict: Verdict = { credential: 'hk-vac', reasons: [], stages: {}, display: {}, demo: true, ...v };
      const g = state.group;
      if (g.active && g.members.length < g.max) {
        g.members.push({ outcome: verdict.outcome, credential: verdict.credential, ...(verdict.display.name ? { name: verdict.display.name } : {}) });
        g.admitted = g.members.every((x) => x.outcome === 'valid' || x.outcome === 'exempt');
      }
      const ev: VerdictEvent = { seq: ++seq, verdict, source: 'manual', deviceId: 'mock', at: Date.now(), ...(g.active ? { group: structuredClone(g) } : {}) };
      broadcast('verdict', ev);
      return ev;
    },
    async close() { for (const c of clients) c.terminate(); wss.close(); await new Promise<void>((r) => http.close(() => r())); },
  };
}
