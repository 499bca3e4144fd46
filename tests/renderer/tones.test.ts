import { describe, expect, it } from 'vitest';
import { gainFor, tonesFor } from '../../renderer/logic/tones.ts';

describe('tone sequences (Hong Kong scanner convention)', () => {
  it('two tones for valid, one for exempt, five for invalid, red and amber', () => {
    expect(tonesFor('valid')).toHaveLength(2);
    expect(tonesFor('exempt')).toHaveLength(1);
    for (const o of ['invalid', 'red', 'amber']) expect(tonesFor(o), o).toHaveLength(5);
  });

  it('unreadable sounds five refusal tones, as the README promises; not-applicable three of its own', () => {
    expect(tonesFor('unreadable')).toEqual(tonesFor('invalid'));
    expect(tonesFor('not-applicable')).toHaveLength(3);
    // an outcome the screen does not know is shown as unreadable, and sounds like it
    expect(tonesFor('anything-else')).toEqual(tonesFor('unreadable'));
  });

  it('every outcome in the README door table plays the tones the table lists', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync('README.md', 'utf8');
    const words: Record<string, number> = { none: 0, one: 1, two: 2, three: 3, five: 5 };
    const table = new Map<string, number>();
    for (const line of readme.split('\n')) {
      const m = /^\| .*`([a-z-]+)`.* \| (none|one|two|three|five) \|$/.exec(line);
      if (m) table.set(m[1]!, words[m[2]!]!);
    }
    for (const o of ['valid', 'exempt', 'invalid', 'red', 'amber', 'not-applicable', 'unreadable']) {
      expect(table.get(o), `README row for ${o}`).toBeDefined();
      expect(tonesFor(o), o).toHaveLength(table.get(o)!);
    }
  });

  it('tones are separate (each starts after the previous ends) and audible', () => {
    for (const o of ['valid', 'exempt', 'invalid']) {
      const ts = tonesFor(o);
      ts.forEach((t, i) => {
        expect(t.durationMs).toBeGreaterThanOrEqual(50);
        expect(t.hz).toBeGreaterThanOrEqual(200);
        expect(t.hz).toBeLessThanOrEqual(4000);
        if (i > 0) expect(t.at).toBeGreaterThan(ts[i - 1]!.at + ts[i - 1]!.durationMs);
      });
    }
  });

  it('a refusal sounds lower than an admission', () => {
    expect(tonesFor('invalid')[0]!.hz).toBeLessThan(tonesFor('valid')[0]!.hz);
  });

  it('mute and zero volume give no gain; louder volume gives more gain', () => {
    expect(gainFor(1, true)).toBe(0);
    expect(gainFor(0, false)).toBe(0);
    expect(gainFor(Number.NaN, false)).toBe(0);
    expect(gainFor(0.5, false)).toBeGreaterThan(0);
    expect(gainFor(1, false)).toBeGreaterThan(gainFor(0.5, false));
    expect(gainFor(5, false)).toBe(gainFor(1, false));
  });
});
