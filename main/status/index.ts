// The code-colour / revocation service the kiosk core talks to (ColourResolver): offline signed lists kept in
// <dataDir>/status/, scheduled sync over HTTP, optional online lookup. Stub: full implementation follows.
import type { ColourResolver } from '../kiosk/ports.ts';
import type { StatusTrust } from '../verify/status/authorities.ts';

export interface ColourResolverOptions {
  trust: StatusTrust;
  listFiles?: string[];
  dataDir?: string;
  listUrl?: string;
  lookupUrl?: string;
  syncIntervalMinutes?: number;
  lookupTimeoutMs?: number;
  fetchTimeoutMs?: number;
  now?: () => Date;
}

export async function createColourResolver(_opts: ColourResolverOptions): Promise<ColourResolver> {
  return {
    async resolve() {
      return { colour: { value: 'unknown', source: 'none' }, revoked: false };
    },
    info() {
      return { loaded: false, stale: true };
    },
    async sync() {
      return { loaded: false, stale: true };
    },
    close() {},
  };
}

export async function importStatusListFile(_path: string, _dataDir: string, _trust: StatusTrust): Promise<{ ok: boolean; error?: string }> {
  return { ok: false, error: 'not implemented yet' };
}
