// Starts the real standalone shell (built dist/, a temp data dir, headless, any free port) for end-to-end tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningKiosk {
  /** URL with the token fragment, as the shell printed it */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  proc: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export async function startKiosk(opts: { args?: string[]; dataDir?: string; env?: Record<string, string>; startTimeoutMs?: number } = {}): Promise<RunningKiosk> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
  const proc = spawn(process.execPath, ['dist/main/standalone.mjs', '--headless', '--port', '0', '--data-dir', dataDir, ...(opts.args ?? [])], {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kiosk did not start:\n${out}`)), opts.startTimeoutMs ?? 30_000);
    const check = () => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    proc.stdout!.on('data', check);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kiosk exited with ${code}:\n${out}`));
    });
  });
  const u = new URL(url);
  return {
    url,
    origin: u.origin,
    token: u.hash.replace('#token=', ''),
    dataDir,
    proc,
    output: () => out,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
