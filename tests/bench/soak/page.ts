// The page soak (`npm run bench -- soak page [N]`): N scans of distinct passes through the kiosk's WebSocket API
// into the real standalone kiosk (built dist/, counts in SQLite in a data dir on the real disk), with the kiosk
// screen open in Debian's Chromium showing every verdict. Samples, over time, the page's JS heap and DOM node
// count after a forced GC (DevTools protocol), the page's renderer process RSS and the kiosk process RSS. A guard's
// 10-hour day is ~5,000 scans: the page must not grow. At the end the counts on disk must equal the scans sent.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../../support/browser.ts';
import { startKiosk } from '../../support/kiosk-server.ts';
import { makeVac } from '../../fixtures/hk/sign.ts';
import { rpc } from '../../renderer/support/e2e-helpers.ts';
import { hourlyRows, total } from '../../faults/helpers.ts';
import type { Harness } from '../harness.ts';

const MB = 1024 * 1024;

/** VmRSS of a process, bytes (0 when it is gone). */
function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Chromium renderer processes started (through Playwright) by this process: our page's, not other agents'. */
function ourRenderers(): number[] {
  const parent = new Map<number, number>();
  const renderer = new Set<number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('--type=renderer')) renderer.add(Number(d));
    } catch { /* gone meanwhile */ }
  }
  const mine = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 10; p = parent.get(p) ?? 0, hops++) if (p === process.pid) return true;
    return false;
  };
  return [...renderer].filter(mine);
}

function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n, my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0, den = 0;
  for (let i = 0; i < n; i++) { num += (xs[i]! - mx) * (ys[i]! - my); den += (xs[i]! - mx) ** 2; }
  return den === 0 ? 0 : num / den;
}

interface Sample { scans: number; seconds: number; heap: number; nodes: number; domElements: number; listeners: number; pageRss: number; kioskRss: number }

export async function pageSoak(h: Harness, scans: number): Promise<void> {
  const every = Math.max(250, Math.floor(scans / 40));
  const warmup = Math.floor(scans / 10);
  // counts on the real disk: the data dir under the system temp dir (not /dev/shm), kept until they are read back
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-soak-page-'));
  const kiosk = await startKiosk({ dataDir });
  const browser = await launchBrowser();
  const api = await rpc(kiosk);
  const samples: Sample[] = [];
  let sent = 0;
  try {
    const page: Page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(kiosk.url);
    await page.locator('[data-ready="true"]').waitFor({ timeout: 60_000 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const renderers = ourRenderers();
    const kioskPid = kiosk.proc.pid!;

    // the page has shown everything sent so far: one more scan, and its verdict painted (paint metrics, reset first)
    const caughtUp = async () => {
      await page.evaluate(() => window.__kioskPaint?.reset());
      await api.call('submitScan', { text: pass(sent++), source: 'manual' });
      await page.waitForFunction(() => (window.__kioskPaint?.samples.length ?? 0) > 0, undefined, { timeout: 120_000, polling: 100 });
    };
    const t0 = performance.now();
    const sample = async () => {
      await caughtUp();
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
      const domElements = await page.evaluate(() => document.getElementsByTagName('*').length);
      samples.push({
        scans: sent, seconds: (performance.now() - t0) / 1000, heap: m.JSHeapUsedSize ?? NaN, nodes: m.Nodes ?? NaN, domElements,
        listeners: m.JSEventListeners ?? NaN, pageRss: renderers.reduce((a, p) => a + rssOf(p), 0), kioskRss: rssOf(kioskPid),
      });
    };
    await sample();
    // a few scans in flight at once, as several scanners at a busy door would send; each awaited for its verdict
    const WINDOW = 4;
    while (sent < scans) {
      const batch: Promise<unknown>[] = [];
      for (let k = 0; k < WINDOW && sent < scans; k++) batch.push(api.call('submitScan', { text: pass(sent++), source: 'manual' }));
      await Promise.all(batch);
      if (sent % every < WINDOW || sent >= scans) await sample();
    }
    const seconds = (performance.now() - t0) / 1000;
    api.close();
    await browser.close();
    await kiosk.stop(); // SIGTERM: the kiosk writes the counts it holds before it exits
    // the counts on disk, read back by a separate read-only store after the kiosk stopped
    const counted = total(hourlyRows(dataDir));
    report(h, samples, warmup, sent, seconds, counted, dataDir);
  } finally {
    api.close();
    await browser.close().catch(() => undefined);
    await kiosk.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Distinct passes: each scan a different record reference and masked ID, all valid under the demo keys. */
function pass(i: number): string {
  const id = String(i % 10_000_000).padStart(7, '0');
  return makeVac({ reference: `SOAK${String(i).padStart(10, '0')}`, maskedId: `****${id.slice(-3)}(${i % 10})` });
}

function report(h: Harness, samples: Sample[], warmup: number, sent: number, seconds: number, counted: number, dataDir: string): void {
  const after = samples.filter((s) => s.scans >= warmup);
  const first = after[0]!, last = after[after.length - 1]!;
  const per100k = (f: (s: Sample) => number) => slope(after.map((s) => s.scans), after.map(f)) * 100_000;
  h.report({ label: 'page soak: distinct passes sent through the WebSocket', unit: 'count', value: sent });
  h.report({ label: 'page soak: throughput (scans shown in the page)', unit: 'ops/s', value: sent / seconds });
  h.report({ label: `page soak: counted on disk at the end (${dataDir.split('/').slice(0, 2).join('/')})`, unit: 'count', value: counted, target: 'every scan sent', met: counted === sent });
  h.report({ label: `page soak: page JS heap after warm-up (${first.scans} scans)`, unit: 'MB', value: first.heap / MB });
  h.report({ label: 'page soak: page JS heap at the end', unit: 'MB', value: last.heap / MB });
  const heapTrend = per100k((s) => s.heap) / MB;
  h.report({ label: 'page soak: page heap trend (per 100k scans)', unit: 'MB', value: heapTrend, target: '< 1 MB per 100k', met: heapTrend < 1 });
  h.report({ label: 'page soak: DOM nodes after warm-up -> end', unit: 'count', value: last.nodes - first.nodes, target: 'no growth', met: last.nodes <= first.nodes + 50 });
  h.report({ label: 'page soak: DOM elements in the document at the end', unit: 'count', value: last.domElements });
  h.report({ label: 'page soak: page renderer RSS after warm-up', unit: 'MB', value: first.pageRss / MB });
  h.report({ label: 'page soak: page renderer RSS at the end', unit: 'MB', value: last.pageRss / MB });
  h.report({ label: 'page soak: page RSS trend (per 100k scans)', unit: 'MB', value: per100k((s) => s.pageRss) / MB });
  h.report({ label: 'page soak: kiosk process RSS after warm-up', unit: 'MB', value: first.kioskRss / MB });
  h.report({ label: 'page soak: kiosk process RSS at the end', unit: 'MB', value: last.kioskRss / MB });
  h.report({ label: 'page soak: kiosk RSS trend (per 100k scans)', unit: 'MB', value: per100k((s) => s.kioskRss) / MB });
  if (!h.quick) {
    process.stdout.write('samples (scans, s, page heap MB, DOM nodes, elements, listeners, page RSS MB, kiosk RSS MB):\n');
    for (const s of samples) {
      process.stdout.write(`  ${s.scans}\t${s.seconds.toFixed(0)}\t${(s.heap / MB).toFixed(2)}\t${s.nodes}\t${s.domElements}\t${s.listeners}\t${(s.pageRss / MB).toFixed(1)}\t${(s.kioskRss / MB).toFixed(1)}\n`);
    }
  }
}
