// Counts rows (period x outcome x credential x source) -> one bar per period: admitted, refused, other.
import type { StatsRow } from '../../main/api/state.ts';

export interface PeriodTotals { period: string; admitted: number; refused: number; other: number; total: number }

const ADMITTED = new Set(['valid', 'exempt']);
const REFUSED = new Set(['invalid', 'red', 'amber']);

export function totalsByPeriod(rows: readonly StatsRow[], limit = 48): PeriodTotals[] {
  const by = new Map<string, PeriodTotals>();
  for (const r of rows) {
    const n = Number.isFinite(r.count) && r.count > 0 ? r.count : 0;
    let t = by.get(r.period);
    if (!t) { t = { period: r.period, admitted: 0, refused: 0, other: 0, total: 0 }; by.set(r.period, t); }
    if (ADMITTED.has(r.outcome)) t.admitted += n;
    else if (REFUSED.has(r.outcome)) t.refused += n;
    else t.other += n;
    t.total += n;
  }
  // ISO-like periods sort as text; the newest `limit` periods are kept.
  return [...by.values()].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0)).slice(-limit);
}

/** A round axis maximum (1, 2, 5 x 10^n) at or above the largest total. */
export function niceMax(totals: readonly PeriodTotals[]): number {
  const m = Math.max(0, ...totals.map((t) => t.total));
  if (m <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(m));
  for (const f of [1, 2, 5, 10]) if (f * p >= m) return f * p;
  return 10 * p;
}
