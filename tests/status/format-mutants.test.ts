// Mutation-testing kills for main/verify/status/format.ts beyond the fixed list (fixed-list.test.ts): the entries
// block refused after a good signature, the operator-facing `detail` texts, a loader fault that must not escape,
// the first trusted key that verifies deciding the demo flag, and loadUnverified (the reference server's loader).
// Lists here are the fixed python3 + openssl list (tests/status/fixtures/) or edits of it that leave the signed
// text alone (the entries block is covered only through its digest), so nothing is signed by the code under test.
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { nodeSignatureVerifier } from '../../main/kiosk/node-verifier.ts';
import { loadStatusList, loadUnverified, parseDocument } from '../../main/verify/status/format.ts';
import type { StatusTrust } from '../../main/verify/status/authorities.ts';
import type { SignatureVerifier } from '../../main/verify/types.ts';
import { demoKeys } from '../fixtures/hk/sign.ts';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/fixed-list.json', import.meta.url), 'utf8')) as Record<string, unknown> & { signedText: string };
const { signedText: _t, ...fixedDoc } = fixture;
const entries = fixedDoc.entries as string;
const spki = new Uint8Array(createPublicKey(demoKeys.status).export({ type: 'spki', format: 'der' }));
const trust: StatusTrust = { status: [{ id: 'demo-status', spki, demo: false }] };
const load = (doc: Record<string, unknown>, t = trust, opts = {}) => loadStatusList(JSON.stringify(doc), t, nodeSignatureVerifier, opts);
// 2022-12-01T00:00:00Z and 2022-12-31T00:00:00Z, the fixture's issuedAt / expiresAt, by hand
const ISSUED_MS = Date.UTC(2022, 11, 1);
const EXPIRES_MS = Date.UTC(2022, 11, 31);

describe('format.ts: entries refused after a good signature', () => {
  it('kills: base64 check of the entries removed (a signed list whose entries hold a non-base64 character is malformed, with its reason)', async () => {
    const bad = { ...fixedDoc, entries: `*${entries.slice(1)}` };
    // the signature still verifies (entries are signed only through their digest), so this reaches decodeEntries
    expect(await load(bad)).toEqual({ ok: false, error: 'malformed', detail: 'entries are not base64 of count records' });
    expect(loadUnverified(JSON.stringify(bad))).toEqual({ ok: false, error: 'malformed', detail: 'entries are not base64 of count records' });
  });
});

describe('format.ts: the detail the operator is shown with a refused list', () => {
  it('kills: schema detail emptied or unbounded (names the field; at most 200 characters)', () => {
    const r = parseDocument(JSON.stringify({ ...fixedDoc, version: 0 }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBe('malformed');
    expect(r.detail).toMatch(/^version: ./);
    // an unknown field whose name is 300 characters long: zod names it in its message, the detail is cut at 200
    const long = parseDocument(JSON.stringify({ ...fixedDoc, ['x'.repeat(300)]: 1 }));
    expect(long.ok).toBe(false);
    if (long.ok) return;
    expect(long.error).toBe('malformed');
    expect(long.detail).toContain('xxxx');
    expect(long.detail!.length).toBe(200);
  });

  it('kills: oversized / length-mismatch details emptied (they say how many entries, or that the block does not match)', () => {
    expect(parseDocument(JSON.stringify({ ...fixedDoc, count: 3_000_000 }))).toEqual({ ok: false, error: 'oversized', detail: '3000000 entries' });
    expect(parseDocument(JSON.stringify({ ...fixedDoc, count: 3 }))).toEqual({ ok: false, error: 'malformed', detail: 'entries length does not match count' });
    expect(parseDocument('x'.repeat(11), { maxBytes: 10 })).toEqual({ ok: false, error: 'oversized' });
    // not text at all (a caller's bug): malformed before any parsing, so without a parser's detail
    expect(parseDocument(42 as unknown as string)).toEqual({ ok: false, error: 'malformed' });
    expect(parseDocument({ length: 1 } as unknown as string)).toEqual({ ok: false, error: 'malformed' });
  });
});

describe('format.ts: a fault inside the loader is a verdict, not an exception', () => {
  it('kills: the outer catch removed or its detail emptied (a throwing digest is malformed with the error\'s message, cut at 200)', async () => {
    const boom = () => { throw new Error('y'.repeat(300)); };
    const r = await load(fixedDoc, trust, { sha256: boom });
    expect(r).toEqual({ ok: false, error: 'malformed', detail: 'y'.repeat(200) });
  });

  it('kills: the non-Error branch of the outer catch (a thrown string is malformed "error")', async () => {
    const r = await load(fixedDoc, trust, { sha256: () => { throw 'not an Error object'; } });
    expect(r).toEqual({ ok: false, error: 'malformed', detail: 'error' });
  });

  it('kills: the loop over trusted keys not stopping at the first that verifies (the first key\'s demo flag is the list\'s)', async () => {
    const two: StatusTrust = { status: [{ id: 'demo-status', spki, demo: false }, { id: 'demo-status', spki, demo: true }] };
    const r = await load(fixedDoc, two);
    expect(r.ok && r.list.demo).toBe(false);
    const reversed: StatusTrust = { status: [{ id: 'demo-status', spki, demo: true }, { id: 'demo-status', spki, demo: false }] };
    const d = await load(fixedDoc, reversed);
    expect(d.ok && d.list.demo).toBe(true);
  });

  it('kills: a throwing verifier counting as a good signature (a key whose check throws is skipped; the next one decides)', async () => {
    let calls = 0;
    const flaky: SignatureVerifier = { verify: async (req) => { calls++; if (calls === 1) throw new Error('device'); return nodeSignatureVerifier.verify(req); } };
    const two: StatusTrust = { status: [{ id: 'demo-status', spki, demo: true }, { id: 'demo-status', spki, demo: false }] };
    const r = await loadStatusList(JSON.stringify(fixedDoc), two, flaky);
    expect(r.ok && r.list.demo).toBe(false);
    const always: SignatureVerifier = { verify: async () => { throw new Error('device'); } };
    expect(await loadStatusList(JSON.stringify(fixedDoc), trust, always)).toEqual({ ok: false, error: 'bad-signature' });
  });

  it('kills: issuedAtMs / expiresAtMs swapped or dropped (the loaded list carries both instants, by hand)', async () => {
    const r = await load(fixedDoc);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.list.issuedAtMs).toBe(ISSUED_MS);
    expect(r.list.expiresAtMs).toBe(EXPIRES_MS);
    expect(r.list.header).not.toHaveProperty('entries');
    expect(r.list.header).not.toHaveProperty('signature');
  });
});

describe('format.ts: loadUnverified (the reference server serves what it is given, checked for shape and entries)', () => {
  it('kills: loadUnverified\'s result emptied (header, table, instants, never demo)', () => {
    const r = loadUnverified(JSON.stringify(fixedDoc));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.list.demo).toBe(false);
    expect(r.list.header.listId).toBe(fixedDoc.listId);
    expect(r.list.header.version).toBe(7);
    expect(r.list.header).not.toHaveProperty('entries');
    expect(r.list.header).not.toHaveProperty('signature');
    expect(r.list.table.count).toBe(2);
    expect(r.list.table.entry(0)).toEqual({ kind: 'red', from: 0, until: 0 });
    expect(r.list.issuedAtMs).toBe(ISSUED_MS);
    expect(r.list.expiresAtMs).toBe(EXPIRES_MS);
  });

  it('kills: loadUnverified passing a bad document or bad entries (shape, digest and entry errors are returned)', () => {
    expect(loadUnverified('{')).toMatchObject({ ok: false, error: 'malformed' });
    expect(loadUnverified(JSON.stringify(fixedDoc), { maxEntries: 1 })).toMatchObject({ ok: false, error: 'oversized' });
    const rec = Buffer.from(entries, 'base64');
    rec[16] = 3;
    expect(loadUnverified(JSON.stringify({ ...fixedDoc, entries: rec.toString('base64') }))).toEqual({ ok: false, error: 'entries-digest-mismatch' });
  });
});

describe('format.ts: the request the loader sends its verifier', () => {
  it('kills: the verify request changed (ES256, the trusted key, the exact signed text, the 64 raw signature bytes, encoding raw)', async () => {
    const seen: Parameters<SignatureVerifier['verify']>[0][] = [];
    const spy: SignatureVerifier = { verify: async (req) => { seen.push(req); return nodeSignatureVerifier.verify(req); } };
    expect((await loadStatusList(JSON.stringify(fixedDoc), trust, spy)).ok).toBe(true);
    expect(seen).toHaveLength(1);
    const req = seen[0]!;
    expect(req.alg).toBe('ES256');
    expect(req.encoding).toBe('raw');
    expect([...req.spki]).toEqual([...spki]);
    expect(new TextDecoder().decode(req.data)).toBe(fixture.signedText);
    expect([...req.signature]).toEqual([...Buffer.from(fixedDoc.signature as string, 'base64')]);
  });
});

// The schema, regexes and limits are module-level values, evaluated once when format.ts is imported. A mutant of
// one of them is only live in a fresh evaluation of the module, so these tests import a fresh copy each time
// (vi.resetModules), which also makes them kill Stryker's "static" mutants.
describe('format.ts: module-level schema and limits (fresh import)', () => {
  const fresh = async () => { vi.resetModules(); return import('../../main/verify/status/format.ts'); };
  const text = (patch: Record<string, unknown> = {}) => JSON.stringify({ ...fixedDoc, ...patch });

  it('kills: format name, schema object, alg literal or default byte limit changed (the fixed list parses)', async () => {
    const f = await fresh();
    expect(f.LIST_FORMAT).toBe('kiosk-status-list');
    expect(f.DEFAULT_MAX_LIST_BYTES).toBe(64 * 1024 * 1024);
    const r = f.parseDocument(text());
    expect(r.ok).toBe(true);
    if (r.ok) expect(new TextDecoder().decode(f.signedText(r.doc)).split('\n')[0]).toBe('kiosk-status-list/1');
    expect(f.parseDocument(text({ alg: '' }))).toMatchObject({ ok: false, error: 'malformed' });
  });

  it('kills: the id pattern unanchored, unbounded or negated (authority / listId: 1-64 of [A-Za-z0-9._:-], whole value)', async () => {
    const f = await fresh();
    expect(f.parseDocument(text({ listId: 'a' })).ok).toBe(true);
    expect(f.parseDocument(text({ listId: 'x'.repeat(64) })).ok).toBe(true);
    for (const bad of ['a b', ' ab', 'ab ', 'x'.repeat(65), '', 'é']) {
      expect(f.parseDocument(text({ listId: bad })), bad).toMatchObject({ ok: false, error: 'malformed' });
    }
  });

  it('kills: the issuer text pattern unanchored, unbounded or negated (1-200 characters, no control character anywhere)', async () => {
    const f = await fresh();
    expect(f.parseDocument(text({ issuer: 'I' })).ok).toBe(true);
    expect(f.parseDocument(text({ issuer: '衞生署 Department of Health' })).ok).toBe(true);
    for (const bad of ['a\nb', '\tab', 'ab\u007f', 'x'.repeat(201), '']) {
      expect(f.parseDocument(text({ issuer: bad })), JSON.stringify(bad)).toMatchObject({ ok: false, error: 'malformed' });
    }
  });

  it('kills: the instant check loosened or its message dropped (a time zone required; the longest allowed instant accepted)', async () => {
    const f = await fresh();
    expect(f.parseDocument(text({ issuedAt: '2022-12-01T00:00:00' }))).toEqual({ ok: false, error: 'malformed', detail: 'issuedAt: instant with a time zone' });
    // the longest instant the format allows (nanoseconds and a zone offset) is 35 characters: inside the 40 limit
    expect(f.parseDocument(text({ issuedAt: '2022-12-01T08:00:00.000000000+08:00' })).ok).toBe(true);
  });

  it('kills: version and count bounds changed (version 1 .. 2^53-1, count from 0)', async () => {
    const f = await fresh();
    expect(f.parseDocument(text({ version: 1 })).ok).toBe(true);
    expect(f.parseDocument(text({ version: Number.MAX_SAFE_INTEGER })).ok).toBe(true);
    expect(f.parseDocument(text({ version: 7 })).ok).toBe(true);
    expect(f.parseDocument(text({ version: 2 ** 53 }))).toMatchObject({ ok: false, error: 'malformed' });
    expect(f.parseDocument(text({ count: 0, entries: '' })).ok).toBe(true);
  });

  it('kills: the digest pattern unanchored or negated (exactly 64 lowercase hex digits)', async () => {
    const f = await fresh();
    const hex = fixedDoc.entriesSha256 as string;
    for (const bad of [`x${hex}`, `${hex}x`, hex.slice(1), hex.toUpperCase(), 'g'.repeat(64)]) {
      expect(f.parseDocument(text({ entriesSha256: bad })), bad).toMatchObject({ ok: false, error: 'malformed' });
    }
  });

  it('kills: the signature pattern unanchored, negated or its padding made compulsory (86 base64 characters, "==" optional)', async () => {
    const f = await fresh();
    const sig = (fixedDoc.signature as string).replace(/=+$/, '');
    expect(sig.length).toBe(86);
    expect(f.parseDocument(text({ signature: sig })).ok).toBe(true);
    expect(f.parseDocument(text({ signature: `${sig}==` })).ok).toBe(true);
    for (const bad of [`!${sig}`, `${sig}!`, `${sig}=`, sig.slice(1), '!'.repeat(86)]) {
      expect(f.parseDocument(text({ signature: bad })), bad).toMatchObject({ ok: false, error: 'malformed' });
    }
  });
});
