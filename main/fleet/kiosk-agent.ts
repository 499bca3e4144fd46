// The kiosk's side of the fleet: one MQTT connection (persistent session, QoS 1, last will) that publishes the
// counts and the health and receives signed configuration. Optional: without it the kiosk works exactly the same,
// and while the broker is away nothing is lost (the counts are in the kiosk's own database; the agent catches up).
import type { MqttClient } from 'mqtt';
import type { SettingsPatch } from '../api/state.ts';
import { dispatch } from '../api/dispatch.ts';
import type { KioskCore } from '../kiosk/core.ts';
import type { Logger } from '../kiosk/log.ts';
import { createConfigApplier, type ConfigApplier } from './config-apply.ts';
import { createCountPublisher, type CountPublisher, type CountPublisherOptions } from './count-publisher.ts';
import type { Enrolment } from './enrolment.ts';
import { healthOf } from './health.ts';
import { loadPublicKey } from './signing.ts';
import { kioskTopics } from './topics.ts';

export interface FleetAgentOptions {
  enrolment: Enrolment;
  core: KioskCore;
  /** default: the core's own getStats request (the stats store's query API) */
  stats?: CountPublisherOptions['stats'];
  dataDir: string;
  log: Logger;
  /** seconds; the broker declares the kiosk offline (last will) after 1.5x this without a packet (default 15) */
  keepalive?: number;
  /** ms from a verdict to its bucket being published (default 1000; the fleet promise is <= 5 s) */
  debounceMs?: number;
  clock?: () => number;
}

export interface FleetAgent {
  connected(): boolean;
  /** buckets waiting for the broker's acknowledgement */
  backlog(): number;
  close(): Promise<void>;
}

export async function startFleetAgent(opts: FleetAgentOptions): Promise<FleetAgent> {
  // loaded here, not at the top: a kiosk outside a fleet never loads the MQTT client
  const { default: mqtt } = await import('mqtt');
  const e = opts.enrolment;
  const t = kioskTopics(e.site, e.kioskId);
  const clock = opts.clock ?? Date.now;
  const debounceMs = opts.debounceMs ?? 1000;
  const session = opts.core.openSession();
  let closed = false;

  const applier: ConfigApplier = createConfigApplier({
    dataDir: opts.dataDir,
    site: e.site,
    kioskId: e.kioskId,
    key: e.fleetPublicKey ? loadPublicKey(e.fleetPublicKey) : null,
    // the operator screen's own request, schema-checked the same way
    apply: async (patch: SettingsPatch) => {
      const r = await dispatch({ id: 0, method: 'setSettings', params: { patch } }, session.handlers, { isOperator: () => true });
      if (!r.ok) throw new Error(r.error.message);
    },
    // trust stores and rule files: the core's own start-up loaders, again
    reload: () => opts.core.reloadTrustAndRules(),
    ruleProfile: () => opts.core.state().settings.ruleProfile,
    log: (l) => opts.log.info(l),
  });

  const client: MqttClient = mqtt.connect(e.broker, {
    clientId: `kiosk-${e.site}-${e.kioskId}`.slice(0, 100),
    clean: false,
    protocolVersion: 4,
    keepalive: opts.keepalive ?? 15,
    reconnectPeriod: 2000,
    connectTimeout: 10_000,
    ...(e.username ? { username: e.username } : {}),
    ...(e.password ? { password: e.password } : {}),
    ...(e.ca ? { ca: e.ca } : {}),
    will: { topic: t.online, payload: Buffer.from('0'), qos: 1, retain: true },
  });

  const publish = (topic: string, payload: string, retain = false): Promise<void> =>
    new Promise((resolve, reject) => {
      if (closed) return reject(new Error('closed'));
      client.publish(topic, payload, { qos: 1, retain }, (err) => (err ? reject(err) : resolve()));
    });

  const counts: CountPublisher = createCountPublisher({
    stats: opts.stats ?? { query: async (q) => (await session.handlers.getStats(q)).rows },
    dataDir: opts.dataDir,
    topic: t.counts,
    publish: (topic, payload) => publish(topic, payload),
    onError: (err) => opts.log.warn(`fleet: ${err.message}`),
  });

  const fleetState = () => ({ site: e.site, kioskId: e.kioskId, connected: client.connected, managed: applier.managed() });
  const showState = () => opts.core.setFleet(fleetState());

  let countsTimer: ReturnType<typeof setTimeout> | null = null;
  let healthTimer: ReturnType<typeof setTimeout> | null = null;
  const syncCounts = () => {
    if (!client.connected || closed) return;
    counts.sync().catch((err: Error) => opts.log.warn(`fleet counts: ${err.message}`));
  };
  const sendHealth = () => {
    if (!client.connected || closed) return;
    const h = healthOf(opts.core.state(), clock(), applier.versions());
    publish(t.health, JSON.stringify(h), true).catch(() => undefined);
  };
  const soon = (which: 'counts' | 'health') => {
    if (which === 'counts' && !countsTimer) countsTimer = setTimeout(() => { countsTimer = null; syncCounts(); }, debounceMs);
    if (which === 'health' && !healthTimer) healthTimer = setTimeout(() => { healthTimer = null; sendHealth(); }, 2000);
  };
  const off = opts.core.onEvent((ev) => {
    if (ev.event === 'verdict') soon('counts');
    else if (ev.event === 'state' || ev.event === 'devices') soon('health');
  });
  // a safety net for counts written late (a database that was failing) and for the colour list's age
  const periodic = setInterval(() => { syncCounts(); sendHealth(); }, 30_000);
  periodic.unref?.();

  client.on('connect', () => {
    opts.log.info(`fleet: connected to ${e.broker.replace(/\/\/[^@/]*@/, '//')} as ${e.site}/${e.kioskId}`);
    publish(t.online, '1', true).catch(() => undefined);
    client.subscribe({ [t.siteConfig]: { qos: 1 }, [t.kioskConfig]: { qos: 1 } }, (err) => {
      if (err) opts.log.warn(`fleet: subscribing to configuration failed: ${err.message}`);
    });
    showState();
    sendHealth();
    syncCounts();
  });
  client.on('close', () => { if (!closed) showState(); });
  client.on('error', (err) => opts.log.warn(`fleet: ${err.message}`));
  client.on('message', (topic, message) => {
    const scope = topic === t.siteConfig ? 'site' : topic === t.kioskConfig ? 'kiosk' : null;
    if (!scope) return;
    void applier.handle(scope, message).then((r) => {
      if (r.applied || !r.ignored) {
        showState();
        sendHealth();
      }
    });
  });
  showState();

  return {
    connected: () => client.connected,
    backlog: () => counts.backlog(),
    async close() {
      if (closed) return;
      // a clean goodbye: offline now, not after the keep-alive
      if (client.connected) await publish(t.online, '0', true).catch(() => undefined);
      closed = true;
      off();
      clearInterval(periodic);
      if (countsTimer) clearTimeout(countsTimer);
      if (healthTimer) clearTimeout(healthTimer);
      session.close();
      await client.endAsync(false).catch(() => undefined);
      opts.core.setFleet(null);
    },
  };
}
