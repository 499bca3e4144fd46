// Debian's Chromium driven by Playwright (Playwright cannot download browsers here).
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const BASE_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--autoplay-policy=no-user-gesture-required',
];

export async function launchBrowser(opts: { fakeCameraY4m?: string; extraArgs?: string[] } = {}): Promise<Browser> {
  const cam = opts.fakeCameraY4m
    ? ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${opts.fakeCameraY4m}`]
    : [];
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...BASE_FLAGS, ...cam, ...(opts.extraArgs ?? [])] });
}
