// The signed status list document (docs/status-lists.md): a small JSON header anyone can read, the entries as one
// base64 block of fixed-size records, and an ECDSA P-256 signature over a canonical text of the header that
// includes the SHA-256 of the entries. Checks run cheapest first: size, JSON, schema, authority, signature, then
// the expensive part (decode, digest, sortedness) only for a list that is genuinely signed.
import { sha256 } from '@noble/hashes/sha2.js';
import { z } from 'zod';
import type { SignatureVerifier } from '../types.ts';
import { findAuthorities, type StatusTrust } from './authorities.ts';
import { decodeBase64 } from './base64.ts';
import { toHex } from './identity.ts';
import { parseInstant } from './time.ts';
import { RECORD_BYTES, StatusTable } from './table.ts';

export const LIST_FORMAT = 'kiosk-status-list';
export const LIST_FORMAT_VERSION = 1;
/** 64 MiB of JSON: about 1.9 million entries. */
export const DEFAULT_MAX_LIST_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_ENTRIES = 2_000_000;

const Id = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/);
// no control characters: the header fields are joined by newlines into the signed text
const Text = z.string().regex(/^[^\u0000-\u001f\u007f]{1,200}$/);
const Instant = z.string().max(40).refine((s) => parseInstant(s) !== null, 'instant with a time zone');

export const StatusListDocument = z.object({
  format: z.literal(LIST_FORMAT),
  formatVersion: z.literal(LIST_FORMAT_VERSION),
  authority: Id,
  issuer: Text,
  listId: Id,
  version: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  issuedAt: Instant,
  expiresAt: Instant,
  count: z.number().int().min(0),
  entriesSha256: z.string().regex(/^[0-9a-f]{64}$/),
  entries: z.string(),
  alg: z.literal('ES256'),
  signature: z.string().regex(/^[A-Za-z0-9+/_-]{86}(==)?$/),
}).strict();
export type StatusListDocument = z.infer<typeof StatusListDocument>;

export type StatusListHeader = Omit<StatusListDocument, 'entries' | 'signature'>;

export interface StatusList {
  header: StatusListHeader;
  table: StatusTable;
  issuedAtMs: number;
  expiresAtMs: number;
  /** the authority's trust entry is marked demo */
  demo: boolean;
}

export type ListError =
  | 'oversized' | 'malformed' | 'unknown-authority' | 'bad-signature' | 'entries-digest-mismatch'
  | 'entries-invalid' | 'expiry-before-issue';

export type LoadResult = { ok: true; list: StatusList } | { ok: false; error: ListError; detail?: string };

export interface LoadOptions {
  maxBytes?: number;
  maxEntries?: number;
  /** a faster SHA-256 for the 25 MB entries block (node:crypto in the kiosk); the pure one is the default */
  sha256?: (bytes: Uint8Array) => Uint8Array;
}

/** The exact bytes the authority signs. Field values cannot contain newlines (schema), so the text is unambiguous. */
export function signedText(h: StatusListHeader): Uint8Array {
  const lines = [
    `${LIST_FORMAT}/${LIST_FORMAT_VERSION}`,
    `authority:${h.authority}`,
    `issuer:${h.issuer}`,
    `listId:${h.listId}`,
    `version:${h.version}`,
    `issuedAt:${h.issuedAt}`,
    `expiresAt:${h.expiresAt}`,
    `count:${h.count}`,
    `entriesSha256:${h.entriesSha256}`,
  ];
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/** Parses the header and checks shape and size; does not decode the entries. */
export function parseDocument(text: string, opts: LoadOptions = {}): { ok: true; doc: StatusListDocument } | { ok: false; error: ListError; detail?: string } {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_LIST_BYTES;
  const maxEntries = opts.maxEntries ?? DEFAULT_MAX_ENTRIES;
  if (typeof text !== 'string') return { ok: false, error: 'malformed' };
  if (text.length > maxBytes) return { ok: false, error: 'oversized' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: 'malformed', detail: 'not JSON' };
  }
  const parsed = StatusListDocument.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: 'malformed', detail: issue ? `${issue.path.join('.')}: ${issue.message}`.slice(0, 200) : undefined };
  }
  const doc = parsed.data;
  if (doc.count > maxEntries) return { ok: false, error: 'oversized', detail: `${doc.count} entries` };
  let pad = 0;
  while (pad < 3 && doc.entries.charCodeAt(doc.entries.length - 1 - pad) === 61 /* = */) pad++;
  const unpadded = Math.ceil((doc.count * RECORD_BYTES * 4) / 3);
  if (doc.entries.length - pad !== unpadded || doc.entries.length > base64Length(doc.count * RECORD_BYTES)) {
    return { ok: false, error: 'malformed', detail: 'entries length does not match count' };
  }
  if (parseInstant(doc.expiresAt)! <= parseInstant(doc.issuedAt)!) return { ok: false, error: 'expiry-before-issue' };
  return { ok: true, doc };
}

function headerOf(doc: StatusListDocument): StatusListHeader {
  const { entries: _e, signature: _s, ...header } = doc;
  return header;
}

/** Decodes and checks the entries block against the signed digest; builds the lookup table. */
export function decodeEntries(doc: StatusListDocument, opts: LoadOptions = {}): { ok: true; table: StatusTable } | { ok: false; error: ListError; detail?: string } {
  const bytes = decodeBase64(doc.entries);
  if (!bytes || bytes.length !== doc.count * RECORD_BYTES) return { ok: false, error: 'malformed', detail: 'entries are not base64 of count records' };
  const digest = (opts.sha256 ?? sha256)(bytes);
  if (toHex(digest) !== doc.entriesSha256) return { ok: false, error: 'entries-digest-mismatch' };
  const table = StatusTable.fromRecords(bytes, doc.count);
  if (!(table instanceof StatusTable)) return { ok: false, error: 'entries-invalid', detail: table.error };
  return { ok: true, table };
}

/** Full load: shape, trusted authority, signature, entries. Never throws. */
export async function loadStatusList(text: string, trust: StatusTrust, verifier: SignatureVerifier, opts: LoadOptions = {}): Promise<LoadResult> {
  try {
    const p = parseDocument(text, opts);
    if (!p.ok) return p;
    const doc = p.doc;
    const authorities = findAuthorities(trust, doc.authority);
    if (authorities.length === 0) return { ok: false, error: 'unknown-authority' };
    const signature = decodeBase64(doc.signature);
    if (!signature || signature.length !== 64) return { ok: false, error: 'malformed', detail: 'signature' };
    const header = headerOf(doc);
    const data = signedText(header);
    let authority: (typeof authorities)[number] | null = null;
    for (const a of authorities) {
      let good = false;
      try {
        good = await verifier.verify({ alg: 'ES256', spki: a.spki, data, signature, encoding: 'raw' });
      } catch {
        good = false;
      }
      if (good) { authority = a; break; }
    }
    if (!authority) return { ok: false, error: 'bad-signature' };
    const e = decodeEntries(doc, opts);
    if (!e.ok) return e;
    return {
      ok: true,
      list: {
        header, table: e.table, demo: authority.demo,
        issuedAtMs: parseInstant(doc.issuedAt)!, expiresAtMs: parseInstant(doc.expiresAt)!,
      },
    };
  } catch (err) {
    // defensive: a bug here must not take the kiosk down with it
    return { ok: false, error: 'malformed', detail: err instanceof Error ? err.message.slice(0, 200) : 'error' };
  }
}

/** For the reference server, which serves whatever list it is given: shape and entries only, no trust store. */
export function loadUnverified(text: string, opts: LoadOptions = {}): LoadResult {
  const p = parseDocument(text, opts);
  if (!p.ok) return p;
  const e = decodeEntries(p.doc, opts);
  if (!e.ok) return e;
  return {
    ok: true,
    list: {
      header: headerOf(p.doc), table: e.table, demo: false,
      issuedAtMs: parseInstant(p.doc.issuedAt)!, expiresAtMs: parseInstant(p.doc.expiresAt)!,
    },
  };
}
