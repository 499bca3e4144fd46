// The fleet collector: subscribes to every kiosk's counts, health and online topics (persistent session, QoS 1)
// and writes them to PostgreSQL, many messages to a transaction (group-commit.ts). A message is acknowledged only
// after the transaction holding it committed: with the database down nothing is acknowledged, the collector drops
// its broker connection, waits for the database, and reconnects to the same session, and the broker hands over
// again whatever was not acknowledged.
import type { MqttClient } from 'mqtt';
import type { FleetDb } from './db.ts';
import { createGroupCommit } from './group-commit.ts';
import { BadMessage, prepareIngest, writeIngest, type IngestRecord } from './ingest.ts';
import { migrateFleetDb } from './schema.ts';
import { COLLECTOR_TOPICS, parseKioskTopic } from './topics.ts';

export interface CollectorOptions {
  broker: string;
  db: FleetDb;
  /** one persistent session per collector (default fleet-collector) */
  clientId?: string;
  username?: string;
  password?: string;
  log?: (line: string) => void;
  /** ms between database checks while it is down (default 1000) */
  retryMs?: number;
  /**
   * broker sessions sharing counts and health through a $share subscription (default 1: no sharing); online/offline
   * stays on the first session, in order. Off by default: with Mosquitto 2.0 our PostgreSQL-restart test lost a
   * message that was in flight to a shared session when the collector stepped back (cf. eclipse-mosquitto/mosquitto#2662).
   */
  sessions?: number;
  /** messages per transaction (default 500; 1 commits each message on its own) */
  batchMax?: number;
  /** how long a message waits for others to share its transaction (default 20 ms) */
  batchWaitMs?: number;
}

/** handleMessage's callback with an error: MQTT.js sends no PUBACK and reads the next packet */
const DEFER_ACK = new Error('acknowledged after the commit');

export interface CollectorStats {
  /** messages committed and acknowledged */
  stored: number;
  /** messages refused (bad topic, size or schema): acknowledged so that they are not sent again */
  refused: number;
  /** times the database failed and the collector stepped back */
  dbFailures: number;
}

export interface Collector {
  stats: CollectorStats;
  connected(): boolean;
  /** messages received and not yet acknowledged (waiting for, or in, a transaction) */
  pending(): number;
  close(): Promise<void>;
}

export async function startCollector(opts: CollectorOptions): Promise<Collector> {
  const log = opts.log ?? (() => undefined);
  const retryMs = opts.retryMs ?? 1000;
  const stats: CollectorStats = { stored: 0, refused: 0, dbFailures: 0 };
  // loaded here: every other `kiosk` command starts without the MQTT client
  const { default: mqtt } = await import('mqtt');
  await migrateFleetDb(opts.db);
  let closed = false;
  let clients: MqttClient[] = [];
  const sessions = Math.max(1, Math.min(32, opts.sessions ?? 1));
  const baseId = opts.clientId ?? 'fleet-collector';
  let wake: (() => void) | null = null;

  let failCurrent: (() => void) | null = null;
  const group = createGroupCommit<IngestRecord>({
    db: opts.db,
    write: writeIngest,
    ...(opts.batchMax !== undefined ? { maxBatch: opts.batchMax } : {}),
    ...(opts.batchWaitMs !== undefined ? { maxWaitMs: opts.batchWaitMs } : {}),
    onCommitted: (n) => { stats.stored += n; },
    onPoison: (what, e) => {
      stats.refused++;
      log(`refused a ${what}: the database would not take it (${e.message.slice(0, 200)})`);
    },
    onDbFailure: (e) => {
      stats.dbFailures++;
      log(`database write failed (${e.message.slice(0, 200)}): stepping back from the broker until it is back`);
      failCurrent?.();
    },
  });

  const sleep = (ms: number) => new Promise<void>((r) => { const t = setTimeout(r, ms); wake = () => { clearTimeout(t); r(); }; });

  async function dbUp(): Promise<boolean> {
    try {
      await opts.db.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  function connect(): Promise<void> {
    // resolves when the database failed under these connections (or on close)
    return new Promise((done) => {
      let failed = false;
      const fail = () => {
        if (failed) return;
        failed = true;
        // nothing waiting is acknowledged now: the broker sends it all again to the next connection
        group.reset();
        done();
      };
      failCurrent = fail;
      for (let i = 0; i < sessions; i++) clients.push(session(i, () => failed));
      closeHooks.add(() => done());
    });
  }

  function session(index: number, isFailed: () => boolean): MqttClient {
    const c = mqtt.connect(opts.broker, {
      clientId: index === 0 ? baseId : `${baseId}-${index}`,
      clean: false,
      protocolVersion: 4,
      keepalive: 30,
      reconnectPeriod: 1000,
      ...(opts.username ? { username: opts.username } : {}),
      ...(opts.password ? { password: opts.password } : {}),
    });
    // MQTT.js (5.x, MQTT 3.1.1) reads the next packet of a session only after handleMessage's callback, and the
    // callback sends the PUBACK: one message in flight, one commit each. So the callback is called at once with
    // an error, which MQTT.js takes as "no PUBACK, go on" (handlers/publish.js), and the PUBACK is sent by the
    // group commit after the transaction holding the message committed. A PUBACK is sent only on the connection
    // that delivered the message; after a reconnect the broker delivers it again and it is written again
    // (idempotent), then acknowledged.
    let generation = 0;
    c.on('connect', () => { generation++; });
    c.handleMessage = (packet, release) => {
      if (packet.cmd !== 'publish') return release();
      const deferred = () => release(DEFER_ACK);
      if (isFailed()) return; // never acknowledged: the broker sends it again to the next session
      const gen = generation;
      const id = packet.messageId;
      const ack = () => {
        if (id === undefined || !c.connected || gen !== generation) return;
        (c as unknown as { _sendPacket(p: object): void })._sendPacket({ cmd: 'puback', messageId: id });
      };
      const topic = packet.topic;
      const message = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      const t = parseKioskTopic(topic);
      if (!t) {
        stats.refused++;
        log(`refused a message on ${topic.slice(0, 120)}: not a kiosk topic`);
        group.add({ record: null, ack, what: topic.slice(0, 120) }, deferred);
        return;
      }
      let record: IngestRecord;
      try {
        record = prepareIngest(t, message);
      } catch (e) {
        stats.refused++;
        log(`refused a ${t.kind} message from ${t.site}/${t.kiosk}: ${e instanceof BadMessage ? e.message : 'unreadable'}`);
        group.add({ record: null, ack, what: `${t.kind} from ${t.site}/${t.kiosk}` }, deferred);
        return;
      }
      group.add({ record, ack, what: `${t.kind} from ${t.site}/${t.kiosk}` }, deferred);
    };
    c.on('connect', (ack) => {
      if (index === 0) log(`connected to the broker${ack.sessionPresent ? ' (session resumed)' : ''}`);
      // counts and health may be shared out (absolute counts and timestamped health do not mind the order);
      // online carries no time, so it stays on the first session, in the broker's order
      const shared = sessions > 1 ? COLLECTOR_TOPICS.slice(0, 2).map((t) => `$share/${baseId}/${t}`) : COLLECTOR_TOPICS.slice(0, 2);
      const topics = [...shared, ...(index === 0 ? COLLECTOR_TOPICS.slice(2) : [])];
      c.subscribe(Object.fromEntries(topics.map((t) => [t, { qos: 1 as const }])), (err) => {
        if (err) log(`subscribe failed: ${err.message}`);
      });
    });
    c.on('error', (e) => log(`broker: ${e.message}`));
    return c;
  }

  const closeHooks = new Set<() => void>();
  let loop: Promise<void> = Promise.resolve();
  loop = (async () => {
    while (!closed) {
      if (!(await dbUp())) {
        await sleep(retryMs);
        continue;
      }
      await connect();
      closeHooks.clear();
      const cs = clients;
      clients = [];
      // force: no DISCONNECT, no waiting for acknowledgements that will not come
      await Promise.all(cs.map((c) => c.endAsync(true).catch(() => undefined)));
      if (!closed) await sleep(retryMs);
    }
  })();

  return {
    stats,
    connected: () => clients.length > 0 && clients.every((c) => c.connected),
    pending: () => group.pending(),
    async close() {
      // what is committed gets its acknowledgement first (bounded: a database that hangs does not hold the exit)
      await Promise.race([group.idle(), new Promise((r) => setTimeout(r, 2000))]);
      closed = true;
      for (const h of closeHooks) h();
      wake?.();
      await loop;
    },
  };
}
