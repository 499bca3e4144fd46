// Building and signing a status list (the authority's side; `kiosk status-list build` and the tests use it).
// The entries file is CSV with a header row; docs/status-lists.md lists the columns.
import { sign, type KeyObject } from 'node:crypto';
import { LIST_FORMAT, LIST_FORMAT_VERSION, signedText, StatusListDocument, type StatusListHeader } from '../verify/status/format.ts';
import { lookupSignedText, type LookupResponse, type UnsignedLookupResponse } from '../verify/status/online.ts';
import {
  euSignatureHash, fromHex, hkPersonHashInput, hkRefHashInput, shcHashInput, toHex, truncatedSha256,
} from '../verify/status/identity.ts';
import { encodeRecords, RECORD_BYTES, type EntryKind } from '../verify/status/table.ts';
import { hkDayNumber, hkStartOfDay, parseInstant, redEndsAtEndOf } from '../verify/status/time.ts';
import { parseCsv } from './csv.ts';
import { nodeSha256 } from './node-crypto.ts';

export interface BuildEntry {
  hash: Uint8Array;
  kind: EntryKind;
  /** seconds since epoch (0 = always) */
  from: number;
  /** red / revoked: seconds since epoch (0 = never); amber: Hong Kong day number of the last day */
  until: number;
}

export interface BuildOptions {
  key: KeyObject;
  authority: string;
  issuer: string;
  listId: string;
  version: number;
  issuedAt: string;
  expiresAt: string;
  entries: readonly BuildEntry[];
}

/** Returns the signed list as JSON text. Throws on bad options (the CLI reports the message). */
export function buildStatusList(o: BuildOptions): string {
  const records = encodeRecords(o.entries);
  const header: StatusListHeader = {
    format: LIST_FORMAT,
    formatVersion: LIST_FORMAT_VERSION,
    authority: o.authority,
    issuer: o.issuer,
    listId: o.listId,
    version: o.version,
    issuedAt: o.issuedAt,
    expiresAt: o.expiresAt,
    count: records.length / RECORD_BYTES,
    entriesSha256: toHex(nodeSha256(records)),
    alg: 'ES256',
  };
  const signature = sign('sha256', signedText(header), { key: o.key, dsaEncoding: 'ieee-p1363' });
  const doc = { ...header, entries: Buffer.from(records.buffer, records.byteOffset, records.byteLength).toString('base64'), signature: signature.toString('base64') };
  // the builder refuses to write what the kiosk would refuse to read
  const check = StatusListDocument.safeParse(doc);
  if (!check.success) {
    const i = check.error.issues[0];
    throw new Error(`invalid list header: ${i ? `${i.path.join('.')}: ${i.message}` : 'invalid'}`);
  }
  if (Date.parse(o.expiresAt) <= Date.parse(o.issuedAt)) throw new Error('expires-at must be after issued-at');
  return JSON.stringify(doc, null, 1) + '\n';
}

const utf8 = new TextEncoder();
const hashText = (s: string) => truncatedSha256(utf8.encode(s));

/** `from`: empty = always; a date = 00:00 Hong Kong time that day; else an instant with its zone. */
function parseFrom(v: string): number | string {
  if (v === '') return 0;
  const day = hkDayNumber(v);
  const ms = day !== null ? hkStartOfDay(day) : parseInstant(v);
  if (ms === null || ms < 0) return 'from: expected YYYY-MM-DD or an ISO instant with a time zone';
  return Math.floor(ms / 1000);
}

function parseUntil(kind: EntryKind, v: string): number | string {
  if (kind === 'amber') {
    const day = hkDayNumber(v);
    return day === null ? 'until: amber needs the last day of surveillance as YYYY-MM-DD' : day;
  }
  if (v === '') return kind === 'revoked' ? 0 : 'until: red needs the end of isolation (YYYY-MM-DD or an instant)';
  const day = hkDayNumber(v);
  const ms = day !== null ? redEndsAtEndOf(day) : parseInstant(v);
  if (ms === null || ms <= 0) return 'until: expected YYYY-MM-DD or an ISO instant with a time zone';
  return Math.ceil(ms / 1000);
}

const FAMILY_COLUMNS: Record<string, string[]> = {
  'hk-person': ['recordType', 'maskedId', 'maskedName', 'dob'],
  'hk-ref': ['recordType', 'reference'],
  'eu-uci': ['uci'],
  'eu-countryuci': ['country', 'uci'],
  'eu-signature': ['signature'],
  shc: ['iss', 'rid'],
};

function hashOf(get: (c: string) => string | undefined): Uint8Array | string {
  const hex = get('hash');
  if (hex) {
    const h = fromHex(hex);
    return h && h.length === 16 ? h : 'hash: expected 32 hexadecimal digits';
  }
  const family = get('family') ?? '';
  const cols = FAMILY_COLUMNS[family];
  if (!cols) return `family: expected one of ${Object.keys(FAMILY_COLUMNS).join(', ')} (or a hash column)`;
  for (const c of cols) if (!get(c)) return `${c}: required for ${family}`;
  const v = (c: string) => get(c)!;
  switch (family) {
    case 'hk-person': return hashText(hkPersonHashInput({ recordType: v('recordType'), maskedId: v('maskedId'), maskedName: v('maskedName'), dob: v('dob') }));
    case 'hk-ref': return hashText(hkRefHashInput({ recordType: v('recordType'), reference: v('reference') }));
    case 'eu-uci': return hashText(v('uci'));
    case 'eu-countryuci': return hashText(v('country') + v('uci'));
    case 'eu-signature': {
      const b = Buffer.from(v('signature'), 'base64');
      return b.length ? euSignatureHash(new Uint8Array(b)) : 'signature: expected base64';
    }
    default: return hashText(shcHashInput({ iss: v('iss'), rid: v('rid') }));
  }
}

/** Reads the entries CSV. Errors name the line and column, never the value (it may be personal). */
export function parseEntriesCsv(text: string): { ok: true; entries: BuildEntry[] } | { ok: false; error: string } {
  const p = parseCsv(text);
  if (!p.ok) return p;
  const [head, ...rows] = p.rows;
  if (!head) return { ok: false, error: 'empty file: a header row is required' };
  const names = head.map((h) => h.trim());
  if (!names.includes('kind')) return { ok: false, error: 'header: a "kind" column is required' };
  const entries: BuildEntry[] = [];
  for (const [n, row] of rows.entries()) {
    const line = n + 2;
    const get = (c: string): string | undefined => {
      const i = names.indexOf(c);
      const v = i >= 0 ? row[i]?.trim() : undefined;
      return v === '' ? undefined : v;
    };
    const kind = get('kind');
    if (kind !== 'red' && kind !== 'amber' && kind !== 'revoked') return { ok: false, error: `line ${line}: kind: expected red, amber or revoked` };
    const from = parseFrom(get('from') ?? '');
    if (typeof from === 'string') return { ok: false, error: `line ${line}: ${from}` };
    const until = parseUntil(kind, get('until') ?? '');
    if (typeof until === 'string') return { ok: false, error: `line ${line}: ${until}` };
    const hash = hashOf(get);
    if (typeof hash === 'string') return { ok: false, error: `line ${line}: ${hash}` };
    entries.push({ hash, kind, from, until });
  }
  return { ok: true, entries };
}

/** Signs an online lookup answer (the reference server's side of docs/status-lists.md "Online lookup"). */
export function signLookupAnswer(unsigned: UnsignedLookupResponse, key: KeyObject): LookupResponse {
  const signature = sign('sha256', lookupSignedText(unsigned), { key, dsaEncoding: 'ieee-p1363' }).toString('base64');
  return { ...unsigned, signature };
}
