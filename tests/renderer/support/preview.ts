// Developer preview: renders each screen against the mock core and saves screenshots (npx tsx tests/renderer/support/preview.ts).
import { mkdirSync } from 'node:fs';
import { launchBrowser } from '../../support/browser.ts';
import { startMockKiosk } from './mock-kiosk.ts';

const out = 'test-output/preview';
mkdirSync(out, { recursive: true });
const kiosk = await startMockKiosk();
const browser = await launchBrowser();
for (const [w, h] of [[1920, 1080], [1080, 1920]] as const) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  page.on('console', (m) => console.log('console:', m.text()));
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  await page.goto(kiosk.url);
  await page.waitForSelector('[data-ready="true"]');
  await page.screenshot({ path: `${out}/idle-${w}x${h}.png` });
  const samples: Parameters<typeof kiosk.emitVerdict>[0][] = [
    { outcome: 'valid', reasons: [], display: { name: 'CHAN T** M**', id: '****456(7)', doses: 3 }, colour: { value: 'blue', source: 'list' } },
    { outcome: 'exempt', credential: 'hk-mec', display: { name: 'WONG K** L**', id: '****123(4)', validUntil: '31-12-2026' }, colour: { value: 'unknown', source: 'none' }, reasons: ['colour-unknown'] },
    { outcome: 'invalid', reasons: ['doses-insufficient'], display: { name: 'LEE S** Y**', id: '****789(0)', doses: 2 } },
    { outcome: 'red', reasons: ['colour-red'], display: { name: 'CHEUNG H**', id: '****222(2)' }, colour: { value: 'red', source: 'list' } },
    { outcome: 'amber', reasons: ['colour-amber'], display: { name: 'HO P**', id: '****333(3)' }, colour: { value: 'amber', source: 'list' } },
    { outcome: 'not-applicable', credential: 'hk-evt', reasons: ['testing-record'] },
    { outcome: 'unreadable', credential: 'unknown', reasons: ['malformed', 'mystery-code'] },
  ];
  for (const v of samples) {
    kiosk.emitVerdict(v);
    await page.waitForSelector(`[data-verdict="${v.outcome}"]`);
    await page.screenshot({ path: `${out}/verdict-${v.outcome}-${w}x${h}.png` });
  }
  await page.getByTestId('start-group').waitFor({ timeout: 10_000 }).catch(() => {});
  await page.waitForSelector('[data-screen="idle"]', { timeout: 10_000 });
  await page.getByTestId('start-group').click();
  kiosk.emitVerdict({ outcome: 'valid', display: { name: 'CHAN T** M**' } });
  kiosk.emitVerdict({ outcome: 'invalid', display: { name: 'CHAN S**' }, reasons: ['dose-window-expired'] });
  kiosk.emitVerdict({ outcome: 'exempt', display: { name: 'CHAN K**' } });
  await page.waitForSelector('[data-members="3"]');
  await page.screenshot({ path: `${out}/group-${w}x${h}.png` });
  await page.getByTestId('end-group').click();
  await page.getByTestId('open-operator').click();
  await page.getByTestId('pin-input').fill('1234');
  await page.getByTestId('pin-submit').click();
  await page.waitForSelector('[data-screen="operator"]');
  await page.screenshot({ path: `${out}/operator-devices-${w}x${h}.png` });
  await page.getByTestId('tab-counts').click();
  await page.waitForSelector('[data-testid="counts-chart"]');
  await page.screenshot({ path: `${out}/operator-counts-${w}x${h}.png` });
  await page.close();
}
await browser.close();
await kiosk.close();
