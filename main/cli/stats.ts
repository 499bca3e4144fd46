// `kiosk stats`: the aggregated counts, as a table or CSV. Opens the database read-only: never creates or
// changes it, and works while the kiosk is running (WAL).
import { parseArgs } from 'node:util';
import type { StatsRow } from '../api/state.ts';
import { defaultDataDir } from '../paths.ts';
import { openStatsStore } from '../stats/index.ts';
import { toCsv } from '../stats/csv.ts';
import { BOUND_RE } from '../stats/period.ts';

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; stdin: NodeJS.ReadableStream };

const USAGE = `Usage: kiosk stats [--data-dir DIR] [--from D] [--to D] [--hourly] [--csv | --json]

Prints the aggregated counts (daily totals; --hourly for hour buckets) from DIR/stats.db.
  --from, --to   YYYY-MM-DD or YYYY-MM-DDTHH (inclusive; local time)
  --csv          CSV: period,outcome,credential,source,count (one row per non-zero bucket)
`;

function table(rows: StatsRow[]): string {
  const head = ['period', 'outcome', 'credential', 'source', 'count'];
  const cells = [head, ...rows.map((r) => [r.period, r.outcome, r.credential, r.source, String(r.count)])];
  const widths = head.map((_, i) => Math.max(...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => c.map((v, i) => (i === 4 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  const byOutcome = new Map<string, number>();
  for (const r of rows) byOutcome.set(r.outcome, (byOutcome.get(r.outcome) ?? 0) + r.count);
  const total = rows.reduce((a, r) => a + r.count, 0);
  const summary = [...byOutcome].map(([o, n]) => `${o} ${n}`).join(', ');
  return [...cells.map(line), '', `Total ${total}${summary ? ` (${summary})` : ''}`].join('\n') + '\n';
}

export async function run(argv: string[], io: Io): Promise<number> {
  let values: { 'data-dir'?: string; from?: string; to?: string; hourly?: boolean; csv?: boolean; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, hourly: { type: 'boolean' },
        csv: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    io.stderr.write(`kiosk stats: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  for (const [flag, v] of [['--from', values.from], ['--to', values.to]] as const) {
    if (v !== undefined && !BOUND_RE.test(v)) {
      io.stderr.write(`kiosk stats: ${flag} must be YYYY-MM-DD or YYYY-MM-DDTHH\n`);
      return 2;
    }
  }
  if (values.csv && values.json) {
    io.stderr.write('kiosk stats: choose --csv or --json\n');
    return 2;
  }
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const store = openStatsStore({ dataDir, readOnly: true });
  try {
    const fault = store.fault();
    const rows = store.query({ granularity: values.hourly ? 'hour' : 'day', from: values.from, to: values.to });
    if (fault && rows.length === 0) io.stderr.write(`kiosk stats: no counts: ${fault}\n`);
    if (values.csv) io.stdout.write(toCsv(rows));
    else if (values.json) io.stdout.write(JSON.stringify({ rows }, null, 2) + '\n');
    else io.stdout.write(rows.length ? table(rows) : 'No counts in that period.\n');
    return 0;
  } finally {
    store.close();
  }
}
