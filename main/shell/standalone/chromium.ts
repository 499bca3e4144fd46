// Opens the kiosk in a locally installed Chromium in kiosk mode (the standalone shell's window).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/snap/bin/chromium'];

export function findChromium(): string | null {
  if (process.env.KIOSK_CHROMIUM && existsSync(process.env.KIOSK_CHROMIUM)) return process.env.KIOSK_CHROMIUM;
  return CANDIDATES.find((c) => existsSync(c)) ?? null;
}

export function hasDisplay(): boolean {
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || process.platform === 'win32' || process.platform === 'darwin';
}

export function chromiumKioskArgs(url: string, profileDir: string): string[] {
  return [
    '--kiosk',
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-translate',
    '--disable-features=Translate,MediaRouter',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    '--noerrdialogs',
    '--disable-session-crashed-bubble',
    '--autoplay-policy=no-user-gesture-required',
    // the camera prompt would need a mouse; the kiosk page is the only thing this profile ever opens
    '--use-fake-ui-for-media-stream',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ];
}

export function openChromiumKiosk(binary: string, url: string, dataDir: string): ChildProcess {
  const profile = join(dataDir, 'chromium-profile');
  mkdirSync(profile, { recursive: true, mode: 0o700 }); // its cookie holds the session token while the kiosk runs
  return spawn(binary, chromiumKioskArgs(url, profile), { stdio: 'ignore', detached: false });
}
