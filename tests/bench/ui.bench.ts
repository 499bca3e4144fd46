// Verdict event -> verdict painted, in Debian's Chromium against the real standalone kiosk. The page measures it
// itself (renderer/metrics/paint.ts): performance.now() when the event arrives, then the end of the frame that shows
// the verdict (a task posted from the first animation frame after React committed). Scans alternate outcomes so
// each verdict remounts a different screen, and arrive at random times (a random 0-50 ms pause before each), not
// locked to the page's animation frames.
import type { Bench } from './harness.ts';
import { summarise } from './harness.ts';
import { launchBrowser } from '../support/browser.ts';
import { startKiosk } from '../support/kiosk-server.ts';
import { makeEvt, makeMec, makeVac } from '../fixtures/hk/sign.ts';
import { ref, rpc } from '../renderer/support/e2e-helpers.ts';

const bench: Bench = {
  name: 'ui',
  async run(h) {
    const iterations = h.quick ? 20 : 300;
    const warmup = h.quick ? 5 : 30;
    const kiosk = await startKiosk();
    const browser = await launchBrowser();
    const api = await rpc(kiosk);
    try {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(kiosk.url);
      await page.locator('[data-ready="true"]').waitFor({ timeout: 20_000 });
      const payloads = [
        () => makeVac({ reference: ref('B') }),
        () => makeVac({ reference: ref('B'), doses: [{ date: '01-06-2021', code: 'BNT' }], total: 1 }),
        () => makeMec({ reference: ref('M') }),
        () => makeEvt(),
        () => 'not a pass',
      ];
      const count = () => page.evaluate(() => window.__kioskPaint?.samples.length ?? 0);
      await page.evaluate(() => window.__kioskPaint?.reset());
      for (let i = 0; i < warmup + iterations; i++) {
        if (i === warmup) await page.evaluate(() => window.__kioskPaint?.reset());
        const before = await count();
        await new Promise((r) => setTimeout(r, Math.random() * 50));
        await api.call('submitScan', { text: payloads[i % payloads.length]!(), source: 'manual' });
        // one verdict at a time: wait until the page has measured this one
        await page.waitForFunction((n) => (window.__kioskPaint?.samples.length ?? 0) > n, before, { timeout: 10_000, polling: 'raf' });
      }
      const samples = await page.evaluate(() => [...(window.__kioskPaint?.samples ?? [])]);
      const commits = await page.evaluate(() => [...(window.__kioskPaint?.commits ?? [])]);
      const c = summarise(commits);
      // React's share alone (DOM updated, before waiting for the next frame)
      h.report({ label: 'verdict event -> DOM committed (Chromium)', unit: 'ms', median: c.median, p95: c.p95, p99: c.p99 });
      const s = summarise(samples);
      h.report({
        label: 'verdict event -> end of painted frame (Chromium, 1920x1080)', unit: 'ms',
        median: s.median, p95: s.p95, p99: s.p99, target: 'p95 < 16.7 ms', met: s.p95 < 16.7,
      });
    } finally {
      api.close();
      await browser.close();
      await kiosk.stop();
    }
  },
};
export default bench;
