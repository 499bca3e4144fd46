// `--headless` tells its user where the screen is without printing the session token: stdout (a journal other
// users may read) names a file only the kiosk user can read, and another local user (nobody) cannot read it.
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, request } from '../support/api-client.ts';
import { startKiosk, type RunningKiosk } from '../support/kiosk-server.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-token-'));
let kiosk: RunningKiosk;
beforeAll(async () => {
  chmodSync(dataDir, 0o755);
  kiosk = await startKiosk({ dataDir });
});
afterAll(async () => {
  await kiosk?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('session token delivery (headless)', () => {
  it('prints the path of a 0600 URL file, never the token', async () => {
    const m = /Open the URL in (\S+) \(readable by this user only\)/.exec(kiosk.output());
    expect(m).not.toBeNull();
    const file = m![1]!;
    expect(kiosk.token).toMatch(/^[0-9a-f]{48}$/);
    expect(kiosk.output()).not.toContain(kiosk.token);
    expect(readFileSync(file, 'utf8')).toContain(`#token=${kiosk.token}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    if (process.getuid?.() === 0) {
      // another local user tries to read it
      expect(() => execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'cat', file], { stdio: 'pipe' })).toThrow();
    }
    const ws = await connect(kiosk);
    expect((await request(ws, { id: 1, method: 'getState', params: {} })).ok).toBe(true);
    ws.close();
  });

  it('refuses a start link nobody was given, and a WebSocket with a forged cookie', async () => {
    const r = await fetch(`${kiosk.origin}/boot/${'ab'.repeat(24)}`, { redirect: 'manual' });
    expect(r.status).toBe(403);
    await expect(connect({ origin: kiosk.origin, token: '' }, { Cookie: `kiosk_token=${'0'.repeat(48)}` })).rejects.toThrow(/403/);
    // the cookie route works with the real token (what the kiosk's Chromium carries after its start link)
    const ws = await connect({ origin: kiosk.origin, token: '' }, { Cookie: `kiosk_token=${kiosk.token}` });
    expect((await request(ws, { id: 1, method: 'getState', params: {} })).ok).toBe(true);
    ws.close();
  });

  it('mints a start link (POST /boot) only for the token in the Authorization header, never for a browser page', async () => {
    const boot = (headers: Record<string, string>, method = 'POST') => fetch(`${kiosk.origin}/boot`, { method, headers, redirect: 'manual' });
    expect((await boot({})).status).toBe(403);
    expect((await boot({ Authorization: `Bearer ${'0'.repeat(48)}` })).status).toBe(403);
    expect((await boot({ Authorization: kiosk.token })).status).toBe(403);
    expect((await boot({ Authorization: `Bearer ${kiosk.token}` }, 'GET')).status).toBe(403);
    // a page in a browser sends Origin, even its own origin's: no page mints a link, whatever it learnt
    expect((await boot({ Authorization: `Bearer ${kiosk.token}`, Origin: kiosk.origin })).status).toBe(403);
    const ok = await boot({ Authorization: `Bearer ${kiosk.token}` });
    expect(ok.status).toBe(200);
    const path = await ok.text();
    expect(path).toMatch(/^\/boot\/[0-9a-f]{48}$/);
    expect(path).not.toContain(kiosk.token);
    const first = await fetch(`${kiosk.origin}${path}`, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('set-cookie')).toContain(`kiosk_token=${kiosk.token}`);
    expect((await fetch(`${kiosk.origin}${path}`, { redirect: 'manual' })).status).toBe(403);
  });
});
