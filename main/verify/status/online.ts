// The online lookup protocol (docs/status-lists.md): the kiosk POSTs the identity hashes and a fresh nonce, the
// server answers with the entries it holds for them, signed by a status authority over the nonce, the list version
// and the entries. The kiosk checks the signature against its trust store, that the nonce is the one it sent (no
// replay of an old answer) and that the answer is not older than the list it holds (an answer from an older list
// never overrides a newer signed list); then it judges the entries at its own instant with the offline list's code.
// Only the hashes travel; the server never sees the masked fields themselves.
import { z } from 'zod';
import type { StatusLookup } from '../../kiosk/ports.ts';
import type { SignatureVerifier } from '../types.ts';
import { findAuthorities, type StatusTrust } from './authorities.ts';
import { decodeBase64 } from './base64.ts';
import { evaluateEntries } from './evaluate.ts';
import { toHex } from './identity.ts';
import { parseInstant } from './time.ts';
import type { StatusEntry } from './table.ts';

export const LOOKUP_FORMAT = 'kiosk-status-lookup';
export const LOOKUP_FORMAT_VERSION = 2;
export const MAX_LOOKUP_HASHES = 8;
export const MAX_LOOKUP_REQUEST_BYTES = 4096;
export const MAX_LOOKUP_RESPONSE_BYTES = 64 * 1024;

const HashHex = z.string().regex(/^[0-9a-f]{32}$/);
export const NonceHex = z.string().regex(/^[0-9a-f]{32}$/);

export const LookupRequest = z.object({ hashes: z.array(HashHex).min(1).max(MAX_LOOKUP_HASHES), nonce: NonceHex }).strict();
export type LookupRequest = z.infer<typeof LookupRequest>;

const U32 = z.number().int().min(0).max(0xffffffff);
const Id = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/);
const Instant = z.string().max(40).refine((s) => parseInstant(s) !== null);
const Entry = z.object({ hash: HashHex, kind: z.enum(['red', 'amber', 'revoked']), from: U32, until: U32 }).strict();

export const LookupResponse = z.object({
  format: z.literal(LOOKUP_FORMAT),
  formatVersion: z.literal(LOOKUP_FORMAT_VERSION),
  authority: Id,
  nonce: NonceHex,
  listId: Id,
  listVersion: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  issuedAt: Instant,
  expiresAt: Instant,
  entries: z.array(Entry).max(MAX_LOOKUP_HASHES * 16),
  alg: z.literal('ES256'),
  signature: z.string().regex(/^[A-Za-z0-9+/_-]{86}(==)?$/),
}).strict();
export type LookupResponse = z.infer<typeof LookupResponse>;
export type UnsignedLookupResponse = Omit<LookupResponse, 'signature'>;

/** The exact bytes the authority signs: one field per line (no field can hold a newline), then one line per entry. */
export function lookupSignedText(r: UnsignedLookupResponse): Uint8Array {
  const lines = [
    `${LOOKUP_FORMAT}/${LOOKUP_FORMAT_VERSION}`,
    `authority:${r.authority}`,
    `nonce:${r.nonce}`,
    `listId:${r.listId}`,
    `listVersion:${r.listVersion}`,
    `issuedAt:${r.issuedAt}`,
    `expiresAt:${r.expiresAt}`,
    `entries:${r.entries.length}`,
    ...r.entries.map((e) => `${e.hash}:${e.kind}:${e.from}:${e.until}`),
  ];
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

export interface LookupCheck {
  trust: StatusTrust;
  verifier: SignatureVerifier;
  /** the nonce this request carried */
  nonce: string;
  /** version of the signed offline list the kiosk holds, if any: an older answer is not used */
  heldVersion?: number;
}

export type LookupRefusal = 'malformed' | 'unknown-authority' | 'bad-signature' | 'wrong-nonce' | 'older-than-held' | 'expired';

/**
 * Turns a server answer into the kiosk's answer, or a refusal when the answer cannot be used (malformed, unsigned,
 * replayed, expired, or from a list older than the one held: then the offline list answers). Never throws.
 */
export async function checkLookupResponse(
  body: unknown, requested: readonly Uint8Array[], now: Date, check: LookupCheck,
): Promise<{ ok: true; lookup: StatusLookup } | { ok: false; refusal: LookupRefusal }> {
  try {
    const p = LookupResponse.safeParse(body);
    if (!p.success) return { ok: false, refusal: 'malformed' };
    const r = p.data;
    const authorities = findAuthorities(check.trust, r.authority);
    if (authorities.length === 0) return { ok: false, refusal: 'unknown-authority' };
    const signature = decodeBase64(r.signature);
    if (!signature || signature.length !== 64) return { ok: false, refusal: 'malformed' };
    const { signature: _s, ...unsigned } = r;
    const data = lookupSignedText(unsigned);
    let good = false;
    for (const a of authorities) {
      try {
        good = await check.verifier.verify({ alg: 'ES256', spki: a.spki, data, signature, encoding: 'raw' });
      } catch {
        good = false;
      }
      if (good) break;
    }
    if (!good) return { ok: false, refusal: 'bad-signature' };
    if (r.nonce !== check.nonce) return { ok: false, refusal: 'wrong-nonce' };
    if (check.heldVersion !== undefined && r.listVersion < check.heldVersion) return { ok: false, refusal: 'older-than-held' };
    const nowMs = now.getTime();
    const issuedMs = parseInstant(r.issuedAt)!;
    const expiresMs = parseInstant(r.expiresAt)!;
    if (!(nowMs < expiresMs)) return { ok: false, refusal: 'expired' };
    const wanted = new Set(requested.map(toHex));
    // entries for hashes the kiosk did not ask about are ignored, not trusted
    const entries: StatusEntry[] = r.entries.filter((e) => wanted.has(e.hash)).map((e) => ({ kind: e.kind, from: e.from, until: e.until }));
    const f = evaluateEntries(entries, nowMs);
    return {
      ok: true,
      lookup: {
        colour: {
          value: f.colour, source: 'online', listVersion: r.listVersion,
          listAgeSeconds: Math.max(0, Math.round((nowMs - issuedMs) / 1000)), stale: false,
        },
        revoked: f.revoked,
      },
    };
  } catch {
    return { ok: false, refusal: 'malformed' };
  }
}

/** Plain http is for the same machine only (tests, the reference server); anywhere else the lookup needs https. */
export function lookupUrlAllowed(url: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:') return true;
    return u.protocol === 'http:' && u.hostname === '127.0.0.1';
  } catch {
    return false;
  }
}
