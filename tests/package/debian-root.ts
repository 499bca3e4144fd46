// A clean Debian root for the package tests: made by mmdebstrap, entered with chroot in a private mount namespace
// (its own /proc, gone with the process: nothing stays mounted on the host, whatever happens to the test).
// mmdebstrap writes the root, with the package's dependencies from Debian installed, as a tarball into a cache
// keyed by everything that shapes it (suite, mirror, the Depends list, mmdebstrap's version) and at most a week
// old; each test run unpacks a fresh copy of it. Unpacking Chromium and its ~190 dependencies is most of the work,
// and it is the same every time.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const PACKAGE_TOOLS = ['mmdebstrap', 'dpkg-deb', 'lintian', 'unshare', 'chroot', 'strip', 'flock', 'tar'];
const SUITE = 'bookworm';
const MAX_AGE_MS = 7 * 24 * 3600_000; // Debian's point releases and security updates: a week-old root at most

/** Why the package tests cannot run here, or null when they can. */
export function missingForPackageTests(): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'needs root on Linux (mmdebstrap, chroot)';
  const missing = PACKAGE_TOOLS.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
  return missing.length ? `missing: ${missing.join(', ')} (apt-get install mmdebstrap lintian)` : null;
}

/** The Debian mirror this machine's apt uses (deb822 URIs: or a one-line deb entry), else Debian's own. */
export function hostMirror(): string {
  for (const f of ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list']) {
    if (!existsSync(f)) continue;
    const text = readFileSync(f, 'utf8');
    const m = /^URIs:\s*(\S+\/debian)\/?\s*$/m.exec(text) ?? /^deb\s+(?:\[[^\]]*\]\s+)?(\S+\/debian)\/?\s+bookworm\b/m.exec(text);
    if (m) return m[1]!;
  }
  return 'http://deb.debian.org/debian';
}

const run = promisify(execFile);

/** argv for a command inside the root: private mount namespace, fresh /proc, chroot. */
export function inRootArgv(root: string, argv: string[]): [string, string[]] {
  return ['unshare', ['--mount', '--propagation', 'private', 'sh', '-c', 'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"', root, ...argv]];
}

export interface RootResult { code: number; stdout: string; stderr: string }

/** Runs a command in the root and returns its exit code and output (never throws on a non-zero exit). */
export async function inRoot(root: string, argv: string[], env: Record<string, string> = {}): Promise<RootResult> {
  const [cmd, args] = inRootArgv(root, argv);
  try {
    const r = await run(cmd, args, {
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', DEBIAN_FRONTEND: 'noninteractive', ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : 1, stdout: x.stdout ?? '', stderr: x.stderr ?? String(e) };
  }
}

/** Like inRoot, but a non-zero exit is an error that shows the command's output. */
export async function inRootOk(root: string, argv: string[], env: Record<string, string> = {}): Promise<string> {
  const r = await inRoot(root, argv, env);
  if (r.code !== 0) throw new Error(`in the Debian root: ${argv.join(' ')} -> exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Starts a long-running command in the root; the returned process is the command itself (every step execs). */
export function spawnInRoot(root: string, argv: string[]): { proc: ChildProcess; output: () => string } {
  const [cmd, args] = inRootArgv(root, argv);
  const proc = spawn(cmd, args, { env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  return { proc, output: () => out };
}

/** Where the package tests keep what is the same from run to run (the Debian root, lintian's verdicts). */
export function packageTestCache(): string {
  const dir = process.env.KIOSK_PACKAGE_CACHE ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'venue-kiosk', 'package-test');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The package names of a control file's Depends (the first of each alternative, without versions). */
export function dependsOf(control: string): string[] {
  const line = /^Depends:\s*(.+)$/m.exec(control)?.[1] ?? '';
  return line.split(',').map((d) => d.split('|')[0]!.trim().split(/[\s(]/)[0]!).filter(Boolean);
}

/**
 * The cached tarball of a minimal bookworm (apt and what it needs) with `include` installed from the host's
 * mirror, made now by mmdebstrap when there is none for this key or it is over a week old. Two test runs at once
 * make it once (flock); older keys' tarballs are removed.
 */
export async function bookwormRootTarball(include: string[]): Promise<{ tar: string; made: boolean }> {
  const mirror = hostMirror();
  const mmdebstrap = spawnSync('mmdebstrap', ['--version'], { encoding: 'utf8' }).stdout.trim();
  const key = createHash('sha256').update(JSON.stringify({ SUITE, mirror, include: [...include].sort(), mmdebstrap, variant: 'apt' })).digest('hex').slice(0, 16);
  const cache = packageTestCache();
  const tar = join(cache, `${SUITE}-${key}.tar`);
  const fresh = () => existsSync(tar) && Date.now() - statSync(tar).mtimeMs < MAX_AGE_MS;
  if (fresh()) return { tar, made: false };
  const lock = join(cache, `${SUITE}.lock`);
  const part = `${tar}.part`;
  // under the lock: another run may have made it meanwhile
  // under the lock: another run may have made it meanwhile. A root being unpacked from the old file keeps reading
  // it (mv replaces the name, not the file).
  const script = `t="$1"; p="$2"; shift 2
[ -e "$t" ] && [ -z "$(find "$t" -mmin +${MAX_AGE_MS / 60_000})" ] && exit 0
rm -f "$p"; mmdebstrap "$@" && mv "$p" "$t"`;
  await run('flock', [lock, 'sh', '-c', script, 'sh', tar, part,
    '--variant=apt', '--format=tar', '--quiet', '--skip=cleanup/apt/lists', `--include=${include.join(',')}`, SUITE, part, mirror], { maxBuffer: 64 * 1024 * 1024 });
  // other keys' roots (an older Depends list) go once they are a day old: a run on another branch may still use one
  for (const f of readdirSync(cache)) {
    const p = join(cache, f);
    if (f.startsWith(`${SUITE}-`) && f.endsWith('.tar') && p !== tar && Date.now() - statSync(p).mtimeMs > 24 * 3600_000) rmSync(p, { force: true });
  }
  return { tar, made: true };
}

/** A fresh bookworm root in `dir` with `include` installed (Debian's packages, from the cached tarball). */
export async function makeBookwormRoot(dir: string, include: string[]): Promise<{ made: boolean }> {
  const { tar, made } = await bookwormRootTarball(include);
  mkdirSync(dir, { recursive: true });
  // numeric owners: the root's own users (_apt, systemd-*), not the host's users of the same names
  await run('tar', ['--extract', '--numeric-owner', '--file', tar, '--directory', dir]);
  return { made };
}
