// The packaged kiosk's two service entries on this machine: serve (the real standalone shell, its screen URL
// handed over in a file only its user can read, the token kept out of the log) and screen (waits for that file,
// gets a single-use start link from the service, opens the browser on it, and ends when the service comes back
// with a new token). The browser never holds the token: not on its command line, not in its profile.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOnce } from '../support/api-client.ts';
import { parseScreenUrl, type ScreenUrl } from './screen-url.ts';

const repo = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'kiosk-service-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(entry: string, args: string[], env: Record<string, string> = {}) {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(repo, 'main/shell/service', entry), ...args], {
    cwd: repo, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  return { proc, output: () => out };
}

const SLOW = 180_000; // a busy 2-core machine starts Node processes slowly; every wait is for a condition

const exitOf = (p: ChildProcess) => new Promise<number | null>((r) => (p.exitCode !== null ? r(p.exitCode) : p.once('exit', (c) => r(c))));

async function until(what: string, ok: () => boolean, output: () => string): Promise<void> {
  for (let i = 0; i < 1500 && !ok(); i++) await new Promise((r) => setTimeout(r, 100));
  if (!ok()) throw new Error(`${what} did not happen:\n${output()}`);
}

describe('serve: the service entry', () => {
  it('writes the screen URL to a 0600 file, blanks the token in its own output, and removes the file on stop', async () => {
    const urlFile = join(dir, 'run', 'screen-url');
    const s = start('serve.ts', [urlFile, process.execPath, join(repo, 'dist/main/standalone.mjs'), '--headless', '--port', '0', '--data-dir', join(dir, 'data')]);
    await until('the URL file', () => existsSync(urlFile), s.output);
    const url = parseScreenUrl(readFileSync(urlFile, 'utf8'))!;
    expect(url).not.toBeNull();
    expect(statSync(urlFile).mode & 0o777).toBe(0o600);
    // the URL works: the API answers with that token
    expect(await callOnce(url, 'getState', {})).toHaveProperty('settings');
    await until('the serving line', () => /Kiosk serving headless/.test(s.output()), s.output);
    expect(s.output()).not.toContain(url.token);
    s.proc.kill('SIGTERM');
    expect(await exitOf(s.proc)).toBe(0);
    expect(existsSync(urlFile)).toBe(false);
  }, SLOW);
});

describe('screen: the display session entry', () => {
  // a stand-in browser: records its command line, stays until killed or told to exit
  const browser = join(dir, 'browser.sh');
  writeFileSync(browser, `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/browser-args"\n[ -e "${dir}/browser-exit" ] && exit 3\nexec sleep 600\n`);
  chmodSync(browser, 0o755);
  const env = { KIOSK_CHROMIUM: browser };

  // the real kiosk behind it, started by the real service entry
  const served = join(dir, 'served', 'screen-url');
  let kiosk: ReturnType<typeof start>;
  let url: ScreenUrl;
  beforeAll(async () => {
    kiosk = start('serve.ts', [served, process.execPath, join(repo, 'dist/main/standalone.mjs'), '--headless', '--port', '0', '--data-dir', join(dir, 'screen-data')]);
    await until('the URL file', () => existsSync(served), kiosk.output);
    url = parseScreenUrl(readFileSync(served, 'utf8'))!;
  }, SLOW);
  afterAll(async () => {
    if (!kiosk) return;
    kiosk.proc.kill('SIGTERM');
    await exitOf(kiosk.proc);
  }, SLOW);

  const startPageOf = (args: string[]) => fileURLToPath(args.find((a) => a.startsWith('--app=file://'))!.slice('--app='.length));

  it('waits for the URL, opens a single-use start link in kiosk mode, and ends when the service restarts with a new token', async () => {
    const urlFile = join(dir, 'screen-url');
    rmSync(join(dir, 'browser-args'), { force: true });
    const s = start('screen.ts', [urlFile, join(dir, 'profile')], env);
    await until('waiting', () => /Waiting for the kiosk service/.test(s.output()), s.output);
    expect(existsSync(join(dir, 'browser-args'))).toBe(false);
    writeFileSync(urlFile, `${url.url}\n`);
    await until('the browser', () => existsSync(join(dir, 'browser-args')), s.output);
    const args = readFileSync(join(dir, 'browser-args'), 'utf8').split('\n');
    expect(args).toEqual(expect.arrayContaining(['--kiosk', `--user-data-dir=${join(dir, 'profile', 'chromium-profile')}`]));
    // the token is not on the browser's command line: it opens a page only this user can read...
    expect(args.join(' ')).not.toContain(url.token);
    const page = startPageOf(args);
    expect(statSync(page).mode & 0o777).toBe(0o600);
    // ...which holds no token either, only a start link that works once
    const text = readFileSync(page, 'utf8');
    expect(text).not.toContain(url.token);
    const link = new RegExp(`${url.origin}/boot/[0-9a-f]{48}`).exec(text)?.[0];
    expect(link, text).toBeTruthy();
    const used = await fetch(link!, { redirect: 'manual' });
    expect(used.status).toBe(303);
    expect(used.headers.get('set-cookie')).toContain(`kiosk_token=${url.token}; HttpOnly`);
    expect((await fetch(link!, { redirect: 'manual' })).status).toBe(403);
    // the service came back with another token
    writeFileSync(urlFile, `${url.origin}/#token=${'b'.repeat(48)}\n`);
    expect(await exitOf(s.proc)).toBe(0);
    expect(s.output()).toMatch(/restarted: reopening/);
    expect(existsSync(page)).toBe(false);
  }, SLOW);

  it('ends with the browser\'s own exit status when the browser exits', async () => {
    const urlFile = join(dir, 'screen-url-2');
    writeFileSync(urlFile, `${url.url}\n`);
    writeFileSync(join(dir, 'browser-exit'), '');
    const s = start('screen.ts', [urlFile, join(dir, 'profile')], env);
    expect(await exitOf(s.proc)).toBe(3);
    rmSync(join(dir, 'browser-exit'));
  }, SLOW);

  it('opens nothing on a URL file that holds anything but a local kiosk URL, or a token the service refuses', async () => {
    for (const [name, text] of [['screen-url-3', 'http://evil.example/#token=dddd\n'], ['screen-url-4', `${url.origin}/#token=${'d'.repeat(48)}\n`]] as const) {
      const urlFile = join(dir, name);
      writeFileSync(urlFile, text);
      rmSync(join(dir, 'browser-args'), { force: true });
      const s = start('screen.ts', [urlFile, join(dir, 'profile')], env);
      await until('waiting', () => /Waiting for the kiosk service/.test(s.output()), s.output);
      expect(existsSync(join(dir, 'browser-args'))).toBe(false);
      s.proc.kill('SIGTERM');
      await exitOf(s.proc);
    }
  }, SLOW);

  it.runIf(existsSync('/usr/bin/chromium') && existsSync('/usr/bin/Xvfb'))('with the real Chromium on a real X display: the screen connects, and its profile never holds the token', async () => {
    // Xvfb picks a free display and says which on fd 3
    const xvfb = spawn('/usr/bin/Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
    let displayNo = '';
    xvfb.stdio[3]!.on('data', (d) => (displayNo += d));
    try {
      await until('the X display', () => /\d+\n/.test(displayNo), () => displayNo);
      const urlFile = join(dir, 'screen-url-x');
      writeFileSync(urlFile, `${url.url}\n`);
      const profileDir = join(dir, 'profile-x');
      const s = start('screen.ts', [urlFile, profileDir], { DISPLAY: `:${displayNo.trim()}`, KIOSK_CHROMIUM: '/usr/bin/chromium' });
      // the kiosk says so when a screen connected with the start link's cookie
      await until('the screen connected', () => /Kiosk screen connected\./.test(kiosk.output()), () => `${s.output()}\n${kiosk.output()}`);
      const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(`--user-data-dir=${profileDir}`));
      expect(ps.length).toBeGreaterThan(0);
      for (const l of ps) expect(l).not.toContain(url.token);
      s.proc.kill('SIGTERM');
      await exitOf(s.proc);
      // what Chromium kept on disk (history, session, cookies, caches) holds nothing that opens the kiosk
      const profile = allBytes(join(profileDir, 'chromium-profile'));
      expect(profile.length).toBeGreaterThan(0);
      expect(profile.includes(Buffer.from(url.token))).toBe(false);
      const kept = /\/boot\/[0-9a-f]{48}/.exec(profile.toString('latin1'))?.[0];
      if (kept) expect((await fetch(`${url.origin}${kept}`, { redirect: 'manual' })).status).toBe(403);
    } finally {
      xvfb.kill('SIGTERM');
      await exitOf(xvfb);
    }
  }, SLOW);
});

/** Every file under dir, read as bytes. */
function allBytes(d: string): Buffer {
  const out: Buffer[] = [];
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) out.push(allBytes(p));
    else if (e.isFile()) try { out.push(readFileSync(p)); } catch { /* a lock file that went */ }
  }
  return Buffer.concat(out);
}
