// The collector's PostgreSQL schema, versioned in fleet_schema. Append a migration; never edit a released one.
// Counts are keyed like the kiosk's own hour buckets, plus site and kiosk; the primary key serves per-kiosk
// queries, fleet_counts_site_period the per-site ones.
import type { FleetDb } from './db.ts';

export const FLEET_MIGRATIONS: readonly string[] = [
  // v1
  `CREATE TABLE fleet_kiosks (
     site text NOT NULL,
     kiosk text NOT NULL,
     first_seen timestamptz NOT NULL DEFAULT now(),
     last_seen timestamptz NOT NULL DEFAULT now(),
     online boolean NOT NULL DEFAULT false,
     online_changed timestamptz,
     health jsonb,
     health_at timestamptz,
     PRIMARY KEY (site, kiosk)
   );
   CREATE TABLE fleet_counts (
     site text NOT NULL,
     kiosk text NOT NULL,
     period timestamp NOT NULL,
     outcome text NOT NULL,
     credential text NOT NULL,
     source text NOT NULL,
     count integer NOT NULL CHECK (count >= 0),
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (site, kiosk, period, outcome, credential, source)
   );
   CREATE INDEX fleet_counts_site_period ON fleet_counts (site, period);
   CREATE INDEX fleet_counts_period ON fleet_counts (period);`,
];

export const FLEET_SCHEMA_VERSION = FLEET_MIGRATIONS.length;

/** Brings the database to FLEET_SCHEMA_VERSION; two collectors starting at once take turns (advisory lock). */
export async function migrateFleetDb(db: FleetDb): Promise<number> {
  await db.exec('CREATE TABLE IF NOT EXISTS fleet_schema (version integer NOT NULL)');
  return db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock(7316001)');
    const rows = await q.query<{ version: number }>('SELECT version FROM fleet_schema');
    const current = rows[0]?.version ?? 0;
    if (current > FLEET_SCHEMA_VERSION) throw new Error(`the fleet database was written by a newer collector (schema ${current} > ${FLEET_SCHEMA_VERSION})`);
    for (let v = current; v < FLEET_SCHEMA_VERSION; v++) {
      for (const stmt of FLEET_MIGRATIONS[v]!.split(/;\s*(?=CREATE|ALTER|DROP|INSERT|UPDATE)/)) await q.query(stmt);
    }
    if (rows.length === 0) await q.query('INSERT INTO fleet_schema (version) VALUES ($1)', [FLEET_SCHEMA_VERSION]);
    else await q.query('UPDATE fleet_schema SET version = $1', [FLEET_SCHEMA_VERSION]);
    return FLEET_SCHEMA_VERSION;
  });
}
