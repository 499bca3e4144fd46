// The collector's database behind one small interface: PostgreSQL through node-postgres (production, tests), or
// PGlite, an embedded PostgreSQL, for `fleet-collector --demo`. Same SQL, same migrations.

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

export interface FleetDb extends Queryable {
  /** several statements, no parameters (migrations) */
  exec(sql: string): Promise<void>;
  /** one transaction: committed when fn resolves, rolled back when it throws */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly kind: 'postgres' | 'pglite';
}

export async function openPostgres(url: string, opts: { max?: number; onError?: (e: Error) => void } = {}): Promise<FleetDb> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 4, connectionTimeoutMillis: 5000 });
  // an idle connection dying (the server restarted) is reported here; without a listener it would crash the process
  pool.on('error', (e) => opts.onError?.(e));
  return {
    kind: 'postgres',
    async query<R>(sql: string, params?: unknown[]) {
      return (await pool.query(sql, params)).rows as R[];
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async tx(fn) {
      const c = await pool.connect();
      let broken = false;
      // the server going away mid-transaction is an 'error' event on the checked-out client (the pool listens only
      // to idle ones): unheard, it would end the process; the query in flight rejects anyway
      const onError = (e: Error) => { broken = true; opts.onError?.(e); };
      c.on('error', onError);
      try {
        await c.query('BEGIN');
        const out = await fn({ query: async <R>(sql: string, params?: unknown[]) => (await c.query(sql, params)).rows as R[] });
        await c.query('COMMIT');
        return out;
      } catch (e) {
        try {
          await c.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw e;
      } finally {
        c.off('error', onError);
        c.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

export async function openPglite(dir?: string): Promise<FleetDb> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = dir ? new PGlite(dir) : new PGlite();
  await db.waitReady;
  return {
    kind: 'pglite',
    async query<R>(sql: string, params?: unknown[]) {
      return (await db.query(sql, params)).rows as R[];
    },
    async exec(sql) {
      await db.exec(sql);
    },
    tx: (fn) => db.transaction((t) => fn({ query: async <R>(sql: string, params?: unknown[]) => (await t.query(sql, params)).rows as R[] })),
    close: () => db.close(),
  };
}
