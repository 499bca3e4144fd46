// With a display and Chromium present, the standalone shell opens a kiosk window (a real Xvfb display). The
// session token must not leak to other local users: Chromium's command line (world-readable in /proc) names only
// a start page in a directory only the kiosk user can read, the start link in it works once, the shell's stdout
// never shows the token, and the Chromium profile's history keeps nothing that still opens the kiosk.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, request } from '../support/api-client.ts';

const procs: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function waitFor(get: () => string, re: RegExp, ms: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => {
      const m = re.exec(get());
      if (m) return resolve(m);
      if (Date.now() - t0 > ms) return reject(new Error(`timed out waiting for ${re}:\n${get()}`));
      setTimeout(tick, 100);
    };
    tick();
  });
}

/** Runs `cat FILE` as the unprivileged user nobody: what another local user could read. */
function readAsNobody(file: string): { ok: boolean; text: string } {
  try {
    return { ok: true, text: execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'cat', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch {
    return { ok: false, text: '' };
  }
}

/** Every file under dir (the Chromium profile), read as bytes. */
function allBytes(dir: string): Buffer {
  const out: Buffer[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) try { out.push(readFileSync(p)); } catch { /* a socket or a vanished lock file */ }
    }
  };
  walk(dir);
  return Buffer.concat(out);
}

describe('standalone shell with a display', () => {
  it('opens Chromium in kiosk mode, and no other local user can learn the session token', async () => {
    const display = `:${90 + (process.pid % 9)}`;
    const xvfb = spawn('/usr/bin/Xvfb', [display, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    procs.push(xvfb);
    await new Promise((r) => setTimeout(r, 700)); // let the X server create its socket
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-x-'));
    dirs.push(dataDir);
    chmodSync(dataDir, 0o755); // as a home directory's config folder often is: the kiosk must not rely on it
    const kiosk = spawn(process.execPath, ['dist/main/standalone.mjs', '--port', '0', '--data-dir', dataDir], {
      env: { ...process.env, DISPLAY: display },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    procs.push(kiosk);
    let out = '';
    kiosk.stdout!.on('data', (d) => (out += d));
    kiosk.stderr!.on('data', (d) => (out += d));
    const m = await waitFor(() => out, /Kiosk open in Chromium \(kiosk mode\) on port (\d+)\. The URL with its access token is in (\S+) /, 120_000);
    const port = m[1]!;
    const urlFile = m[2]!;
    const url = new URL(readFileSync(urlFile, 'utf8').trim());
    const token = url.hash.replace('#token=', '');
    expect(token).toMatch(/^[0-9a-f]{48}$/);
    expect(url.port).toBe(port);

    // a Chromium child of the kiosk runs with --kiosk on a start page, and its command line holds no token
    const ps = await waitFor(() => execFileSync('ps', ['-eo', 'pid,ppid,args'], { encoding: 'utf8' }), /^\s*(\d+)\s+\d+\s+\S*chromium\S*\s.*--kiosk.*--app=(file:\S+)/m, 60_000);
    expect(ps[0]).toContain('--kiosk');
    const startPage = new URL(ps[2]!);
    // the real screen used the single-use link and connected with its cookie
    await waitFor(() => out, /Kiosk screen connected\./, 120_000);
    const cmdline = readAsNobody(`/proc/${ps[1]}/cmdline`);
    expect(cmdline.ok).toBe(true); // any local user can read it...
    expect(cmdline.text).toContain('--app=file:');
    expect(cmdline.text).not.toContain(token); // ...and finds no token there
    expect(out).not.toContain(token);

    // the URL file and the start page are the kiosk user's alone; the start page is gone once used
    expect(statSync(urlFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'run')).mode & 0o777).toBe(0o700);
    expect(readAsNobody(urlFile).ok).toBe(false);
    expect(existsSync(startPage.pathname)).toBe(false);

    // whoever finds the start link later (history, a copy of the page) gets nothing
    const bootCode = /\/boot\/[0-9a-f]+/.exec(allBytes(join(dataDir, 'chromium-profile')).toString('latin1'))?.[0];
    if (bootCode) {
      const replay = await fetch(`http://127.0.0.1:${port}${bootCode}`, { redirect: 'manual' });
      expect(replay.status).toBe(403);
      expect(replay.headers.get('set-cookie')).toBeNull();
    }
    const fresh = await fetch(`http://127.0.0.1:${port}/boot/${'0'.repeat(48)}`, { redirect: 'manual' });
    expect(fresh.status).toBe(403);

    // the token from the kiosk user's file still works for the kiosk user's tools
    const ws = await connect({ origin: `http://127.0.0.1:${port}`, token });
    expect((await request(ws, { id: 1, method: 'getState', params: {} })).ok).toBe(true);
    ws.close();

    kiosk.kill('SIGTERM');
    await new Promise((r) => kiosk.once('exit', r));
    // nothing the profile kept (history, session, cookies on disk) holds the token
    expect(allBytes(join(dataDir, 'chromium-profile')).includes(Buffer.from(token))).toBe(false);
    xvfb.kill('SIGTERM');
  }, 400_000);
});
