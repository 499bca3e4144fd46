// Real Eclipse Mosquitto and PostgreSQL for the fleet tests and `npm run fleet:services`, each in a temporary
// directory on a free 127.0.0.1 port, started and stopped by PID. PostgreSQL refuses to run as root: it runs as
// the unprivileged `postgres` user over a directory that user owns.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PG_BIN = '/usr/lib/postgresql/15/bin';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, proc: ChildProcess, what: string, out: () => string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${what} exited with ${proc.exitCode}:\n${out()}`);
    const ok = await new Promise<boolean>((r) => {
      const c = connect(port, '127.0.0.1');
      c.once('connect', () => { c.destroy(); r(true); });
      c.once('error', () => r(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${what} did not listen on ${port}:\n${out()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}

export interface Mosquitto {
  port: number;
  url: string;
  dir: string;
  pid(): number;
  /** stops the broker (SIGTERM, then SIGKILL); persistence is saved on a clean stop */
  stop(): Promise<void>;
  /** starts it again on the same port with the same persistence directory */
  start(): Promise<void>;
  /** stop and remove the directory */
  dispose(): Promise<void>;
}

export interface MosquittoOptions {
  port?: number;
  /** extra lines for mosquitto.conf (e.g. password_file, acl_file); anonymous access is allowed otherwise */
  extraConfig?: string[];
  allowAnonymous?: boolean;
}

export async function startMosquitto(opts: MosquittoOptions = {}): Promise<Mosquitto> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-mosquitto-'));
  const port = opts.port ?? (await freePort());
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, [
    `listener ${port} 127.0.0.1`,
    `allow_anonymous ${opts.allowAnonymous === false ? 'false' : 'true'}`,
    // started as root, mosquitto would switch to the mosquitto user, who cannot read this directory
    'user root',
    'persistence true',
    `persistence_location ${dir}/`,
    // the collector's queue while it is away is the fleet's buffer: no per-client cap, no inflight cap
    'max_queued_messages 0',
    'max_inflight_messages 0',
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    ...(opts.extraConfig ?? []),
    '',
  ].join('\n'));
  let proc: ChildProcess | null = null;
  let out = '';
  const m: Mosquitto = {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    dir,
    pid: () => proc?.pid ?? -1,
    async start() {
      out = '';
      proc = spawn('/usr/sbin/mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
      proc.stderr!.on('data', (d) => (out += d));
      await waitForPort(port, proc, 'mosquitto', () => out);
    },
    async stop() {
      const p = proc;
      proc = null;
      if (!p || p.pid === undefined || p.exitCode !== null) return;
      const exited = new Promise((r) => p.once('exit', r));
      process.kill(p.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (p.exitCode === null && p.signalCode === null) {
        process.kill(p.pid, 'SIGKILL');
        await exited;
      }
    },
    async dispose() {
      await m.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await m.start();
  return m;
}

export interface Postgres {
  port: number;
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  dir: string;
  /** the postmaster's PID from DIR/postmaster.pid */
  pid(): number;
  stop(): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
  /** a fresh database on this server; returns its URL */
  createDatabase(name: string): string;
}

export async function startPostgres(opts: { port?: number } = {}): Promise<Postgres> {
  const parent = mkdtempSync(join(tmpdir(), 'kiosk-pg-'));
  chmodSync(parent, 0o755);
  const dir = join(parent, 'data');
  mkdirSync(dir);
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  chownSync(dir, uid, gid);
  const asPostgres = (bin: string, args: string[]): [string, string[]] =>
    process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args]] : [join(PG_BIN, bin), args];
  const [initCmd, initArgs] = asPostgres('initdb', ['-D', dir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  execFileSync(initCmd, initArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  const port = opts.port ?? (await freePort());
  let proc: ChildProcess | null = null;
  let out = '';
  const pidFile = join(dir, 'postmaster.pid');
  const pgPid = (): number => {
    try {
      return Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    } catch {
      return -1;
    }
  };
  const pg: Postgres = {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dir,
    pid: pgPid,
    async start() {
      out = '';
      const [cmd, args] = asPostgres('postgres', ['-D', dir, '-p', String(port), '-k', dir, '-h', '127.0.0.1', '-c', 'fsync=on']);
      proc = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      proc.stderr!.on('data', (d) => (out += d));
      await waitForPort(port, proc, 'postgres', () => out);
      // the port answers a moment before the server accepts queries
      const deadline = Date.now() + 20_000;
      for (;;) {
        try {
          execFileSync(join(PG_BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'], { stdio: 'ignore' });
          break;
        } catch {
          if (Date.now() > deadline) throw new Error(`postgres not ready:\n${out}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    },
    async stop() {
      const pid = pgPid();
      const p = proc;
      proc = null;
      if (pid > 0 && alive(pid)) {
        // SIGINT: PostgreSQL's "fast" shutdown (aborts open transactions, checkpoints, exits)
        process.kill(pid, 'SIGINT');
        if (!(await waitGone(pid, 15_000))) {
          process.kill(pid, 'SIGKILL');
          await waitGone(pid, 5000);
        }
      }
      if (p && p.exitCode === null && p.signalCode === null) await new Promise((r) => p.once('exit', r));
    },
    async dispose() {
      await pg.stop();
      rmSync(parent, { recursive: true, force: true });
    },
    createDatabase(name) {
      execFileSync(join(PG_BIN, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name], { stdio: 'ignore' });
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
  };
  await pg.start();
  return pg;
}

export const hasFleetServices = (): boolean => existsSync('/usr/sbin/mosquitto') && existsSync(join(PG_BIN, 'postgres'));
