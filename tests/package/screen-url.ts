// The one place the package tests learn the kiosk screen's URL and session token: `venue-kiosk --headless`
// prints it on stdout today. If the shell hands it out another way (a file only the kiosk user can read), change
// this file alone.
import type { ChildProcess } from 'node:child_process';

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
export function waitForScreenUrl(proc: ChildProcess, output: () => string): Promise<ScreenUrl> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const u = parseScreenUrl(output());
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
