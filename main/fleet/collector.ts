// The fleet collector: subscribes to every kiosk's counts, health and online topics (persistent session, QoS 1)
// and writes them to PostgreSQL. A message is acknowledged only after its transaction committed: with the database
// down nothing is acknowledged, the collector drops its broker connection, waits for the database, and reconnects
// to the same session, and the broker hands over again whatever was not acknowledged.
import type { MqttClient } from 'mqtt';
import type { FleetDb } from './db.ts';
import { BadMessage, prepareIngest } from './ingest.ts';
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
   * broker sessions sharing counts and health through a $share subscription (default 1: no sharing). Each session
   * commits one message at a time, so more sessions means more transactions in flight; online/offline stays on the
   * first session, in order. Off by default: with Mosquitto 2.0 our PostgreSQL-restart test lost a message that
   * was in flight to a shared session when the collector stepped back (cf. eclipse-mosquitto/mosquitto#2662).
   */
  sessions?: number;
}

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
      for (let i = 0; i < sessions; i++) clients.push(session(i, () => failed, () => { if (!failed) { failed = true; done(); } }));
      closeHooks.add(() => done());
    });
  }

  function session(index: number, isFailed: () => boolean, fail: () => void): MqttClient {
    const c = mqtt.connect(opts.broker, {
      clientId: index === 0 ? baseId : `${baseId}-${index}`,
      clean: false,
      protocolVersion: 4,
      keepalive: 30,
      reconnectPeriod: 1000,
      ...(opts.username ? { username: opts.username } : {}),
      ...(opts.password ? { password: opts.password } : {}),
    });
    // MQTT.js sends the PUBACK when this callback is called (customHandleAcks exists for MQTT 5 only)
    c.handleMessage = (packet, ack) => {
      const ack0 = () => ack();
      if (packet.cmd !== 'publish') return ack0();
      const topic = packet.topic;
      const message = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      if (isFailed()) return; // never acknowledged: the broker sends it again to the next session
      const t = parseKioskTopic(topic);
      if (!t) {
        stats.refused++;
        log(`refused a message on ${topic.slice(0, 120)}: not a kiosk topic`);
        ack0();
        return;
      }
      let write;
      try {
        write = prepareIngest(t, message);
      } catch (e) {
        stats.refused++;
        log(`refused a ${t.kind} message from ${t.site}/${t.kiosk}: ${e instanceof BadMessage ? e.message : 'unreadable'}`);
        ack0();
        return;
      }
      opts.db.tx(write).then(
        () => {
          stats.stored++;
          ack0();
        },
        (e: Error) => {
          if (isFailed()) return;
          stats.dbFailures++;
          log(`database write failed (${e.message.slice(0, 200)}): stepping back from the broker until it is back`);
          fail();
        },
      );
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
    async close() {
      closed = true;
      for (const h of closeHooks) h();
      wake?.();
      await loop;
    },
  };
}
