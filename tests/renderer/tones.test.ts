import { describe, expect, it } from 'vitest';
import { gainFor, tonesFor } from '../../renderer/logic/tones.ts';

describe('tone sequences (Hong Kong scanner convention)', () => {
  it('two tones for valid, one for exempt, five for invalid, red and amber', () => {
    expect(tonesFor('valid')).toHaveLength(2);
    expect(tonesFor('exempt')).toHaveLength(1);
    for (const o of ['invalid', 'red', 'amber']) expect(tonesFor(o), o).toHaveLength(5);
  });

  it('silence for scans that are not a verdict on a pass', () => {
    expect(tonesFor('not-applicable')).toEqual([]);
    expect(tonesFor('unreadable')).toEqual([]);
    expect(tonesFor('anything-else')).toEqual([]);
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
