// CSV export of count rows: period,outcome,credential,source,count, one row per non-zero bucket. The operator
// opens this file in a spreadsheet, and the rows come from a database file someone could have replaced: every row
// is checked against its schema (dates and enum words only) before it is written, and any cell that a spreadsheet
// would read as a formula (=, +, -, @, tab, CR) is neutralised with a leading apostrophe all the same.
import { z } from 'zod';
import { Credential, Outcome, ScanSource } from '../api/verdict.ts';
import type { StatsRow } from '../api/state.ts';

export const CSV_HEADER = 'period,outcome,credential,source,count';

const ExportRow = z.object({
  period: z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:00)?$/),
  outcome: Outcome,
  credential: Credential,
  source: ScanSource,
  count: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});

function field(v: string | number): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows that fail the schema are left out; `skipped` says how many (the caller may tell the operator). */
export function toCsvChecked(rows: readonly StatsRow[]): { csv: string; skipped: number } {
  const lines = [CSV_HEADER];
  let skipped = 0;
  for (const raw of rows) {
    const p = ExportRow.safeParse(raw);
    if (!p.success) {
      skipped++;
      continue;
    }
    const r = p.data;
    if (r.count > 0) lines.push([r.period, r.outcome, r.credential, r.source, r.count].map(field).join(','));
  }
  return { csv: lines.join('\r\n') + '\r\n', skipped };
}

export function toCsv(rows: readonly StatsRow[]): string {
  return toCsvChecked(rows).csv;
}
