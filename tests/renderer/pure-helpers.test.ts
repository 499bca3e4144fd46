import { describe, expect, it } from 'vitest';
import { ageParts } from '../../renderer/logic/age.ts';
import { driftOffset } from '../../renderer/logic/drift.ts';
import { niceMax, totalsByPeriod } from '../../renderer/logic/stats.ts';
import type { StatsRow } from '../../main/api/state.ts';

describe('age', () => {
  it('uses the largest whole unit', () => {
    expect(ageParts(45)).toEqual({ unit: 'seconds', n: 45 });
    expect(ageParts(12 * 60 + 59)).toEqual({ unit: 'minutes', n: 12 });
    expect(ageParts(3 * 3600)).toEqual({ unit: 'hours', n: 3 });
    expect(ageParts(2 * 86_400 + 5)).toEqual({ unit: 'days', n: 2 });
    expect(ageParts(-5)).toEqual({ unit: 'seconds', n: 0 });
    expect(ageParts(Number.NaN)).toEqual({ unit: 'seconds', n: 0 });
  });
});

describe('burn-in drift', () => {
  it('stays within the amplitude and actually moves over minutes', () => {
    const seen = new Set<string>();
    for (let t = 0; t < 60 * 60_000; t += 60_000) {
      const o = driftOffset(t, 24);
      expect(Math.abs(o.x)).toBeLessThanOrEqual(24);
      expect(Math.abs(o.y)).toBeLessThanOrEqual(24);
      seen.add(`${o.x},${o.y}`);
    }
    expect(seen.size).toBeGreaterThan(30);
  });
  it('moves slowly: under 0.2 px per second (4 px per 20 s step)', () => {
    for (let t = 0; t < 30 * 60_000; t += 20_000) {
      const a = driftOffset(t, 24);
      const b = driftOffset(t + 20_000, 24);
      expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeLessThan(4);
    }
  });
});

describe('counts per period', () => {
  const row = (period: string, outcome: StatsRow['outcome'], count: number): StatsRow => ({ period, outcome, credential: 'hk-vac', source: 'manual', count });
  it('groups admitted (valid, exempt), refused (invalid, red, amber) and other, sorted by period', () => {
    const t = totalsByPeriod([
      row('2026-11-28T10', 'valid', 3), row('2026-11-28T09', 'exempt', 1), row('2026-11-28T10', 'red', 2),
      row('2026-11-28T10', 'amber', 1), row('2026-11-28T10', 'unreadable', 4), row('2026-11-28T09', 'invalid', 5),
    ]);
    expect(t).toEqual([
      { period: '2026-11-28T09', admitted: 1, refused: 5, other: 0, total: 6 },
      { period: '2026-11-28T10', admitted: 3, refused: 3, other: 4, total: 10 },
    ]);
  });
  it('keeps only the newest periods', () => {
    const rows = Array.from({ length: 30 }, (_, i) => row(`2026-11-${String(i + 1).padStart(2, '0')}`, 'valid', 1));
    const t = totalsByPeriod(rows, 7);
    expect(t).toHaveLength(7);
    expect(t[0]!.period).toBe('2026-11-24');
    expect(t[6]!.period).toBe('2026-11-30');
  });
  it('a round axis maximum', () => {
    expect(niceMax([])).toBe(1);
    expect(niceMax([{ period: 'a', admitted: 7, refused: 0, other: 0, total: 7 }])).toBe(10);
    expect(niceMax([{ period: 'a', admitted: 120, refused: 30, other: 0, total: 150 }])).toBe(200);
    expect(niceMax([{ period: 'a', admitted: 5, refused: 0, other: 0, total: 5 }])).toBe(5);
  });
});
