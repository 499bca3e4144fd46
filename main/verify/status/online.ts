// The online lookup protocol (docs/status-lists.md): the kiosk POSTs the identity hashes, the server answers with
// the entries it holds for them, and the kiosk judges those entries at its own instant with the same code as the
// offline list. Only the hashes travel; the server never sees the masked fields themselves.
import { z } from 'zod';
import type { StatusLookup } from '../../kiosk/ports.ts';
import { evaluateEntries } from './evaluate.ts';
import { toHex } from './identity.ts';
import { parseInstant } from './time.ts';
import type { StatusEntry } from './table.ts';

export const LOOKUP_FORMAT = 'kiosk-status-lookup';
export const MAX_LOOKUP_HASHES = 8;
export const MAX_LOOKUP_REQUEST_BYTES = 4096;
export const MAX_LOOKUP_RESPONSE_BYTES = 64 * 1024;

const HashHex = z.string().regex(/^[0-9a-f]{32}$/);

export const LookupRequest = z.object({ hashes: z.array(HashHex).min(1).max(MAX_LOOKUP_HASHES) }).strict();
export type LookupRequest = z.infer<typeof LookupRequest>;

const U32 = z.number().int().min(0).max(0xffffffff);
export const LookupResponse = z.object({
  format: z.literal(LOOKUP_FORMAT),
  formatVersion: z.literal(1),
  listVersion: z.number().int().min(1),
  issuedAt: z.string().max(40).refine((s) => parseInstant(s) !== null),
  expiresAt: z.string().max(40).refine((s) => parseInstant(s) !== null),
  entries: z.array(z.object({ hash: HashHex, kind: z.enum(['red', 'amber', 'revoked']), from: U32, until: U32 })).max(MAX_LOOKUP_HASHES * 16),
});
export type LookupResponse = z.infer<typeof LookupResponse>;

/**
 * Turns a server answer into the kiosk's answer, or null when the answer cannot be used (malformed, or from a
 * stale list: then the kiosk falls back to its own offline list, which may be fresher).
 */
export function lookupFromResponse(body: unknown, requested: readonly Uint8Array[], now: Date): StatusLookup | null {
  const p = LookupResponse.safeParse(body);
  if (!p.success) return null;
  const r = p.data;
  const nowMs = now.getTime();
  const issuedMs = parseInstant(r.issuedAt)!;
  const expiresMs = parseInstant(r.expiresAt)!;
  if (nowMs >= expiresMs) return null;
  const wanted = new Set(requested.map(toHex));
  // entries for hashes the kiosk did not ask about are ignored, not trusted
  const entries: StatusEntry[] = r.entries.filter((e) => wanted.has(e.hash)).map((e) => ({ kind: e.kind, from: e.from, until: e.until }));
  const f = evaluateEntries(entries, nowMs);
  return {
    colour: {
      value: f.colour, source: 'online', listVersion: r.listVersion,
      listAgeSeconds: Math.max(0, Math.round((nowMs - issuedMs) / 1000)), stale: false,
    },
    revoked: f.revoked,
  };
}
