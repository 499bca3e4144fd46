// --db URL -> the fleet database: postgres:// (node-postgres) or pglite:DIR / pglite:memory (embedded, demo).
import { openPglite, openPostgres, type FleetDb } from './db.ts';

export async function openFleetDb(url: string, onError?: (e: Error) => void): Promise<FleetDb> {
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, onError ? { onError } : {});
  if (url === 'pglite:memory') return openPglite();
  if (url.startsWith('pglite:')) return openPglite(url.slice('pglite:'.length));
  throw new Error(`--db must be postgres://... or pglite:DIR, got "${url.slice(0, 80)}"`);
}
