// Starts the real standalone shell (built dist/, a temp data dir, headless, any free port) for end-to-end tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningKiosk {
  /** URL with the token fragment, read from the file the shell named (it never prints the token) */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  proc: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** `prefix`: a command the shell runs under, e.g. ['prlimit', '--nofile=1024:1024', '--'] */
export async function startKiosk(opts: { args?: string[]; dataDir?: string; env?: Record<string, string>; prefix?: string[]; startTimeoutMs?: number } = {}): Promise<RunningKiosk> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
  const [cmd, ...pre] = [...(opts.prefix ?? []), process.execPath];
  const proc = spawn(cmd!, [...pre, 'dist/main/standalone.mjs', '--headless', '--port', '0', '--data-dir', dataDir, ...(opts.args ?? [])], {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kiosk did not start:\n${out}`)), opts.startTimeoutMs ?? 90_000); // a busy CI machine
    const check = () => {
      const m = /The URL with its access token is in (\S+) |Open the URL in (\S+) /.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(readFileSync(m[1] ?? m[2]!, 'utf8').trim());
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
