// Where the project's files are, from source (tsx, vitest), from dist/ bundles and from an Electron asar alike.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null = null;

/** For a start-up snapshot (main/cli/snapshot/verify-snapshot.ts): the root it was built in is not where it runs. */
export function useProjectRoot(dir: string): void {
  root = dir;
}

export function projectRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'venue-kiosk') return (root = dir);
      } catch { /* keep looking */ }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the kiosk package root');
    dir = up;
  }
}

export const resourcesDir = (): string => join(projectRoot(), 'resources');
export const rendererDir = (): string => join(projectRoot(), 'dist', 'renderer');

/** The per-user data directory (same name Electron's app.getPath('userData') would use). */
export function defaultDataDir(): string {
  if (process.platform === 'win32' && process.env.APPDATA) return join(process.env.APPDATA, 'venue-kiosk');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'venue-kiosk');
  return join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'venue-kiosk');
}
