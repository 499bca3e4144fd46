// The fleet's MQTT topics. A kiosk publishes only under its own kiosk/v1/SITE/KIOSK/ prefix (the broker's ACL
// enforces it) and reads only its site's and its own config topics; the collector trusts the topic, not the payload,
// for who sent a message.
export const ID_RE = /^[a-z0-9][a-z0-9-]{0,39}$/;

export function checkId(what: string, id: string): string {
  if (!ID_RE.test(id)) throw new RangeError(`${what} "${id.slice(0, 60)}" must be 1-40 characters a-z, 0-9 and "-" (starting with a letter or digit)`);
  return id;
}

export interface KioskTopics {
  counts: string;
  health: string;
  online: string;
  siteConfig: string;
  kioskConfig: string;
}

export function kioskTopics(site: string, kiosk: string): KioskTopics {
  checkId('site', site);
  checkId('kiosk id', kiosk);
  const base = `kiosk/v1/${site}/${kiosk}`;
  return {
    counts: `${base}/counts`,
    health: `${base}/health`,
    online: `${base}/online`,
    siteConfig: `fleet/v1/${site}/config`,
    kioskConfig: `fleet/v1/${site}/${kiosk}/config`,
  };
}

/** what the collector subscribes to */
export const COLLECTOR_TOPICS = ['kiosk/v1/+/+/counts', 'kiosk/v1/+/+/health', 'kiosk/v1/+/+/online'] as const;

export type KioskTopic = { site: string; kiosk: string; kind: 'counts' | 'health' | 'online' };

/** null for anything that is not exactly one of a kiosk's three topics with valid ids */
export function parseKioskTopic(topic: string): KioskTopic | null {
  const m = /^kiosk\/v1\/([^/]+)\/([^/]+)\/(counts|health|online)$/.exec(topic);
  if (!m || !ID_RE.test(m[1]!) || !ID_RE.test(m[2]!)) return null;
  return { site: m[1]!, kiosk: m[2]!, kind: m[3] as KioskTopic['kind'] };
}

export function configTopic(site: string, kiosk?: string): string {
  checkId('site', site);
  if (kiosk !== undefined) checkId('kiosk id', kiosk);
  return kiosk === undefined ? `fleet/v1/${site}/config` : `fleet/v1/${site}/${kiosk}/config`;
}
