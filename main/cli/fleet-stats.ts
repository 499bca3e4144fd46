// `kiosk fleet-stats --db URL [--csv]`: the fleet's counts from the collector's database, one row per site,
// kiosk, hour, outcome, credential and source, the same buckets each kiosk's `kiosk stats --hourly` shows.
import { parseArgs } from 'node:util';
import { openFleetDb } from '../fleet/open-db.ts';
import { fleetCsv, fleetRows } from '../fleet/queries.ts';
import { BOUND_RE } from '../stats/period.ts';

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; stdin: NodeJS.ReadableStream };

const USAGE = `Usage: kiosk fleet-stats --db URL [--site S] [--kiosk K] [--from D] [--to D] [--csv | --json]

  --db URL       postgres://USER@HOST:PORT/DB (or pglite:DIR for a demo collector's database)
  --from, --to   YYYY-MM-DD or YYYY-MM-DDTHH (inclusive; each kiosk's local time)
  --csv          site,kiosk,period,outcome,credential,source,count
`;

export async function run(argv: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' }, site: { type: 'string' }, kiosk: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
        csv: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    io.stderr.write(`kiosk fleet-stats: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (!values.db) {
    io.stderr.write(`kiosk fleet-stats: --db URL is required\n${USAGE}`);
    return 2;
  }
  for (const [flag, v] of [['--from', values.from], ['--to', values.to]] as const) {
    if (v !== undefined && !BOUND_RE.test(v)) {
      io.stderr.write(`kiosk fleet-stats: ${flag} must be YYYY-MM-DD or YYYY-MM-DDTHH\n`);
      return 2;
    }
  }
  let db;
  try {
    db = await openFleetDb(values.db);
  } catch (e) {
    io.stderr.write(`kiosk fleet-stats: ${(e as Error).message}\n`);
    return 1;
  }
  try {
    const rows = await fleetRows(db, { site: values.site, kiosk: values.kiosk, from: values.from, to: values.to });
    if (values.json) io.stdout.write(JSON.stringify({ rows }, null, 2) + '\n');
    else if (values.csv) io.stdout.write(fleetCsv(rows));
    else {
      const total = rows.reduce((a, r) => a + r.count, 0);
      io.stdout.write(fleetCsv(rows).replace(/,/g, '  ') + `\nTotal ${total} in ${new Set(rows.map((r) => `${r.site}/${r.kiosk}`)).size} kiosk(s)\n`);
    }
    return 0;
  } catch (e) {
    io.stderr.write(`kiosk fleet-stats: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await db.close().catch(() => undefined);
  }
}
