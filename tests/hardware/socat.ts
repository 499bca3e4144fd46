// A real PTY pair from socat for serial tests. Every process started here is killed by its PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

export interface PtyPair {
  /** the kiosk's end (the "scanner port") */
  a: string;
  /** the test's end (the "scanner") */
  b: string;
  proc: ChildProcess;
}

const running = new Set<ChildProcess>();

export async function startSocat(a: string, b: string): Promise<PtyPair> {
  const proc = spawn('/usr/bin/socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(proc);
  proc.on('exit', () => running.delete(proc));
  proc.stderr?.resume();
  const deadline = Date.now() + 5000;
  // socat logs "starting data transfer loop" once both ends exist
  while (!(existsSync(a) && existsSync(b))) {
    if (Date.now() > deadline || proc.exitCode !== null) throw new Error('socat did not create the PTY pair');
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 50));
  return { a, b, proc };
}

export async function killSocat(p: { proc: ChildProcess }): Promise<void> {
  const { proc } = p;
  if (proc.exitCode !== null || proc.signalCode !== null || proc.pid === undefined) return;
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  process.kill(proc.pid, 'SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
  if (proc.exitCode === null && proc.signalCode === null) process.kill(proc.pid, 'SIGKILL');
}

export async function killAllSocat(): Promise<void> {
  await Promise.all([...running].map((proc) => killSocat({ proc })));
}

/** The scanner side: writes bytes to its PTY end, with a timeout so that a wedged PTY fails the test, not hangs it. */
export class PtyWriter {
  private constructor(private readonly fh: FileHandle) {}
  static async open(path: string): Promise<PtyWriter> {
    return new PtyWriter(await open(path, 'r+'));
  }
  async write(data: string | Uint8Array, timeoutMs = 3000): Promise<void> {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        this.fh.write(buf, 0, buf.length),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('PTY write timed out')), timeoutMs);
        }),
      ]);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
  async close(): Promise<void> {
    await this.fh.close().catch(() => {});
  }
}

export function until<T>(fn: () => T | undefined | false, timeoutMs = 8000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      let v: T | undefined | false;
      try {
        v = fn();
      } catch (e) {
        reject(e);
        return;
      }
      if (v) resolve(v);
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(tick, 10);
    };
    tick();
  });
}
