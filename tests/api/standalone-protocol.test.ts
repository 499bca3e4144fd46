// The standalone shell's API boundary: token, origin, schema checks both ways, static files only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskState } from '../../main/api/state.ts';
import { connect, request } from '../support/api-client.ts';
import { startKiosk, type RunningKiosk } from '../support/kiosk-server.ts';

let kiosk: RunningKiosk;
beforeAll(async () => { kiosk = await startKiosk(); });
afterAll(async () => { await kiosk?.stop(); });

describe('WebSocket API', () => {
  it('answers a valid request with a result that passes its schema', async () => {
    const ws = await connect(kiosk);
    const r = await request(ws, { id: 7, method: 'getState', params: {} });
    ws.close();
    expect(r.id).toBe(7);
    expect(r.ok).toBe(true);
    expect(KioskState.safeParse(r.result).success).toBe(true);
  });

  it('refuses malformed messages without acting on them', async () => {
    const ws = await connect(kiosk);
    const wrongType = await request(ws, { id: 1, method: 'submitScan', params: { text: 42, source: 'camera' } });
    expect(wrongType).toMatchObject({ id: 1, ok: false, error: { code: 'bad-request' } });
    const extraField = await request(ws, { id: 2, method: 'submitScan', params: { text: 'x', source: 'camera', evil: true } });
    expect(extraField).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const badSource = await request(ws, { id: 3, method: 'submitScan', params: { text: 'x', source: 'serial' } });
    expect(badSource).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const oversize = await request(ws, { id: 4, method: 'submitScan', params: { text: 'A'.repeat(20_000), source: 'manual' } });
    expect(oversize).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const unknown = await request(ws, { id: 5, method: '__proto__', params: {} });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    const notJson = await request(ws, '{not json');
    expect(notJson).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const operatorOnly = await request(ws, { id: 6, method: 'exportStats', params: { granularity: 'day' } });
    expect(operatorOnly).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    ws.close();
  });

  it('rejects a connection without the token or from another origin', async () => {
    await expect(connect({ origin: kiosk.origin, token: 'wrong' })).rejects.toThrow(/403/);
    await expect(connect(kiosk, { Origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('serves only the built renderer, with the CSP, and no path outside it', async () => {
    const index = await fetch(`${kiosk.origin}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/%2e%2e%2f%2e%2e%2fetc/passwd']) {
      const r = await fetch(`${kiosk.origin}${p}`);
      expect(r.status, p).toBe(404);
    }
  });
});
