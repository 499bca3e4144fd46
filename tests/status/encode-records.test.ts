// encodeRecords (main/verify/status/table.ts), the wire encoder behind `kiosk status-list build`, and the parts of
// StatusTable the door does not use (hashAt, byteSize, range with a bad hash). The expected bytes are written here
// by hand from the record layout in docs/status-lists.md: hash(16) | kind(1) | from(u32 BE) | until(u32 BE).
import { describe, expect, it, vi } from 'vitest';
import { encodeRecords, indexBitsFor, sortedOrder, StatusTable, type EntryKind } from '../../main/verify/status/table.ts';

const hash = (...bytes: [number, number][]) => { const h = new Uint8Array(16); for (const [i, v] of bytes) h[i] = v; return h; };
const e = (h: Uint8Array, kind: EntryKind, from = 0, until = 0) => ({ hash: h, kind, from, until });
/** the records of a block, as [first hash byte that differs from 0 ... , kind, from, until] read by hand */
function records(b: Uint8Array): { hash: number[]; kind: number; from: number; until: number }[] {
  const out = [];
  for (let p = 0; p < b.length; p += 25) {
    const u32 = (q: number) => b[q]! * 2 ** 24 + b[q + 1]! * 2 ** 16 + b[q + 2]! * 2 ** 8 + b[q + 3]!;
    out.push({ hash: [...b.subarray(p, p + 16)], kind: b[p + 16]!, from: u32(p + 17), until: u32(p + 21) });
  }
  return out;
}

describe('encodeRecords: the wire bytes', () => {
  it('kills: byte layout of a record changed (hash, kind code, from and until big-endian, exactly)', () => {
    const h = hash([0, 0xa1], [7, 0x07], [15, 0xff]);
    const b = encodeRecords([e(h, 'amber', 0x01020304, 0xa0b0c0d0)]);
    expect([...b]).toEqual([0xa1, 0, 0, 0, 0, 0, 0, 0x07, 0, 0, 0, 0, 0, 0, 0, 0xff, 2, 1, 2, 3, 4, 0xa0, 0xb0, 0xc0, 0xd0]);
    expect(encodeRecords([e(h, 'red')])[16]).toBe(1);
    expect(encodeRecords([e(h, 'revoked')])[16]).toBe(3);
    expect(encodeRecords([]).length).toBe(0);
  });

  it('kills: from / until range checks removed or off by one (negative, fractional, over 2^32-1 refused; 0 and 2^32-1 written)', () => {
    const h = hash([0, 1]);
    const max = 0xffffffff;
    expect(records(encodeRecords([e(h, 'red', max, max)]))[0]).toMatchObject({ from: max, until: max });
    expect(records(encodeRecords([e(h, 'red', 0, 0)]))[0]).toMatchObject({ from: 0, until: 0 });
    for (const bad of [-1, 0.5, max + 1, Number.NaN]) {
      expect(() => encodeRecords([e(h, 'red', bad, 0)]), `from ${bad}`).toThrow('entry from out of range');
      expect(() => encodeRecords([e(h, 'red', 0, bad)]), `until ${bad}`).toThrow('entry until out of range');
    }
  });

  it('kills: the hash length check removed (a 15- or 17-byte hash is refused, not written)', () => {
    expect(() => encodeRecords([e(new Uint8Array(15), 'red')])).toThrow('entry hash must be 16 bytes');
    expect(() => encodeRecords([e(new Uint8Array(17), 'red')])).toThrow('entry hash must be 16 bytes');
  });
});

describe('encodeRecords: the order of the block', () => {
  it('kills: the lead-word sort inverted or dropped (entries come out by their first four bytes, ascending, any input order)', () => {
    const a = hash([0, 0x01]), b = hash([3, 0x01]), c = hash([0, 0x80]), d = hash([0, 0xff], [3, 0xff]);
    const out = records(encodeRecords([e(d, 'red'), e(c, 'red'), e(a, 'red'), e(b, 'red')]));
    expect(out.map((r) => [r.hash[0], r.hash[3]])).toEqual([[0, 1], [1, 0], [0x80, 0], [0xff, 0xff]]);
  });

  it('kills: ties on the lead word left unsorted (same first four bytes: by byte 4, then byte 15, ascending)', () => {
    const x = hash([0, 9], [4, 2]), y = hash([0, 9], [4, 1]), z = hash([0, 9], [4, 1], [15, 7]), w = hash([0, 9], [15, 3]);
    const out = records(encodeRecords([e(x, 'red'), e(z, 'red'), e(y, 'red'), e(w, 'red')]));
    expect(out.map((r) => [r.hash[4], r.hash[15]])).toEqual([[0, 3], [1, 0], [1, 7], [2, 0]]);
  });

  it('kills: the tie-break after the hash changed (same hash: by kind code, then from, then until)', () => {
    const h = hash([0, 5]);
    const out = records(encodeRecords([
      e(h, 'revoked', 0, 0), e(h, 'red', 9, 1), e(h, 'amber', 0, 5), e(h, 'red', 9, 0), e(h, 'red', 2, 7), e(h, 'amber', 0, 4),
    ]));
    expect(out.map((r) => [r.kind, r.from, r.until])).toEqual([[1, 2, 7], [1, 9, 0], [1, 9, 1], [2, 0, 4], [2, 0, 5], [3, 0, 0]]);
  });

  it('kills: from / until tie-breaks added instead of subtracted (same hash and kind: from 0, 3, 5; then until 0, 3, 5)', () => {
    // three entries each: with a + the comparator is not an order, and a 3-element sort shows it
    const h = hash([0, 6]);
    const byFrom = records(encodeRecords([e(h, 'red', 5, 0), e(h, 'red', 0, 0), e(h, 'red', 3, 0)]));
    expect(byFrom.map((r) => r.from)).toEqual([0, 3, 5]);
    const byUntil = records(encodeRecords([e(h, 'red', 0, 5), e(h, 'red', 0, 0), e(h, 'red', 0, 3)]));
    expect(byUntil.map((r) => r.until)).toEqual([0, 3, 5]);
  });

  it('more than 2^21 entries: the sort key drops just enough low lead bits to stay exact (a 5M or 7.5M list sorts)', () => {
    // the builder once refused any list over 2^21 entries, while the kiosk's caps go to 15,000,000 (the 5M status
    // bench failed on it). The key is lead * 2^indexBits + index in a float64 (53 bits exact).
    expect([1, 2, 3, 4, 2 ** 21 - 1, 2 ** 21, 15_000_000].map(indexBitsFor)).toEqual([1, 2, 2, 3, 21, 22, 24]);
    const byIndex = (x: number, y: number) => x - y;
    // at 22 index bits, leads 0xffffffff and 0xfffffffe would need 54 bits: one low lead bit must go, and the two
    // entries then share a key and are put in order by the full comparison
    const full = (lead: Uint32Array) => (x: number, y: number) => lead[x]! - lead[y]! || x - y;
    const lead = new Uint32Array([0xffffffff, 0xfffffffe, 0x00000001, 0xfffffffe]);
    expect([...sortedOrder(lead, full(lead), 22)]).toEqual([2, 1, 3, 0]);
    // at 24 index bits (15M entries) three low bits go: leads 8..15 share a key, and come out by the comparison
    const l8 = new Uint32Array([15, 8, 12, 9, 16, 7]);
    expect([...sortedOrder(l8, full(l8), 24)].map((i) => l8[i])).toEqual([7, 8, 9, 12, 15, 16]);
    // at 21 bits or fewer nothing is dropped: distinct leads never reach the comparison
    const spy = vi.fn(byIndex);
    const l = new Uint32Array([0xffffffff, 0xfffffffe, 3, 2]);
    expect([...sortedOrder(l, spy, 21)]).toEqual([3, 2, 1, 0]);
    expect(spy).not.toHaveBeenCalled();
  });

  it('kills: runs of one lead word sorted over the wrong span (a tie run at the very end and at the start of the block)', () => {
    const first = [hash([0, 0], [15, 2]), hash([0, 0], [15, 1])];
    const last = [hash([0, 0xff], [15, 9]), hash([0, 0xff], [15, 8]), hash([0, 0xff], [15, 1])];
    const mid = hash([0, 0x40]);
    const out = records(encodeRecords([e(last[0]!, 'red'), e(first[0]!, 'red'), e(mid, 'red'), e(last[1]!, 'red'), e(first[1]!, 'red'), e(last[2]!, 'red')]));
    expect(out.map((r) => [r.hash[0], r.hash[15]])).toEqual([[0, 1], [0, 2], [0x40, 0], [0xff, 1], [0xff, 8], [0xff, 9]]);
  });

  it('kills: the block not readable by the table (encode then load: every entry found under its hash)', () => {
    const hs = [hash([0, 3]), hash([0, 1], [15, 1]), hash([0, 1])];
    const t = StatusTable.fromRecords(encodeRecords(hs.map((h) => e(h, 'red', 1, 2))), 3);
    expect(t).toBeInstanceOf(StatusTable);
    if (!(t instanceof StatusTable)) return;
    expect(t.range(hs[2]!)).toEqual([0, 1]);
    expect(t.range(hs[1]!)).toEqual([1, 2]);
    expect(t.range(hs[0]!)).toEqual([2, 3]);
  });
});

describe('StatusTable: the parts the reference server uses', () => {
  const hs = [hash([0, 1], [5, 0x22], [9, 0x33], [15, 0x44]), hash([0, 2], [1, 0xfe], [2, 0x80], [3, 0x7f], [12, 0xc1])];
  const t = StatusTable.fromRecords(encodeRecords(hs.map((h) => e(h, 'amber', 0, 1))), 2) as StatusTable;

  it('kills: hashAt reading the wrong words or bytes (each hash given back byte for byte)', () => {
    expect([...t.hashAt(0)]).toEqual([...hs[0]!]);
    expect([...t.hashAt(1)]).toEqual([...hs[1]!]);
    expect(t.hashAt(1).length).toBe(16);
  });

  it('kills: byteSize miscounted (16 + 1 + 4 + 4 bytes per entry)', () => {
    expect(t.byteSize).toBe(2 * 25);
  });

  it('kills: the hash length check of range() removed (15 or 17 bytes sharing the first 15 are found nowhere)', () => {
    expect(t.range(hs[0]!)).toEqual([0, 1]);
    expect(t.range(hs[0]!.subarray(0, 15))).toEqual([0, 0]);
    const longer = new Uint8Array(17); longer.set(hs[0]!);
    expect(t.range(longer)).toEqual([0, 0]);
  });
});

describe('table.ts: module-level names (fresh import)', () => {
  it('kills: the kind names table emptied or renamed (records of kind 1, 2, 3 read back as red, amber, revoked)', async () => {
    vi.resetModules();
    const t = await import('../../main/verify/status/table.ts');
    expect(t.RECORD_BYTES).toBe(25);
    expect(t.MAX_ENTRIES_PER_HASH).toBe(16);
    expect(t.KIND_CODES).toEqual({ red: 1, amber: 2, revoked: 3 });
    const bytes = t.encodeRecords([e(hash([0, 1]), 'red'), e(hash([0, 2]), 'amber', 0, 9), e(hash([0, 3]), 'revoked')]);
    const table = t.StatusTable.fromRecords(bytes, 3);
    expect(table).toBeInstanceOf(t.StatusTable);
    if (!(table instanceof t.StatusTable)) return;
    expect([0, 1, 2].map((i) => table.entry(i).kind)).toEqual(['red', 'amber', 'revoked']);
  });
});
