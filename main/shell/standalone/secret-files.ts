// Files that hold the session token or a start link, readable by the kiosk user only: a 0700 directory inside the
// data directory, 0600 files, written atomically. Other local users cannot read them; nothing else keeps a copy.
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../settings/atomic-write.ts';

export function runDir(dataDir: string): string {
  const dir = join(dataDir, 'run');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700); // an existing directory keeps its mode otherwise
  return dir;
}

/** The screen's URL (with the token) for tools and tests: `--headless` prints this file's path, never the URL. */
export function writeUrlFile(dataDir: string, url: string): string {
  const path = join(runDir(dataDir), 'screen-url');
  writeFileAtomic(path, `${url}\n`);
  return path;
}

/**
 * A page the kiosk's Chromium opens first: it forwards to a single-use start link, so that Chromium's command line
 * (readable by every local user in /proc) names only this file. The server removes it once the link is used.
 */
export function writeBootPage(dataDir: string, bootUrl: string): string {
  const path = join(runDir(dataDir), 'start.html');
  const esc = bootUrl.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  writeFileAtomic(path, `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0;url=${esc}"><title>Kiosk</title>\n`);
  return path;
}

export function removeQuietly(path: string): void {
  rmSync(path, { force: true });
}
