// Types text the way a keyboard-wedge scanner does: every key event queued at once, back to back, then the
// terminator. Playwright's keyboard.type() waits for each key's round trip, so on a busy 2-core machine its gaps
// can exceed a scanner's and split one scan in two; queueing all events removes that timing from the tests.
// Each event also carries the time a scanner's USB report would give it (one key every 4 ms, as the input device
// stamps it), so that the page's timing judgement sees a scanner even when the renderer handles the keys late.
import type { Page } from 'playwright-core';

const ENTER = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 };

export async function typeLikeScanner(page: Page, text: string, terminator: 'Enter' | null = 'Enter'): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const sends: Promise<unknown>[] = [];
    let t = Date.now() / 1000; // CDP's TimeSinceEpoch, in seconds
    const at = (): number => (t += 0.002);
    for (const ch of text) {
      sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: ch, text: ch, unmodifiedText: ch, timestamp: at() }));
      sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch, timestamp: at() }));
    }
    if (terminator) {
      sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...ENTER, timestamp: at() }));
      sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'char', ...ENTER, text: '\r', timestamp: at() }));
      sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...ENTER, timestamp: at() }));
    }
    await Promise.all(sends);
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
