// The one place the package tests learn the kiosk screen's URL and session token: `venue-kiosk --headless`
// prints the path of a file only the kiosk user can read (DATA/run/screen-url); the test, as root, reads it there
// (inside the Debian root: `root` is that root's path on the host).
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ScreenUrl {
  url: string;
  origin: string;
  token: string;
}

export function parseScreenUrl(output: string): ScreenUrl | null {
  const m = /(http:\/\/127\.0\.0\.1:\d+)\/#token=([0-9a-f]+)/.exec(output);
  return m ? { url: m[0], origin: m[1]!, token: m[2]! } : null;
}

/** Waits until the started kiosk says where its screen is; rejects with its output when it exits first. */
export function waitForScreenUrl(proc: ChildProcess, output: () => string, root = '/'): Promise<ScreenUrl> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = /The URL with its access token is in (\S+) |Open the URL in (\S+) /.exec(output());
      let u: ScreenUrl | null = null;
      if (m) {
        try { u = parseScreenUrl(readFileSync(join(root, m[1] ?? m[2]!), 'utf8')); } catch { u = null; }
      }
      if (u) {
        proc.stdout?.off('data', check);
        proc.off('exit', exited);
        resolve(u);
      }
    };
    const exited = (code: number | null) => reject(new Error(`the kiosk exited (${code}) before serving:\n${output()}`));
    proc.stdout?.on('data', check);
    proc.once('exit', exited);
    check();
  });
}
