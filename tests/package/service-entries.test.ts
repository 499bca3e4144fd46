// The packaged kiosk's two service entries on this machine: serve (the real standalone shell, its screen URL
// handed over in a file only its user can read, the token kept out of the log) and screen (waits for that file,
// opens the browser on it, and ends when the service comes back with a new token).
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { callOnce } from '../support/api-client.ts';
import { parseScreenUrl } from './screen-url.ts';

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

  it('waits for the URL, opens it in kiosk mode, and ends when the service restarts with a new token', async () => {
    const urlFile = join(dir, 'screen-url');
    rmSync(join(dir, 'browser-args'), { force: true });
    const s = start('screen.ts', [urlFile, join(dir, 'profile')], env);
    await until('waiting', () => /Waiting for the kiosk service/.test(s.output()), s.output);
    expect(existsSync(join(dir, 'browser-args'))).toBe(false);
    writeFileSync(urlFile, 'http://127.0.0.1:8480/#token=aaaa\n');
    await until('the browser', () => existsSync(join(dir, 'browser-args')), s.output);
    const args = readFileSync(join(dir, 'browser-args'), 'utf8').split('\n');
    expect(args).toEqual(expect.arrayContaining(['--kiosk', `--user-data-dir=${join(dir, 'profile', 'chromium-profile')}`]));
    // the token is not on the browser's command line: it opens a page only this user can read, which forwards
    expect(args.join(' ')).not.toContain('aaaa');
    const app = args.find((a) => a.startsWith('--app=file://'))!;
    const page = fileURLToPath(app.slice('--app='.length));
    expect(statSync(page).mode & 0o777).toBe(0o600);
    expect(readFileSync(page, 'utf8')).toContain('http://127.0.0.1:8480/#token=aaaa');
    writeFileSync(urlFile, 'http://127.0.0.1:8480/#token=bbbb\n');
    expect(await exitOf(s.proc)).toBe(0);
    expect(s.output()).toMatch(/restarted: reopening/);
  }, SLOW);

  it('ends with the browser\'s own exit status when the browser exits', async () => {
    const urlFile = join(dir, 'screen-url-2');
    writeFileSync(urlFile, 'http://127.0.0.1:8480/#token=cccc\n');
    writeFileSync(join(dir, 'browser-exit'), '');
    const s = start('screen.ts', [urlFile, join(dir, 'profile')], env);
    expect(await exitOf(s.proc)).toBe(3);
    rmSync(join(dir, 'browser-exit'));
  }, SLOW);

  it('refuses a URL file that holds anything but a local kiosk URL', async () => {
    const urlFile = join(dir, 'screen-url-3');
    writeFileSync(urlFile, 'http://evil.example/#token=dddd\n');
    rmSync(join(dir, 'browser-args'), { force: true });
    const s = start('screen.ts', [urlFile, join(dir, 'profile')], env);
    await until('waiting', () => /Waiting for the kiosk service/.test(s.output()), s.output);
    expect(existsSync(join(dir, 'browser-args'))).toBe(false);
    s.proc.kill('SIGTERM');
    await exitOf(s.proc);
  }, SLOW);
});
