// StatusTable.fromRecords (main/verify/status/table.ts) over records written byte by byte here, not by
// encodeRecords: each limit the format promises (docs/status-lists.md) is rejected exactly at its edge.
import { describe, expect, it } from 'vitest';
import { StatusTable } from '../../main/verify/status/table.ts';

/** One 25-byte wire record: hash(16) | kind(1) | from(u32 BE) | until(u32 BE). */
function rec(hashByte: number | number[], kind: number, from: number, until: number): number[] {
  const hash = Array.isArray(hashByte) ? hashByte : new Array(16).fill(hashByte);
  const u32 = (v: number) => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
  return [...hash, kind, ...u32(from), ...u32(until)];
}
const table = (...records: number[][]) => StatusTable.fromRecords(new Uint8Array(records.flat()), records.length);
const hashOf = (...lead: number[]) => [...lead, ...new Array(16 - lead.length).fill(0)];

describe('StatusTable.fromRecords limits', () => {
  it('kills: kind range `< 1` -> `<= 1` / `> 3` -> `>= 3` (kinds 1, 2, 3 accepted; 0 and 4 refused)', () => {
    expect(table(rec(1, 0, 0, 0))).toEqual({ error: 'entry-kind' });
    expect(table(rec(1, 4, 0, 0))).toEqual({ error: 'entry-kind' });
    expect(table(rec(1, 255, 0, 0))).toEqual({ error: 'entry-kind' });
    const ok = table(rec(1, 1, 0, 0), rec(2, 2, 0, 19_000), rec(3, 3, 0, 0));
    expect(ok).toBeInstanceOf(StatusTable);
    if (!(ok instanceof StatusTable)) return;
    expect([0, 1, 2].map((i) => ok.entry(i).kind)).toEqual(['red', 'amber', 'revoked']);
  });

  it('kills: amber day checks removed or moved (day 0 and 100,001 refused; 1 and 100,000 accepted)', () => {
    expect(table(rec(1, 2, 0, 0))).toEqual({ error: 'entry-amber-day' });
    expect(table(rec(1, 2, 0, 100_001))).toEqual({ error: 'entry-amber-day' });
    expect(table(rec(1, 2, 0, 0xffffffff))).toEqual({ error: 'entry-amber-day' });
    expect(table(rec(1, 2, 0, 1))).toBeInstanceOf(StatusTable);
    expect(table(rec(1, 2, 0, 100_000))).toBeInstanceOf(StatusTable);
    // the day limit is amber's only: red and revoked "until" are seconds, any u32
    expect(table(rec(1, 1, 0, 0xffffffff), rec(2, 3, 0, 100_001))).toBeInstanceOf(StatusTable);
  });

  it('kills: repeat limit removed or off by one (16 entries under one hash accepted, 17 refused)', () => {
    const sixteen = Array.from({ length: 16 }, (_, i) => rec(7, 1, i, i + 1));
    expect(table(...sixteen)).toBeInstanceOf(StatusTable);
    expect(table(...sixteen, rec(7, 1, 99, 100))).toEqual({ error: 'entries-repeated' });
    // the run restarts at a new hash: 16 + 16 is fine
    const next = Array.from({ length: 16 }, (_, i) => rec(8, 1, i, i + 1));
    expect(table(...sixteen, ...next)).toBeInstanceOf(StatusTable);
    // and the run counts from the first record (17 at the start)
    expect(table(...Array.from({ length: 17 }, (_, i) => rec(6, 1, i, i + 1)), rec(9, 1, 0, 0))).toEqual({ error: 'entries-repeated' });
  });

  it('kills: sortedness check removed or inverted, compared on any word (unsorted refused; equal and ascending accepted)', () => {
    expect(table(rec(2, 1, 0, 0), rec(1, 1, 0, 0))).toEqual({ error: 'entries-unsorted' });
    // differs only in the last byte (the 4th word)
    const lo = hashOf(5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 1);
    const hi = hashOf(5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 2);
    expect(table(rec(hi, 1, 0, 0), rec(lo, 1, 0, 0))).toEqual({ error: 'entries-unsorted' });
    expect(table(rec(lo, 1, 0, 0), rec(hi, 1, 0, 0))).toBeInstanceOf(StatusTable);
    // unsigned comparison: 0x80.. sorts after 0x7f..
    expect(table(rec(hashOf(0x80), 1, 0, 0), rec(hashOf(0x7f), 1, 0, 0))).toEqual({ error: 'entries-unsorted' });
    expect(table(rec(hashOf(0x7f), 1, 0, 0), rec(hashOf(0x80), 1, 0, 0))).toBeInstanceOf(StatusTable);
  });

  it('kills: length check removed (bytes not count x 25 refused)', () => {
    expect(StatusTable.fromRecords(new Uint8Array(24), 1)).toEqual({ error: 'entries-length' });
    expect(StatusTable.fromRecords(new Uint8Array(26), 1)).toEqual({ error: 'entries-length' });
    expect(StatusTable.fromRecords(new Uint8Array(0), 0)).toBeInstanceOf(StatusTable);
  });

  it('kills: byte order of from/until or the hash words changed (values read big-endian, exactly)', () => {
    const h = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
    const t = table(rec(h, 1, 0x01020304, 0xa0b0c0d0));
    expect(t).toBeInstanceOf(StatusTable);
    if (!(t instanceof StatusTable)) return;
    expect(t.entry(0)).toEqual({ kind: 'red', from: 0x01020304, until: 0xa0b0c0d0 });
    expect([...t.hashAt(0)]).toEqual(h);
    expect(t.range(new Uint8Array(h))).toEqual([0, 1]);
    expect(t.range(new Uint8Array(h.map((x, i) => (i === 15 ? 17 : x))))).toEqual([1, 1]);
    expect(t.range(new Uint8Array(15))).toEqual([0, 0]);
    expect(t.byteSize).toBe(16 + 1 + 4 + 4);
  });

  it('kills: range() bounds (every hash of a run found, none of its neighbours)', () => {
    const t = table(rec(1, 1, 0, 0), rec(3, 1, 0, 0), rec(3, 3, 0, 0), rec(3, 2, 0, 5), rec(5, 1, 0, 0));
    expect(t).toBeInstanceOf(StatusTable);
    if (!(t instanceof StatusTable)) return;
    const q = (b: number) => t.range(new Uint8Array(16).fill(b));
    expect(q(3)).toEqual([1, 4]);
    expect(q(1)).toEqual([0, 1]);
    expect(q(5)).toEqual([4, 5]);
    expect(q(0)).toEqual([0, 0]);
    expect(q(2)).toEqual([1, 1]);
    expect(q(4)).toEqual([4, 4]);
    expect(q(6)).toEqual([5, 5]);
    const empty = StatusTable.fromRecords(new Uint8Array(0), 0);
    expect(empty instanceof StatusTable && empty.range(new Uint8Array(16))).toEqual([0, 0]);
  });
});
