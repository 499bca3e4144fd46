// Loads and validates a trust store file (docs/trust-store.md). Errors name the bad entry, e.g.
// `hk[1] (id "ehs").spki: not a P-256 public key (base64 DER SubjectPublicKeyInfo)`.
import { z } from 'zod';
import { base64ToBytes } from '../bytes.ts';
import type { TrustStore } from './types.ts';

/** DER prefix of every P-256 SubjectPublicKeyInfo with an uncompressed point (91 bytes in all). */
const P256_SPKI_PREFIX = [
  0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
  0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04,
];

export function isP256Spki(der: Uint8Array): boolean {
  return der.length === 91 && P256_SPKI_PREFIX.every((b, i) => der[i] === b);
}

const p256Spki = z.string().max(200).refine((s) => {
  const der = base64ToBytes(s);
  return der !== null && isP256Spki(der);
}, 'not a P-256 public key (base64 DER SubjectPublicKeyInfo, 91 bytes)');

const id = z.string().min(1).max(80).regex(/^[A-Za-z0-9._-]+$/, 'only letters, digits, ".", "_", "-"');

const HkEntry = z.strictObject({
  id,
  versionMajor: z.number().int().min(0).max(9),
  types: z.array(z.enum(['VAC', 'MEC', 'EVT'])).min(1).max(3),
  keyVersion: z.string().min(1).max(20).regex(/^[A-Za-z0-9.]+$/).optional(),
  spki: p256Spki,
  comment: z.string().max(500).optional(),
});

// X.509 DER starts with a SEQUENCE (0x30) with a long-form length; deeper parsing is the EU DCC verifier's job.
const EuEntry = z.strictObject({
  certificate: z.string().max(20_000).refine((s) => {
    const der = base64ToBytes(s);
    return der !== null && der.length > 100 && der[0] === 0x30 && (der[1] === 0x82 || der[1] === 0x81);
  }, 'not a base64 DER X.509 certificate'),
  comment: z.string().max(500).optional(),
});

const url = z.string().max(2000).refine((s) => {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}, 'not an http(s) URL');

const Jwk = z.looseObject({ kty: z.string().min(1).max(20) });
const Crl = z.looseObject({
  kid: z.string().min(1).max(200),
  method: z.string().min(1).max(50),
  ctr: z.number().int().min(0),
  rids: z.array(z.string().max(200)).max(1_000_000),
});
const ShcEntry = z.strictObject({
  iss: url,
  jwks: z.looseObject({ keys: z.array(Jwk).min(1).max(100) }),
  crls: z.array(Crl).max(100).default([]),
  comment: z.string().max(500).optional(),
});

const StatusEntry = z.strictObject({ id, spki: p256Spki, comment: z.string().max(500).optional() });

const TrustFile = z.strictObject({
  version: z.literal(1),
  name: z.string().min(1).max(200),
  demo: z.boolean().optional(),
  comment: z.string().max(2000).optional(),
  hk: z.array(HkEntry).max(1000).default([]),
  eudcc: z.array(EuEntry).max(100_000).default([]),
  shc: z.array(ShcEntry).max(10_000).default([]),
  status: z.array(StatusEntry).max(100).default([]),
});

export type TrustLoadResult = { ok: true; store: TrustStore } | { ok: false; error: string };

function describeIssue(input: unknown, issue: z.core.$ZodIssue): string {
  const path = issue.path;
  let where = '';
  let node: unknown = input;
  for (const seg of path) {
    if (typeof seg === 'number') {
      where += `[${seg}]`;
      node = Array.isArray(node) ? node[seg] : undefined;
      const entryId = node && typeof node === 'object' ? (node as Record<string, unknown>).id ?? (node as Record<string, unknown>).iss : undefined;
      if (typeof entryId === 'string' && entryId.length <= 200) where += ` (${'iss' in (node as object) ? 'iss' : 'id'} "${entryId}")`;
    } else {
      where += (where ? '.' : '') + String(seg);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[String(seg)] : undefined;
    }
  }
  return `${where || 'trust store'}: ${issue.message}`;
}

/** Validates a parsed trust file. Never throws. */
export function loadTrustStore(json: unknown): TrustLoadResult {
  try {
    const parsed = TrustFile.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      return { ok: false, error: first ? describeIssue(json, first) : 'invalid trust store' };
    }
    const f = parsed.data;
    // a store is demo when it says so, or when its name says so (a demo store must never pass as production)
    const demo = f.demo === true || /\bdemo\b/i.test(f.name);
    const seen = new Set<string>();
    for (const [i, k] of f.hk.entries()) {
      if (seen.has(k.id)) return { ok: false, error: `hk[${i}] (id "${k.id}").id: duplicate id` };
      seen.add(k.id);
    }
    const store: TrustStore = {
      name: f.name,
      demo,
      hk: f.hk.map((k) => ({
        id: k.id,
        versionMajor: k.versionMajor,
        types: [...new Set(k.types)],
        ...(k.keyVersion !== undefined ? { keyVersion: k.keyVersion } : {}),
        spki: base64ToBytes(k.spki)!,
        demo,
        store: f.name,
      })),
      eudcc: f.eudcc.map((e) => ({ certificate: e.certificate, der: base64ToBytes(e.certificate)!, demo, store: f.name })),
      shc: f.shc.map((s) => ({
        iss: s.iss,
        jwks: s.jwks as { keys: Record<string, unknown>[] },
        crls: s.crls as Record<string, unknown>[],
        demo,
        store: f.name,
      })),
      status: f.status.map((s) => ({ id: s.id, spki: base64ToBytes(s.spki)!, demo, store: f.name })),
    };
    return { ok: true, store };
  } catch (e) {
    return { ok: false, error: `trust store: ${e instanceof Error ? e.message : 'unreadable'}` };
  }
}

/** Parses trust-file text first (the CLI and kiosk read files; this keeps JSON errors in the same shape). */
export function loadTrustStoreText(text: string): TrustLoadResult {
  if (text.length > 50_000_000) return { ok: false, error: 'trust store: file too large' };
  if (text.length > RECENT_MAX_CHARS) return parseTrustStoreText(text);
  const known = recent.get(text);
  if (known) return known;
  const r = parseTrustStoreText(text);
  if (recent.size >= RECENT_STORES) recent.delete(recent.keys().next().value!);
  recent.set(text, r);
  return r;
}

/**
 * The last few texts' results: the same text always gives the same store, the kiosk re-reads its files on each
 * change, and `kiosk verify` starts from a snapshot that holds the demo store's (main/cli/snapshot). Public keys
 * only: a trust store holds no personal data.
 */
const recent = new Map<string, TrustLoadResult>();
/** at most 4 × 1 MB of text held (the demo store is ~5 KB); larger stores are checked on every read, as before */
const RECENT_STORES = 4;
const RECENT_MAX_CHARS = 1_000_000;

function parseTrustStoreText(text: string): TrustLoadResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `trust store: not JSON (${e instanceof Error ? e.message : 'parse error'})` };
  }
  return loadTrustStore(json);
}

/** Combines stores; each entry keeps its own demo flag and origin. */
export function mergeTrustStores(...stores: TrustStore[]): TrustStore {
  return {
    name: stores.map((s) => s.name).join(' + ') || 'empty',
    demo: stores.some((s) => s.demo),
    hk: stores.flatMap((s) => s.hk),
    eudcc: stores.flatMap((s) => s.eudcc),
    shc: stores.flatMap((s) => s.shc),
    status: stores.flatMap((s) => s.status),
  };
}

export const emptyTrustStore: TrustStore = { name: 'empty', demo: false, hk: [], eudcc: [], shc: [], status: [] };
