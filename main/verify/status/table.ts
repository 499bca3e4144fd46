// The in-memory form of a status list, built for a million entries: the 16-byte hashes as four 32-bit words each
// in one Uint32Array (compared word by word, most significant first), kinds and times in parallel typed arrays.
// About 25 bytes per entry, no per-entry objects for the garbage collector, binary search in ~20 steps.
import { HASH_BYTES } from './identity.ts';

/** One record on the wire: hash(16) | kind(1) | from(u32 BE) | until(u32 BE). */
export const RECORD_BYTES = 25;
/** A hash may be listed at most this many times (e.g. successive red periods); bounds the work of one lookup. */
export const MAX_ENTRIES_PER_HASH = 16;

export const KIND_CODES = { red: 1, amber: 2, revoked: 3 } as const;
export type EntryKind = keyof typeof KIND_CODES;
const KIND_NAMES: readonly (EntryKind | undefined)[] = [undefined, 'red', 'amber', 'revoked'];

/**
 * `from`: seconds since epoch the entry starts (0 = always).
 * `until`: red / revoked: seconds since epoch it ends (0 = never); amber: the last day of surveillance as a Hong Kong
 * calendar day number (days since 1970-01-01), because amber ends at 09:00 Hong Kong time on that day.
 */
export interface StatusEntry {
  kind: EntryKind;
  from: number;
  until: number;
}

/** Amber day numbers beyond this (year 2243) are nonsense, and would overflow nothing but still mean a broken list. */
const MAX_DAY = 100_000;

export class StatusTable {
  private constructor(
    readonly count: number,
    private readonly keys: Uint32Array,
    private readonly kinds: Uint8Array,
    private readonly froms: Uint32Array,
    private readonly untils: Uint32Array,
  ) {}

  /** scratch for the query key: lookups are synchronous, so one per table is enough */
  private readonly q = new Uint32Array(4);

  /** Bytes held by the table's arrays. */
  get byteSize(): number {
    return this.keys.byteLength + this.kinds.byteLength + this.froms.byteLength + this.untils.byteLength;
  }

  /**
   * Builds the table from `count` wire records. Returns an error code instead when the records are not sorted by
   * hash, carry an unknown kind, a nonsense amber day, or repeat one hash too often.
   */
  static fromRecords(bytes: Uint8Array, count: number): StatusTable | { error: string } {
    if (bytes.length !== count * RECORD_BYTES) return { error: 'entries-length' };
    const keys = new Uint32Array(count * 4);
    const kinds = new Uint8Array(count);
    const froms = new Uint32Array(count);
    const untils = new Uint32Array(count);
    let run = 0;
    for (let i = 0, p = 0; i < count; i++, p += RECORD_BYTES) {
      const k = i * 4;
      keys[k] = ((bytes[p]! << 24) | (bytes[p + 1]! << 16) | (bytes[p + 2]! << 8) | bytes[p + 3]!) >>> 0;
      keys[k + 1] = ((bytes[p + 4]! << 24) | (bytes[p + 5]! << 16) | (bytes[p + 6]! << 8) | bytes[p + 7]!) >>> 0;
      keys[k + 2] = ((bytes[p + 8]! << 24) | (bytes[p + 9]! << 16) | (bytes[p + 10]! << 8) | bytes[p + 11]!) >>> 0;
      keys[k + 3] = ((bytes[p + 12]! << 24) | (bytes[p + 13]! << 16) | (bytes[p + 14]! << 8) | bytes[p + 15]!) >>> 0;
      const kind = bytes[p + 16]!;
      if (kind < 1 || kind > 3) return { error: 'entry-kind' };
      kinds[i] = kind;
      froms[i] = ((bytes[p + 17]! << 24) | (bytes[p + 18]! << 16) | (bytes[p + 19]! << 8) | bytes[p + 20]!) >>> 0;
      const until = ((bytes[p + 21]! << 24) | (bytes[p + 22]! << 16) | (bytes[p + 23]! << 8) | bytes[p + 24]!) >>> 0;
      if (kind === KIND_CODES.amber && (until === 0 || until > MAX_DAY)) return { error: 'entry-amber-day' };
      untils[i] = until;
      if (i > 0) {
        const c = compareAt(keys, k - 4, keys, k);
        if (c > 0) return { error: 'entries-unsorted' };
        run = c === 0 ? run + 1 : 1;
      } else run = 1;
      if (run > MAX_ENTRIES_PER_HASH) return { error: 'entries-repeated' };
    }
    return new StatusTable(count, keys, kinds, froms, untils);
  }

  /** Indices [start, end) of the entries listed under `hash` (16 bytes). */
  range(hash: Uint8Array): [number, number] {
    if (hash.length !== HASH_BYTES || this.count === 0) return [0, 0];
    const q = this.q;
    q[0] = ((hash[0]! << 24) | (hash[1]! << 16) | (hash[2]! << 8) | hash[3]!) >>> 0;
    q[1] = ((hash[4]! << 24) | (hash[5]! << 16) | (hash[6]! << 8) | hash[7]!) >>> 0;
    q[2] = ((hash[8]! << 24) | (hash[9]! << 16) | (hash[10]! << 8) | hash[11]!) >>> 0;
    q[3] = ((hash[12]! << 24) | (hash[13]! << 16) | (hash[14]! << 8) | hash[15]!) >>> 0;
    // lower bound: first index whose key >= q
    let lo = 0, hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareAt(this.keys, mid * 4, q, 0) < 0) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < this.count && compareAt(this.keys, end * 4, q, 0) === 0) end++;
    return [lo, end];
  }

  entry(i: number): StatusEntry {
    return { kind: KIND_NAMES[this.kinds[i]!]!, from: this.froms[i]!, until: this.untils[i]! };
  }

  /** The 16-byte hash of entry i (for the reference server's answers). */
  hashAt(i: number): Uint8Array {
    const out = new Uint8Array(HASH_BYTES);
    for (let w = 0; w < 4; w++) {
      const v = this.keys[i * 4 + w]!;
      out[w * 4] = v >>> 24; out[w * 4 + 1] = (v >>> 16) & 0xff; out[w * 4 + 2] = (v >>> 8) & 0xff; out[w * 4 + 3] = v & 0xff;
    }
    return out;
  }
}

function compareAt(a: Uint32Array, ai: number, b: Uint32Array, bi: number): number {
  for (let w = 0; w < 4; w++) {
    const x = a[ai + w]!, y = b[bi + w]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Encodes entries as the sorted wire block (used by the list builder; pure so that tests can build lists too). */
export function encodeRecords(entries: readonly { hash: Uint8Array; kind: EntryKind; from: number; until: number }[]): Uint8Array {
  const n = entries.length;
  const lead = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = entries[i]!.hash;
    if (h.length !== HASH_BYTES) throw new Error('entry hash must be 16 bytes');
    lead[i] = ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0;
  }
  /** full order: the whole hash, then kind, from, until */
  const tie = (x: number, y: number): number => {
    const a = entries[x]!, b = entries[y]!;
    for (let i = 0; i < HASH_BYTES; i++) if (a.hash[i] !== b.hash[i]) return a.hash[i]! - b.hash[i]!;
    return KIND_CODES[a.kind] - KIND_CODES[b.kind] || a.from - b.from || a.until - b.until;
  };
  const order = sortedOrder(lead, tie, indexBitsFor(n));
  const out = new Uint8Array(n * RECORD_BYTES);
  for (let i = 0; i < n; i++) {
    const e = entries[order[i]!]!;
    if (!Number.isInteger(e.from) || e.from < 0 || e.from > 0xffffffff) throw new Error('entry from out of range');
    if (!Number.isInteger(e.until) || e.until < 0 || e.until > 0xffffffff) throw new Error('entry until out of range');
    const p = i * RECORD_BYTES;
    out.set(e.hash, p);
    out[p + 16] = KIND_CODES[e.kind];
    writeU32(out, p + 17, e.from);
    writeU32(out, p + 21, e.until);
  }
  return out;
}

/** Bits the index of an entry takes in a sort key. */
export function indexBitsFor(n: number): number {
  return Math.max(1, Math.ceil(Math.log2(n + 1)));
}

/**
 * The order of entries by their lead word, ties (and lead words that the key had to cut short) put in full order
 * by `tie`. The lead word and the index are packed into one float64 key, exact up to 53 bits, for a native numeric
 * sort without a callback: up to 2^21 entries the whole lead word fits; beyond that its lowest bits are dropped
 * (3 bits at 15,000,000 entries), and the entries that then share a key, still rare with hashes, go to `tie`.
 */
export function sortedOrder(lead: Uint32Array, tie: (x: number, y: number) => number, indexBits: number): Uint32Array {
  const n = lead.length;
  const shift = Math.max(0, 32 + indexBits - 53);
  const scale = 2 ** indexBits;
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) packed[i] = (lead[i]! >>> shift) * scale + i;
  packed.sort();
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = packed[i]! % scale;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && lead[order[j]!]! >>> shift === lead[order[i]!]! >>> shift) j++;
    if (j - i > 1) order.subarray(i, j).sort(tie);
    i = j;
  }
  return order;
}

function writeU32(b: Uint8Array, p: number, v: number): void {
  b[p] = v >>> 24; b[p + 1] = (v >>> 16) & 0xff; b[p + 2] = (v >>> 8) & 0xff; b[p + 3] = v & 0xff;
}
