// With a display and Chromium present, the standalone shell opens a kiosk window (a real Xvfb display).
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

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

describe('standalone shell with a display', () => {
  it('opens Chromium in kiosk mode on the kiosk URL', async () => {
    const display = `:${90 + (process.pid % 9)}`;
    const xvfb = spawn('/usr/bin/Xvfb', [display, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    procs.push(xvfb);
    await new Promise((r) => setTimeout(r, 700)); // let the X server create its socket
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-x-'));
    dirs.push(dataDir);
    const kiosk = spawn(process.execPath, ['dist/main/standalone.mjs', '--port', '0', '--data-dir', dataDir], {
      env: { ...process.env, DISPLAY: display },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    procs.push(kiosk);
    let out = '';
    kiosk.stdout!.on('data', (d) => (out += d));
    kiosk.stderr!.on('data', (d) => (out += d));
    const m = await waitFor(() => out, /Kiosk open in Chromium \(kiosk mode\)\. Also at: (http:\/\/127\.0\.0\.1:(\d+)\/#token=\w+)/, 30_000);
    // a Chromium child of the kiosk runs with --kiosk on that URL
    const ps = await waitFor(() => execFileSync('ps', ['-eo', 'pid,ppid,args'], { encoding: 'utf8' }), new RegExp(`chromium.*--kiosk.*--app=http://127\\.0\\.0\\.1:${m[2]}`), 15_000);
    expect(ps[0]).toContain('--kiosk');
    kiosk.kill('SIGTERM');
    await new Promise((r) => kiosk.once('exit', r));
    xvfb.kill('SIGTERM');
  });
});
