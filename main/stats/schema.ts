// Versioned schema of the counts database (PRAGMA user_version). Append a migration; never edit a released one.
import type Database from 'better-sqlite3';

// Keys are short lowercase words with dashes: the schema itself refuses anything that could hold a name, an ID
// number, a payload or a hash (digits, long strings), whatever the code above it does.
const word = (col: string): string => `${col} TEXT NOT NULL CHECK (length(${col}) BETWEEN 1 AND 24 AND ${col} NOT GLOB '*[^a-z-]*')`;

export const MIGRATIONS: readonly string[] = [
  // v1: hourly buckets (kept retentionDays) and daily totals (kept longer)
  `CREATE TABLE hourly (
     period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:00'),
     ${word('outcome')}, ${word('credential')}, ${word('source')},
     count INTEGER NOT NULL CHECK (count >= 0),
     PRIMARY KEY (period, outcome, credential, source)
   ) WITHOUT ROWID;
   CREATE TABLE daily (
     period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
     ${word('outcome')}, ${word('credential')}, ${word('source')},
     count INTEGER NOT NULL CHECK (count >= 0),
     PRIMARY KEY (period, outcome, credential, source)
   ) WITHOUT ROWID;`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export class NewerSchemaError extends Error {}

/** Brings the database to SCHEMA_VERSION, one migration per transaction. */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new NewerSchemaError(`the counts database was written by a newer kiosk (schema ${current} > ${SCHEMA_VERSION})`);
  }
  for (let v = current; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
