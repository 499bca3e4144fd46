// `npm run fleet:services`: Mosquitto and PostgreSQL for development, in temporary directories, until Ctrl-C.
// Both are started and stopped by PID (tests/support/fleet-services.ts); nothing is left running or on disk.
import { startMosquitto, startPostgres } from './fleet-services.ts';

const mqttPort = Number(process.env.FLEET_MQTT_PORT ?? 1883);
const pgPort = Number(process.env.FLEET_PG_PORT ?? 5433);
const mosq = await startMosquitto({ port: mqttPort });
const pg = await startPostgres({ port: pgPort });
const db = pg.createDatabase('fleet');
process.stdout.write(`Mosquitto  ${mosq.url}  (PID ${mosq.pid()})
PostgreSQL ${db}  (PID ${pg.pid()}, data in ${pg.dir})

  npx kiosk fleet-collector --broker ${mosq.url} --db ${db} --port 8490
  npm start -- --fleet ${mosq.url} --site my-site --kiosk-id door-1

Ctrl-C stops both.
`);
let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await pg.dispose();
  await mosq.dispose();
  process.stdout.write('stopped Mosquitto and PostgreSQL\n');
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
