// What the dashboard and `kiosk fleet-stats` ask of the fleet database.
import type { Queryable } from './db.ts';

export interface FleetRow {
  site: string;
  kiosk: string;
  /** the kiosk's local hour, 'YYYY-MM-DDTHH:00' as its own `kiosk stats` prints it */
  period: string;
  outcome: string;
  credential: string;
  source: string;
  count: number;
}

export const FLEET_CSV_HEADER = 'site,kiosk,period,outcome,credential,source,count';

const PERIOD = `to_char(period, 'YYYY-MM-DD"T"HH24:00')`;

export async function fleetRows(db: Queryable, f: { site?: string; kiosk?: string; from?: string; to?: string } = {}): Promise<FleetRow[]> {
  const where: string[] = ['count > 0'];
  const params: unknown[] = [];
  if (f.site) { params.push(f.site); where.push(`site = $${params.length}`); }
  if (f.kiosk) { params.push(f.kiosk); where.push(`kiosk = $${params.length}`); }
  // a day bound covers the whole day, like `kiosk stats`
  if (f.from) { params.push(f.from.length === 10 ? `${f.from} 00:00` : f.from.replace('T', ' ')); where.push(`period >= $${params.length}::timestamp`); }
  if (f.to) { params.push(f.to.length === 10 ? `${f.to} 23:59` : f.to.replace('T', ' ')); where.push(`period <= $${params.length}::timestamp`); }
  const rows = await db.query<FleetRow>(
    `SELECT site, kiosk, ${PERIOD} AS period, outcome, credential, source, count FROM fleet_counts
     WHERE ${where.join(' AND ')} ORDER BY site, kiosk, period, outcome, credential, source`,
    params,
  );
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

function field(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function fleetCsv(rows: readonly FleetRow[]): string {
  return [FLEET_CSV_HEADER, ...rows.map((r) => [r.site, r.kiosk, r.period, r.outcome, r.credential, r.source, r.count].map(field).join(','))].join('\r\n') + '\r\n';
}

export interface KioskOverview {
  site: string;
  kiosk: string;
  online: boolean;
  lastSeen: string;
  health: Record<string, unknown> | null;
  healthAt: string | null;
  /**
   * the kiosk's clock minus the collector's, in seconds, from its last health report (its own time vs the time the
   * collector stored it; delivery delay makes it a little negative); null without a report
   */
  clockSkewSeconds: number | null;
  /** counts in the given day, by outcome */
  today: Record<string, number>;
}

/** Beyond this the dashboard says the kiosk's clock is off (its counts are filed under its own hours). */
export const CLOCK_SKEW_WARN_SECONDS = 300;

function clockSkew(health: Record<string, unknown> | null, at: Date | null): number | null {
  const reported = typeof health?.at === 'string' ? Date.parse(health.at) : NaN;
  if (!at || Number.isNaN(reported)) return null;
  return Math.round((reported - new Date(at).getTime()) / 1000);
}

export async function kioskOverview(db: Queryable, day: string): Promise<KioskOverview[]> {
  const kiosks = await db.query<{ site: string; kiosk: string; online: boolean; last_seen: Date; health: Record<string, unknown> | null; health_at: Date | null }>(
    'SELECT site, kiosk, online, last_seen, health, health_at FROM fleet_kiosks ORDER BY site, kiosk',
  );
  const counts = await db.query<{ site: string; kiosk: string; outcome: string; n: string | number }>(
    `SELECT site, kiosk, outcome, sum(count) AS n FROM fleet_counts
     WHERE period >= $1::timestamp AND period < $1::timestamp + interval '1 day' GROUP BY site, kiosk, outcome`,
    [day],
  );
  return kiosks.map((k) => {
    const today: Record<string, number> = {};
    for (const c of counts) if (c.site === k.site && c.kiosk === k.kiosk) today[c.outcome] = Number(c.n);
    return {
      site: k.site, kiosk: k.kiosk, online: k.online, lastSeen: new Date(k.last_seen).toISOString(),
      health: k.health, healthAt: k.health_at ? new Date(k.health_at).toISOString() : null, clockSkewSeconds: clockSkew(k.health, k.health_at), today,
    };
  });
}

/** totals per day (or hour) and outcome, for one site or kiosk or the whole fleet */
export async function countSeries(db: Queryable, f: { site?: string; kiosk?: string; from: string; to: string; by: 'day' | 'hour' }): Promise<{ period: string; outcome: string; count: number }[]> {
  const params: unknown[] = [`${f.from} 00:00`, `${f.to} 23:59`];
  const where = ['period >= $1::timestamp', 'period <= $2::timestamp'];
  if (f.site) { params.push(f.site); where.push(`site = $${params.length}`); }
  if (f.kiosk) { params.push(f.kiosk); where.push(`kiosk = $${params.length}`); }
  const fmt = f.by === 'day' ? `to_char(date_trunc('day', period), 'YYYY-MM-DD')` : PERIOD;
  const rows = await db.query<{ period: string; outcome: string; n: string | number }>(
    `SELECT ${fmt} AS period, outcome, sum(count) AS n FROM fleet_counts WHERE ${where.join(' AND ')} GROUP BY 1, 2 ORDER BY 1, 2`,
    params,
  );
  return rows.map((r) => ({ period: r.period, outcome: r.outcome, count: Number(r.n) }));
}
