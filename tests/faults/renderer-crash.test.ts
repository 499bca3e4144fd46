// Renderer crash: the standalone shell's page in Chromium crashes (CDP Page.crash) or is reloaded mid-group.
// The core runs on; a fresh page comes back ready and shows the same group, and the core still counts.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOnce, connect, request } from '../support/api-client.ts';
import { launchBrowser } from '../support/browser.ts';
import { startKiosk, type RunningKiosk } from '../support/kiosk-server.ts';
import { makeMec, makeVac } from '../fixtures/hk/sign.ts';

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

async function openReady(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(kiosk.url);
  await page.locator('[data-ready="true"]').waitFor({ timeout: 20_000 });
  return page;
}

type State = { group: { active: boolean; members: unknown[] } };

describe('renderer crash', () => {
  it('a crashed page is replaced by one that shows the same group; the core kept it', async () => {
    const page = await openReady();
    await callOnce(kiosk, 'groupStart', {});
    await callOnce(kiosk, 'submitScan', { text: makeVac(), source: 'manual' });
    await callOnce(kiosk, 'submitScan', { text: makeMec(), source: 'manual' });
    await page.locator('[data-screen="group"][data-members="2"]').waitFor({ timeout: 10_000 });

    const crashed = new Promise<void>((r) => page.once('crash', () => r()));
    const cdp = await page.context().newCDPSession(page);
    void cdp.send('Page.crash').catch(() => { /* the target dies before it can answer */ });
    await crashed;
    await page.close().catch(() => {});

    const state = (await callOnce(kiosk, 'getState', {})) as State;
    expect(state.group.active).toBe(true);
    expect(state.group.members).toHaveLength(2);

    const fresh = await openReady();
    await fresh.locator('[data-screen="group"][data-members="2"]').waitFor({ timeout: 10_000 });
    // and the new page drives the same core: one more member appears on it
    await callOnce(kiosk, 'submitScan', { text: makeVac({ reference: 'DEMO0000000002' }), source: 'manual' });
    await fresh.locator('[data-screen="group"][data-members="3"]').waitFor({ timeout: 10_000 });
    await callOnce(kiosk, 'groupEnd', {});
    await fresh.close();
  });

  it('a reload in the middle of a verdict comes back ready, and the scans before it are counted', async () => {
    const counted = async (): Promise<number> => {
      const ws = await connect(kiosk);
      try {
        const login = await request(ws, { id: 1, method: 'operatorLogin', params: { pin: '1234' } }); // the demo PIN
        expect(login.ok && (login.result as { ok: boolean }).ok).toBe(true);
        const r = await request(ws, { id: 2, method: 'getStats', params: { granularity: 'hour' } });
        return ((r.result as { rows: { count: number }[] }).rows).reduce((a, x) => a + x.count, 0);
      } finally {
        ws.close();
      }
    };
    const before = await counted();
    const page = await openReady();
    const ev = (await callOnce(kiosk, 'submitScan', { text: makeVac({ reference: 'DEMO0000000003' }), source: 'manual' })) as { verdict: { outcome: string } };
    expect(ev.verdict.outcome).toBe('valid');
    await page.reload();
    await page.locator('[data-ready="true"]').waitFor({ timeout: 20_000 });
    expect(kiosk.proc.exitCode).toBeNull();
    expect(await counted()).toBe(before + 1);
    await page.close();
  });
});
