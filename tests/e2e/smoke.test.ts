// The foundation's end-to-end check: the real standalone shell, opened in Debian's Chromium, shows the idle
// screen with the venue's names and the ready state. Fails on a blank page or an unreachable API.
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { startKiosk, type RunningKiosk } from '../support/kiosk-server.ts';

let kiosk: RunningKiosk;
let browser: Browser;

beforeAll(async () => {
  kiosk = await startKiosk();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

describe('standalone shell in Chromium', () => {
  it('shows the idle screen with the venue name and the ready state', async () => {
    // the venue the core reports, read over the same API the page uses
    const state = await (await import('../support/api-client.ts')).callOnce(kiosk, 'getState', {});
    const venue = (state as { venue: { nameZh: string; nameEn: string } }).venue;
    expect(venue.nameEn.length).toBeGreaterThan(0);

    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(kiosk.url);
    await page.locator('[data-ready="true"]').waitFor({ timeout: 20_000 });
    const text = await page.locator('body').innerText();
    expect(text).toContain(venue.nameZh);
    expect(text).toContain(venue.nameEn);
    mkdirSync('test-output/smoke', { recursive: true });
    await page.screenshot({ path: 'test-output/smoke/idle-1920x1080.png' });
    expect(errors).toEqual([]);
  });

  it('does not become ready when the API is unreachable (wrong token)', async () => {
    const page = await browser.newPage();
    await page.goto(`${kiosk.origin}/#token=00`);
    await page.waitForTimeout(1500);
    expect(await page.locator('[data-ready="true"]').count()).toBe(0);
  });
});
