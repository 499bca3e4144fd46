// `kiosk fleet-collector --broker URL --db URL [--port N]`: the fleet's collector and dashboard, until SIGINT/SIGTERM.
// `--demo`: an in-process broker (Aedes) and an embedded database (PGlite) for a trial with nothing installed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../paths.ts';
import { startCollector } from '../fleet/collector.ts';
import { startDashboard } from '../fleet/dashboard-server.ts';
import { startDemoBroker } from '../fleet/demo-broker.ts';
import { openFleetDb } from '../fleet/open-db.ts';

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; stdin: NodeJS.ReadableStream };

const USAGE = `Usage: kiosk fleet-collector --broker URL --db URL [--port N] [options]
       kiosk fleet-collector --demo [--port N] [--broker-port N] [--data-dir DIR]

  --broker URL            mqtt://HOST:1883 (or mqtts://); --broker-user U --broker-password-file F
  --db URL                postgres://USER@HOST:PORT/DB (or pglite:DIR)
  --port N                dashboard on 127.0.0.1:N (default 8490; 0 = any free port)
  --host ADDR             dashboard address (default 127.0.0.1; put TLS in front for anything else)
  --password-file F       the dashboard password (default: FLEET_DASHBOARD_PASSWORD, else generated and printed)
  --client-id ID          the collector's persistent MQTT session (default fleet-collector)
  --batch N               messages per database transaction (default 500; 1 = one commit per message)
  --demo                  in-process broker on 127.0.0.1:--broker-port (default 1883) and PGlite in DIR/fleet-demo-db
`;

export async function run(argv: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        broker: { type: 'string' }, db: { type: 'string' }, port: { type: 'string', default: '8490' }, host: { type: 'string' },
        'broker-user': { type: 'string' }, 'broker-password-file': { type: 'string' }, 'password-file': { type: 'string' },
        'client-id': { type: 'string' }, demo: { type: 'boolean' }, 'broker-port': { type: 'string', default: '1883' },
        'data-dir': { type: 'string' }, batch: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    io.stderr.write(`kiosk fleet-collector: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const port = Number(values.port);
  const brokerPort = Number(values['broker-port']);
  if (![port, brokerPort].every((p) => Number.isInteger(p) && p >= 0 && p <= 65535)) {
    io.stderr.write(`kiosk fleet-collector: ports must be 0-65535\n${USAGE}`);
    return 2;
  }
  const batch = values.batch === undefined ? undefined : Number(values.batch);
  if (batch !== undefined && !(Number.isInteger(batch) && batch >= 1 && batch <= 10_000)) {
    io.stderr.write(`kiosk fleet-collector: --batch must be 1-10000\n${USAGE}`);
    return 2;
  }
  if (!values.demo && (!values.broker || !values.db)) {
    io.stderr.write(`kiosk fleet-collector: --broker URL and --db URL are required (or --demo)\n${USAGE}`);
    return 2;
  }
  const log = (l: string) => io.stdout.write(`${new Date().toISOString()} ${l}\n`);
  const closers: (() => Promise<void>)[] = [];
  const shutdown = async () => { for (const c of closers.reverse()) await c().catch(() => undefined); };
  try {
    let broker = values.broker;
    let dbUrl = values.db;
    if (values.demo) {
      const b = await startDemoBroker(brokerPort);
      closers.push(b.close);
      broker = b.url;
      dbUrl = `pglite:${join(values['data-dir'] ?? defaultDataDir(), 'fleet-demo-db')}`;
      log(`demo: in-process MQTT broker at ${b.url}; embedded database ${dbUrl.slice(7)}`);
      log('demo: starting the embedded database (PGlite; the first start compiles it, which can take a while)');
      log(`demo: join a kiosk with: npm start -- --fleet ${b.url} --site demo-site --kiosk-id door-1`);
    }
    const db = await openFleetDb(dbUrl!, (e) => log(`database: ${e.message}`));
    closers.push(() => db.close());
    const password = values['password-file'] ? readFileSync(values['password-file'], 'utf8').trim() : process.env.FLEET_DASHBOARD_PASSWORD || undefined;
    const collector = await startCollector({
      broker: broker!, db, log,
      ...(values['client-id'] ? { clientId: values['client-id'] } : {}),
      ...(batch !== undefined ? { batchMax: batch } : {}),
      ...(values['broker-user'] ? { username: values['broker-user'] } : {}),
      ...(values['broker-password-file'] ? { password: readFileSync(values['broker-password-file'], 'utf8').trim() } : {}),
    });
    closers.push(() => collector.close());
    const dash = await startDashboard({ db, port, ...(values.host ? { host: values.host } : {}), ...(password ? { password } : {}), log });
    closers.push(() => dash.close());
    io.stdout.write(`fleet dashboard at ${dash.url}${password ? '' : ` (password: ${dash.auth.password})`}\n`);
  } catch (e) {
    io.stderr.write(`kiosk fleet-collector: ${(e as Error).message}\n`);
    await shutdown();
    return 1;
  }
  await new Promise<void>((resolve) => {
    const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve(); };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await shutdown();
  io.stdout.write('fleet collector stopped\n');
  return 0;
}
