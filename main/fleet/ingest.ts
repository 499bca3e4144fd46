// What the collector writes for kiosk messages. Every message is checked (size, JSON, strict schema) before a byte
// reaches the database; a bad one is refused with a reason, never a crash. The checked messages of one group
// commit are written with a handful of set-based statements (not two per message), in arrival order where order
// matters (online), by their own timestamp where it does not (health), and as the larger value for counts.
import type { Queryable } from './db.ts';
import { CountsMessage, HealthMessage, MAX_MESSAGE_BYTES } from './messages.ts';
import type { KioskTopic } from './topics.ts';

export class BadMessage extends Error {}

function parse<T>(schema: { safeParse(x: unknown): { success: true; data: T } | { success: false } }, msg: Uint8Array): T {
  if (msg.length > MAX_MESSAGE_BYTES) throw new BadMessage('too large');
  let j: unknown;
  try {
    j = JSON.parse(Buffer.from(msg).toString('utf8'));
  } catch {
    throw new BadMessage('not JSON');
  }
  const r = schema.safeParse(j);
  if (!r.success) throw new BadMessage('does not match the message schema');
  return r.data;
}

/** one checked message, ready to write */
export type IngestRecord =
  | { kind: 'counts'; site: string; kiosk: string; m: CountsMessage }
  | { kind: 'health'; site: string; kiosk: string; h: HealthMessage }
  | { kind: 'online'; site: string; kiosk: string; online: boolean }
  /** an empty retained message (the topic cleared): the kiosk is seen, nothing else changes */
  | { kind: 'seen'; site: string; kiosk: string };

/** Checks the message; throws BadMessage. */
export function prepareIngest(t: KioskTopic, msg: Uint8Array): IngestRecord {
  const who = { site: t.site, kiosk: t.kiosk };
  if (t.kind === 'counts') return { kind: 'counts', ...who, m: parse(CountsMessage, msg) };
  if (t.kind === 'health') return msg.length === 0 ? { kind: 'seen', ...who } : { kind: 'health', ...who, h: parse(HealthMessage, msg) };
  if (msg.length === 0) return { kind: 'seen', ...who };
  const text = Buffer.from(msg).toString('utf8');
  if (text !== '0' && text !== '1') throw new BadMessage('online must be "0" or "1"');
  return { kind: 'online', ...who, online: text === '1' };
}

const key = (...parts: string[]) => parts.join('\u0000');

/** Writes records (in arrival order) inside the caller's transaction. */
export async function writeIngest(q: Queryable, records: readonly IngestRecord[]): Promise<void> {
  if (records.length === 0) return;
  const kiosks = new Map<string, [string, string]>();
  // one row per bucket key: the largest count seen in this batch (a bucket only grows on the kiosk)
  const counts = new Map<string, [string, string, string, string, string, string, number]>();
  // the newest health per kiosk, and the last online state per kiosk in arrival order
  const health = new Map<string, [string, string, HealthMessage]>();
  const online = new Map<string, [string, string, boolean]>();
  for (const r of records) {
    const k = key(r.site, r.kiosk);
    kiosks.set(k, [r.site, r.kiosk]);
    if (r.kind === 'counts') {
      const period = r.m.period.replace('T', ' ');
      for (const row of r.m.rows) {
        const ck = key(r.site, r.kiosk, period, row.outcome, row.credential, row.source);
        const prev = counts.get(ck);
        if (!prev || row.count > prev[6]) counts.set(ck, [r.site, r.kiosk, period, row.outcome, row.credential, row.source, row.count]);
      }
    } else if (r.kind === 'health') {
      const prev = health.get(k);
      if (!prev || Date.parse(r.h.at) >= Date.parse(prev[2].at)) health.set(k, [r.site, r.kiosk, r.h]);
    } else if (r.kind === 'online') {
      online.set(k, [r.site, r.kiosk, r.online]);
    }
  }
  const col = <T, V>(rows: Iterable<T>, f: (t: T) => V): V[] => [...rows].map(f);
  const ks = [...kiosks.values()];
  await q.query(
    `INSERT INTO fleet_kiosks (site, kiosk) SELECT * FROM unnest($1::text[], $2::text[])
     ON CONFLICT (site, kiosk) DO UPDATE SET last_seen = now()`,
    [col(ks, (k) => k[0]), col(ks, (k) => k[1])],
  );
  if (counts.size > 0) {
    const cs = [...counts.values()];
    // absolute per bucket: the larger of what is stored and what arrived, so a repeat or a late, older copy of a
    // bucket never changes it
    await q.query(
      `INSERT INTO fleet_counts (site, kiosk, period, outcome, credential, source, count)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamp[], $4::text[], $5::text[], $6::text[], $7::int[])
       ON CONFLICT (site, kiosk, period, outcome, credential, source)
       DO UPDATE SET count = excluded.count, updated_at = now() WHERE excluded.count > fleet_counts.count`,
      [0, 1, 2, 3, 4, 5, 6].map((i) => col(cs, (c) => c[i])),
    );
  }
  if (health.size > 0) {
    const hs = [...health.values()];
    // a late copy of an older health report (a redelivery) does not overwrite a newer one
    await q.query(
      `UPDATE fleet_kiosks AS k SET health = u.h, health_at = now()
       FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::timestamptz[]) AS u(site, kiosk, h, at)
       WHERE k.site = u.site AND k.kiosk = u.kiosk AND (k.health IS NULL OR (k.health->>'at')::timestamptz <= u.at)`,
      [col(hs, (x) => x[0]), col(hs, (x) => x[1]), col(hs, (x) => JSON.stringify(x[2])), col(hs, (x) => x[2].at)],
    );
  }
  if (online.size > 0) {
    const os = [...online.values()];
    await q.query(
      `UPDATE fleet_kiosks AS k SET online = u.online, online_changed = now()
       FROM unnest($1::text[], $2::text[], $3::boolean[]) AS u(site, kiosk, online)
       WHERE k.site = u.site AND k.kiosk = u.kiosk`,
      [col(os, (x) => x[0]), col(os, (x) => x[1]), col(os, (x) => x[2])],
    );
  }
}
