// A clean Debian root for the package tests: made by mmdebstrap, entered with chroot in a private mount namespace
// (its own /proc, gone with the process: nothing stays mounted on the host, whatever happens to the test).
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';

export const PACKAGE_TOOLS = ['mmdebstrap', 'dpkg-deb', 'lintian', 'unshare', 'chroot', 'strip'];

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

/** A minimal bookworm (apt and what it needs) in `dir`, from the host's mirror. */
export async function makeBookwormRoot(dir: string): Promise<void> {
  await run('mmdebstrap', ['--variant=apt', '--quiet', 'bookworm', dir, hostMirror()], { maxBuffer: 64 * 1024 * 1024 });
}
