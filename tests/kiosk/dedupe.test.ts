// The repeat window of the counts (main/kiosk/dedupe.ts): exactly 30 s, trimmed text, a bounded memory.
// Each test names the mutant of dedupe.ts it kills (docs/testing.md).
import { describe, expect, it } from 'vitest';
import { RecentScans } from '../../main/kiosk/dedupe.ts';

const T0 = 1_700_000_000_000;

describe('RecentScans', () => {
  it('kills: window boundary `<` -> `<=` (a repeat at exactly 30 s counts again; at 29.999 s it does not)', () => {
    const r = new RecentScans();
    expect(r.seenRecently('PASS-A', T0)).toBe(false);
    expect(r.seenRecently('PASS-A', T0 + 29_999)).toBe(true);
    const s = new RecentScans();
    expect(s.seenRecently('PASS-B', T0)).toBe(false);
    expect(s.seenRecently('PASS-B', T0 + 30_000)).toBe(false);
    // and the repeat at 30 s starts a new window from its own time
    expect(s.seenRecently('PASS-B', T0 + 59_999)).toBe(true);
  });

  it('kills: the repeat check dropped (the second scan within the window is seen)', () => {
    const r = new RecentScans();
    expect(r.seenRecently('PASS', T0)).toBe(false);
    expect(r.seenRecently('PASS', T0 + 1)).toBe(true);
    expect(r.seenRecently('OTHER', T0 + 2)).toBe(false);
  });

  it('kills: `now >= at` -> `now > at` (two scans in the same millisecond are one pass)', () => {
    const r = new RecentScans();
    expect(r.seenRecently('SAME-MS', T0)).toBe(false);
    expect(r.seenRecently('SAME-MS', T0)).toBe(true);
  });

  it('kills: trim() removed (surrounding whitespace and a scanner\'s CR/LF are the same pass)', () => {
    const r = new RecentScans();
    expect(r.seenRecently('PASS-C', T0)).toBe(false);
    expect(r.seenRecently('  PASS-C\r\n', T0 + 1000)).toBe(true);
    expect(r.seenRecently('\tPASS-C ', T0 + 2000)).toBe(true);
    // inner text still matters
    expect(r.seenRecently('PASS- C', T0 + 3000)).toBe(false);
  });

  it('kills: `now >= at` removed (a clock stepped back does not make an old scan a repeat for ever)', () => {
    const r = new RecentScans();
    expect(r.seenRecently('PASS-D', T0)).toBe(false);
    // the clock steps back an hour: the entry from the "future" is not a recent scan
    expect(r.seenRecently('PASS-D', T0 - 3_600_000)).toBe(false);
    expect(r.seenRecently('PASS-D', T0 - 3_600_000 + 10)).toBe(true);
  });

  it('kills: pruning removed or inverted (a digest is dropped from memory once its window has passed)', () => {
    // the privacy promise of dedupe.ts: the digest is forgotten when the window passes, not only ignored, so the
    // test reads the map's size (the only place this is observable)
    const r = new RecentScans();
    const held = () => (r as unknown as { seen: Map<string, number> }).seen.size;
    r.seenRecently('A', T0);
    r.seenRecently('B', T0 + 10_000);
    r.seenRecently('C', T0 + 20_000);
    expect(held()).toBe(3);
    r.seenRecently('X', T0 + 30_000); // A is exactly 30 s old: expired, dropped
    expect(held()).toBe(3);
    r.seenRecently('D', T0 + 35_000); // B, C, X still in their windows, D added
    expect(held()).toBe(4);
    expect(r.seenRecently('B', T0 + 36_000)).toBe(true);
    r.seenRecently('E', T0 + 120_000); // everything before expired
    expect(held()).toBe(1);
    r.seenRecently('F', T0 - 1_000); // clock stepped back: E is "in the future" and is dropped too
    expect(held()).toBe(1);
  });

  it('kills: the 10,000-entry cap removed or off by one (the oldest entry is evicted, the rest kept)', () => {
    const r = new RecentScans();
    for (let i = 0; i < 10_000; i++) expect(r.seenRecently(`P${i}`, T0)).toBe(false);
    // exactly at the cap nothing was evicted
    expect(r.seenRecently('P0', T0 + 1)).toBe(true);
    // P0 was re-seen (not re-inserted: still the oldest); one more new pass evicts it
    expect(r.seenRecently('P-new', T0 + 2)).toBe(false);
    expect(r.seenRecently('P0', T0 + 3)).toBe(false); // evicted, so counted again (and it evicts P1)
    expect(r.seenRecently('P2', T0 + 4)).toBe(true);
    expect(r.seenRecently('P9999', T0 + 5)).toBe(true);
  });

  it('kills: the window and clock checks at lookup removed (an entry left behind a fresh one after a small step back)', () => {
    // A at T0, B at T0+20 s; the clock steps back 15 s; C at T0+5 s. The map's order is now A, B, C, and pruning
    // stops at the first entry still in its window, so the lookup itself must check each entry's time.
    const r = new RecentScans();
    r.seenRecently('A', T0);
    r.seenRecently('B', T0 + 20_000);
    expect(r.seenRecently('C', T0 + 5_000)).toBe(false);
    // B is "in the future" at T0+5 s: not a repeat, and scanning it again must count (its time is not before now)
    expect(r.seenRecently('B', T0 + 6_000)).toBe(false);
    const s = new RecentScans();
    s.seenRecently('A', T0);
    s.seenRecently('B', T0 + 20_000);
    s.seenRecently('C', T0 + 5_000);
    // at T0+35 s: A pruned, B (15 s old) stops the pruning, C is exactly 30 s old behind it: not a repeat
    expect(s.seenRecently('C', T0 + 35_000)).toBe(false);
    const t = new RecentScans();
    t.seenRecently('A', T0);
    t.seenRecently('B', T0 + 20_000);
    t.seenRecently('C', T0 + 5_000);
    expect(t.seenRecently('C', T0 + 34_999)).toBe(true); // 29.999 s: a repeat
  });
});
