// What the collector writes for each kind of kiosk message. Every message is checked (size, JSON, strict schema)
// before a byte reaches the database; a bad one is refused with a reason, never a crash.
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

/** Checks the message; returns the writes to run in one transaction. Throws BadMessage. */
export function prepareIngest(t: KioskTopic, msg: Uint8Array): (q: Queryable) => Promise<void> {
  const seen = (q: Queryable) =>
    q.query('INSERT INTO fleet_kiosks (site, kiosk) VALUES ($1, $2) ON CONFLICT (site, kiosk) DO UPDATE SET last_seen = now()', [t.site, t.kiosk]);
  if (t.kind === 'counts') {
    const m = parse(CountsMessage, msg);
    return async (q) => {
      await seen(q);
      if (m.rows.length === 0) return;
      // absolute per bucket: the larger of what is stored and what arrived, so a repeat or a late, older copy of
      // a bucket never changes it (a bucket's counts only grow on the kiosk)
      await q.query(
        `INSERT INTO fleet_counts (site, kiosk, period, outcome, credential, source, count)
         SELECT $1, $2, $3::timestamp, o, c, s, n FROM unnest($4::text[], $5::text[], $6::text[], $7::int[]) AS t(o, c, s, n)
         ON CONFLICT (site, kiosk, period, outcome, credential, source)
         DO UPDATE SET count = excluded.count, updated_at = now() WHERE excluded.count > fleet_counts.count`,
        [t.site, t.kiosk, m.period.replace('T', ' '), m.rows.map((r) => r.outcome), m.rows.map((r) => r.credential), m.rows.map((r) => r.source), m.rows.map((r) => r.count)],
      );
    };
  }
  if (t.kind === 'health') {
    // an empty retained message (the topic cleared) only says nothing new
    if (msg.length === 0) return async () => undefined;
    const h = parse(HealthMessage, msg);
    return async (q) => {
      await seen(q);
      // a late copy of an older health report (another collector session, a redelivery) does not overwrite a newer one
      await q.query(
        `UPDATE fleet_kiosks SET health = $3::jsonb, health_at = now()
         WHERE site = $1 AND kiosk = $2 AND (health IS NULL OR (health->>'at')::timestamptz <= $4::timestamptz)`,
        [t.site, t.kiosk, JSON.stringify(h), h.at],
      );
    };
  }
  const text = Buffer.from(msg).toString('utf8');
  if (msg.length === 0) return async () => undefined;
  if (text !== '0' && text !== '1') throw new BadMessage('online must be "0" or "1"');
  return async (q) => {
    await seen(q);
    await q.query('UPDATE fleet_kiosks SET online = $3, online_changed = now() WHERE site = $1 AND kiosk = $2', [t.site, t.kiosk, text === '1']);
  };
}
