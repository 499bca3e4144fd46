import { createHash, sign } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeVerifier } from '../../main/status/node-crypto.ts';
import { lookupInList } from '../../main/verify/status/evaluate.ts';
import { loadStatusList, signedText, type StatusListHeader } from '../../main/verify/status/format.ts';
import { encodeRecords, StatusTable } from '../../main/verify/status/table.ts';
import { demoKeys } from '../fixtures/hk/sign.ts';
import { ALICE, BOB, dayNo, demoTrust, h16, hkPersonHash, hkRefHash, makeList, MEC_CAROL, sec } from './helpers.ts';

const trust = demoTrust();
const load = (text: string, opts = {}) => loadStatusList(text, trust, nodeVerifier, opts);

const aliceRed = { hash: hkPersonHash({ recordType: 'VAC', maskedId: '****456(7)', maskedName: 'CHAN T** M**', dob: '15-03-1985' }), kind: 'red' as const, from: 0, until: sec('2022-09-18T16:00:00Z') };
const carolRevoked = { hash: hkRefHash('MEC', 'DEMO-MEC-0003'), kind: 'revoked' as const, from: 0, until: 0 };

describe('loading a signed list', () => {
  it('accepts a list signed by the trusted authority and reads its header', async () => {
    const r = await load(makeList({ version: 5, entries: [aliceRed, carolRevoked] }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.list.header.version).toBe(5);
    expect(r.list.table.count).toBe(2);
    expect(r.list.demo).toBe(true);
  });

  it('looks up colour and revocation; a stale list cannot prove blue but still proves red and revoked', async () => {
    const r = await load(makeList({ version: 5, expiresAt: '2022-09-10T00:00:00Z', entries: [aliceRed, carolRevoked] }));
    if (!r.ok) throw new Error(r.error);
    const fresh = new Date('2022-09-05T00:00:00Z');
    expect(lookupInList(r.list, ALICE, fresh).colour).toMatchObject({ value: 'red', source: 'list', listVersion: 5, stale: false, listAgeSeconds: 4 * 86400 });
    expect(lookupInList(r.list, BOB, fresh).colour.value).toBe('blue');
    expect(lookupInList(r.list, MEC_CAROL, fresh)).toMatchObject({ revoked: true, colour: { value: 'blue' } });
    const late = new Date('2022-09-11T00:00:00Z');
    expect(lookupInList(r.list, BOB, late).colour).toMatchObject({ value: 'unknown', stale: true });
    expect(lookupInList(r.list, ALICE, late).colour).toMatchObject({ value: 'red', stale: true });
    expect(lookupInList(r.list, MEC_CAROL, late).revoked).toBe(true);
    expect(lookupInList(r.list, undefined, fresh).colour.value).toBe('unknown');
  });

  it('red outranks amber when both apply', async () => {
    const amber = { ...aliceRed, kind: 'amber' as const, until: dayNo('2022-09-30') };
    const r = await load(makeList({ entries: [amber, aliceRed] }));
    if (!r.ok) throw new Error(r.error);
    expect(lookupInList(r.list, ALICE, new Date('2022-09-10T00:00:00Z')).colour.value).toBe('red');
    expect(lookupInList(r.list, ALICE, new Date('2022-09-25T00:00:00Z')).colour.value).toBe('amber');
  });

  it('refuses a list signed with a key the trust store does not hold for that authority', async () => {
    expect(await load(makeList({ key: demoKeys.rogue }))).toMatchObject({ ok: false, error: 'bad-signature' });
    expect(await load(makeList({ key: demoKeys.ehs }))).toMatchObject({ ok: false, error: 'bad-signature' });
  });

  it('accepts a list signed by any of the keys trusted under its authority id (key change)', async () => {
    const { createPublicKey } = await import('node:crypto');
    const rogueSpki = new Uint8Array(createPublicKey(demoKeys.rogue).export({ format: 'der', type: 'spki' }));
    const both = { status: [{ id: 'demo-status', spki: rogueSpki, demo: true }, ...trust.status] };
    const r = await loadStatusList(makeList({ version: 2 }), both, nodeVerifier);
    expect(r.ok).toBe(true);
    const byRogue = await loadStatusList(makeList({ version: 2, key: demoKeys.rogue }), both, nodeVerifier);
    expect(byRogue.ok).toBe(true);
  });

  it('refuses an authority that is not in the trust store', async () => {
    expect(await load(makeList({ authority: 'someone-else', key: demoKeys.rogue }))).toMatchObject({ ok: false, error: 'unknown-authority' });
  });

  it('refuses a tampered header (version raised) and tampered entries', async () => {
    const doc = JSON.parse(makeList({ version: 3, entries: [aliceRed] }));
    expect(await load(JSON.stringify({ ...doc, version: 4 }))).toMatchObject({ ok: false, error: 'bad-signature' });
    expect(await load(JSON.stringify({ ...doc, expiresAt: '2030-01-01T00:00:00Z' }))).toMatchObject({ ok: false, error: 'bad-signature' });
    // flip one character of the entries: the signed digest no longer matches
    const e: string = doc.entries;
    const flipped = (e[5] === 'A' ? 'B' : 'A');
    expect(await load(JSON.stringify({ ...doc, entries: e.slice(0, 5) + flipped + e.slice(6) }))).toMatchObject({ ok: false, error: 'entries-digest-mismatch' });
    // drop an entry by editing count and entries together
    expect(await load(JSON.stringify({ ...doc, count: 0, entries: '' }))).toMatchObject({ ok: false, error: 'bad-signature' });
  });

  it('refuses truncated, non-JSON and wrongly shaped documents without throwing', async () => {
    const text = makeList({ entries: [aliceRed, carolRevoked] });
    for (const cut of [0, 1, 10, Math.floor(text.length / 2), text.length - 3]) {
      expect(await load(text.slice(0, cut))).toMatchObject({ ok: false, error: 'malformed' });
    }
    const doc = JSON.parse(text);
    expect(await load(JSON.stringify({ ...doc, extra: 1 }))).toMatchObject({ ok: false, error: 'malformed' });
    expect(await load(JSON.stringify({ ...doc, issuer: 'line\nbreak' }))).toMatchObject({ ok: false, error: 'malformed' });
    expect(await load(JSON.stringify({ ...doc, issuedAt: '2022-09-01T00:00:00' }))).toMatchObject({ ok: false, error: 'malformed' });
    expect(await load(JSON.stringify({ ...doc, count: 3 }))).toMatchObject({ ok: false, error: 'malformed' });
    expect(await load('null')).toMatchObject({ ok: false, error: 'malformed' });
    expect(await load('[]')).toMatchObject({ ok: false, error: 'malformed' });
  });

  it('refuses oversized content before parsing it', async () => {
    const text = makeList({ entries: [aliceRed] });
    expect(await load(text, { maxBytes: 100 })).toMatchObject({ ok: false, error: 'oversized' });
    const many = Array.from({ length: 20 }, (_, i) => ({ ...aliceRed, hash: h16(`x${i}`) }));
    expect(await load(makeList({ entries: many }), { maxEntries: 10 })).toMatchObject({ ok: false, error: 'oversized' });
  });

  it('refuses genuinely signed but invalid entries (unsorted, unknown kind)', async () => {
    const header = (entries: Uint8Array, count: number): string => {
      const h: StatusListHeader = {
        format: 'kiosk-status-list', formatVersion: 1, authority: 'demo-status', issuer: 'Demo', listId: 'x', version: 1,
        issuedAt: '2022-09-01T00:00:00Z', expiresAt: '2022-09-02T00:00:00Z', count,
        entriesSha256: createHash('sha256').update(entries).digest('hex'), alg: 'ES256',
      };
      const sig = sign('sha256', signedText(h), { key: demoKeys.status, dsaEncoding: 'ieee-p1363' });
      return JSON.stringify({ ...h, entries: Buffer.from(entries).toString('base64'), signature: sig.toString('base64') });
    };
    const rec = (first: number, kind: number) => { const b = new Uint8Array(25); b[0] = first; b[16] = kind; return b; };
    const unsorted = new Uint8Array([...rec(2, 1), ...rec(1, 1)]);
    expect(await load(header(unsorted, 2))).toMatchObject({ ok: false, error: 'entries-invalid' });
    expect(await load(header(rec(1, 9), 1))).toMatchObject({ ok: false, error: 'entries-invalid' });
    expect(await load(header(new Uint8Array([...rec(1, 1), ...rec(2, 3)]), 2))).toMatchObject({ ok: true });
  });
});

describe('StatusTable lookups agree with a naive search', () => {
  it('finds exactly the entries of each hash (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ key: fc.integer({ min: 0, max: 40 }), kind: fc.constantFrom(1, 2, 3) }), { maxLength: 200 }),
      fc.array(fc.integer({ min: 0, max: 45 }), { minLength: 1, maxLength: 20 }),
      (raw, queries) => {
        // keys 0..40 spread over all 16 bytes so that every word of the comparison matters
        const hashOf = (k: number) => { const h = new Uint8Array(16); h[15 - (k % 16)] = 1 + k; h[0] = k % 3; return h; };
        const capped: typeof raw = [];
        const seen = new Map<number, number>();
        for (const r of raw) { const n = seen.get(r.key) ?? 0; if (n < 16) { seen.set(r.key, n + 1); capped.push(r); } }
        const recs = capped.map((r) => ({ hash: hashOf(r.key), kind: r.kind }));
        recs.sort((a, b) => Buffer.compare(Buffer.from(a.hash), Buffer.from(b.hash)));
        const bytes = new Uint8Array(recs.length * 25);
        recs.forEach((r, i) => { bytes.set(r.hash, i * 25); bytes[i * 25 + 16] = r.kind; if (r.kind === 2) bytes[i * 25 + 24] = 1; });
        const t = StatusTable.fromRecords(bytes, recs.length);
        if (!(t instanceof StatusTable)) throw new Error(t.error);
        for (const q of queries) {
          const [s, e] = t.range(hashOf(q));
          const expected = recs.filter((r) => Buffer.compare(Buffer.from(r.hash), Buffer.from(hashOf(q))) === 0).length;
          expect(e - s).toBe(expected);
          for (let i = s; i < e; i++) expect(t.hashAt(i)).toEqual(hashOf(q));
        }
      },
    ), { numRuns: 200 });
  });
});

describe('encodeRecords', () => {
  it('produces records the table accepts, in full hash order, ties on the first word included (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.record({
        tail: fc.integer({ min: 0, max: 5 }), head: fc.integer({ min: 0, max: 2 }),
        kind: fc.constantFrom('red' as const, 'amber' as const, 'revoked' as const), from: fc.integer({ min: 0, max: 3 }),
      }), { maxLength: 120 }),
      (raw) => {
        const hashOf = (head: number, tail: number) => { const h = new Uint8Array(16); h[0] = head; h[15] = tail; return h; };
        const seen = new Map<string, number>();
        const entries = raw.filter((r) => { const k = `${r.head}/${r.tail}`; const n = (seen.get(k) ?? 0) + 1; seen.set(k, n); return n <= 16; })
          .map((r) => ({ hash: hashOf(r.head, r.tail), kind: r.kind, from: r.from, until: r.kind === 'amber' ? 1 : 0 }));
        const bytes = encodeRecords(entries);
        const t = StatusTable.fromRecords(bytes, entries.length);
        if (!(t instanceof StatusTable)) throw new Error(t.error);
        for (const [k, n] of seen) {
          const [head, tail] = k.split('/').map(Number);
          const [a, b] = t.range(hashOf(head!, tail!));
          expect(b - a).toBe(Math.min(n, 16));
        }
      },
    ), { numRuns: 200 });
  });
});
