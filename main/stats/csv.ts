// CSV export of count rows: period,outcome,credential,source,count, one row per non-zero bucket.
import type { StatsRow } from '../api/state.ts';

export const CSV_HEADER = 'period,outcome,credential,source,count';

// Every field is a date or an enum word today; quoting anyway keeps the file valid if that ever changes.
function field(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly StatsRow[]): string {
  const lines = [CSV_HEADER];
  for (const r of rows) {
    if (r.count > 0) lines.push([r.period, r.outcome, r.credential, r.source, r.count].map(field).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
