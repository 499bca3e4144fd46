// A status list whose bytes, digest and signature were made outside the code under test (python3 + openssl:
// tests/status/fixtures/make-fixed-list.sh). Every other status test signs with the production signedText, so a
// line dropped from it would pass them all; this one would fail. Each test names the mutant it kills.
import { createPublicKey, verify as nodeVerify, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeSignatureVerifier } from '../../main/kiosk/node-verifier.ts';
import { loadStatusList, parseDocument, signedText } from '../../main/verify/status/format.ts';
import type { StatusTrust } from '../../main/verify/status/authorities.ts';
import { demoKeys } from '../fixtures/hk/sign.ts';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/fixed-list.json', import.meta.url), 'utf8')) as Record<string, unknown> & { signedText: string };
const { signedText: fixedText, ...fixedDoc } = fixture;
const spki = new Uint8Array(createPublicKey(demoKeys.status).export({ type: 'spki', format: 'der' }));
const demoTrust: StatusTrust = { status: [{ id: 'demo-status', spki, demo: true }] };
const realTrust: StatusTrust = { status: [{ id: 'demo-status', spki, demo: false }] };

const load = (doc: Record<string, unknown>, trust = realTrust) => loadStatusList(JSON.stringify(doc), trust, nodeSignatureVerifier);
const sha256hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('a status list with fixed bytes and a fixed signature', () => {
  it('is what the fixture says it is (the signature covers exactly its signed text; checked with openssl\'s key by node:crypto)', () => {
    const der = Buffer.from(fixedDoc.signature as string, 'base64');
    expect(nodeVerify('sha256', Buffer.from(fixedText), { key: createPublicKey(demoKeys.status), dsaEncoding: 'ieee-p1363' }, der)).toBe(true);
    expect(sha256hex(Buffer.from(fixedDoc.entries as string, 'base64'))).toBe(fixedDoc.entriesSha256);
  });

  it('kills: any line (format, authority, issuer, listId, version, issuedAt, expiresAt, count, entriesSha256) dropped from signedText', async () => {
    const { entries: _e, signature: _s, ...header } = fixedDoc;
    expect(new TextDecoder().decode(signedText(header as never))).toBe(fixedText);
    const r = await load(fixedDoc);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.list.header.version).toBe(7);
    expect(r.list.table.count).toBe(2);
    expect(r.list.table.entry(0)).toEqual({ kind: 'red', from: 0, until: 0 });
    expect(r.list.table.entry(1)).toEqual({ kind: 'amber', from: 0, until: 19400 });
  });

  it('kills: entriesSha256 left out of the signed text (entries edited and the digest recomputed is bad-signature)', async () => {
    const rec = new Uint8Array(Buffer.from(fixedDoc.entries as string, 'base64'));
    rec[16] = 3; // the red entry becomes "revoked"... and the attacker recomputes the digest
    const edited = { ...fixedDoc, entries: Buffer.from(rec).toString('base64'), entriesSha256: sha256hex(rec) };
    expect(await load(edited)).toMatchObject({ ok: false, error: 'bad-signature' });
    // removing the red entry entirely, digest and count recomputed
    const one = rec.subarray(25);
    const removed = { ...fixedDoc, entries: Buffer.from(one).toString('base64'), entriesSha256: sha256hex(one), count: 1 };
    expect(await load(removed)).toMatchObject({ ok: false, error: 'bad-signature' });
  });

  it('kills: entries digest check removed (entries edited, digest kept is entries-digest-mismatch)', async () => {
    const rec = new Uint8Array(Buffer.from(fixedDoc.entries as string, 'base64'));
    rec[16] = 3;
    expect(await load({ ...fixedDoc, entries: Buffer.from(rec).toString('base64') })).toMatchObject({ ok: false, error: 'entries-digest-mismatch' });
  });

  it.each([
    ['authority', { authority: 'demo-status-2' }, 'unknown-authority'],
    ['issuer', { issuer: 'Another issuer' }, 'bad-signature'],
    ['listId', { listId: 'fixed-2' }, 'bad-signature'],
    ['version', { version: 8 }, 'bad-signature'],
    ['issuedAt', { issuedAt: '2022-11-30T00:00:00Z' }, 'bad-signature'],
    ['expiresAt', { expiresAt: '2023-12-31T00:00:00Z' }, 'bad-signature'],
  ] as const)('kills: %s not signed (edited header field is refused)', async (_name, patch, error) => {
    expect(await load({ ...fixedDoc, ...patch })).toMatchObject({ ok: false, error });
  });

  it('kills: authority id not signed (two authorities trusted, the list re-labelled to the other is bad-signature)', async () => {
    const other = new Uint8Array(createPublicKey(demoKeys.rogue).export({ type: 'spki', format: 'der' }));
    const trust: StatusTrust = { status: [{ id: 'demo-status', spki }, { id: 'other-authority', spki: other }] };
    expect(await load({ ...fixedDoc, authority: 'other-authority' }, trust)).toMatchObject({ ok: false, error: 'bad-signature' });
  });

  it('kills: demo flag of the authority not carried to the list (demo authority -> demo list, real -> not demo)', async () => {
    const d = await load(fixedDoc, demoTrust);
    expect(d.ok && d.list.demo).toBe(true);
    const r = await load(fixedDoc, realTrust);
    expect(r.ok && r.list.demo).toBe(false);
  });

  it('kills: signature length check dropped (a 63-byte signature is malformed, not tried)', async () => {
    const short = Buffer.from(fixedDoc.signature as string, 'base64').subarray(0, 63);
    const sig = short.toString('base64url').padEnd(86, 'A');
    const r = await load({ ...fixedDoc, signature: sig });
    expect(r.ok).toBe(false);
  });
});

describe('status-list header validation limits', () => {
  it('kills: expiry-before-issue `<=` -> `<` (expiry equal to issue is refused; one second later is accepted by the parser)', () => {
    const same = { ...fixedDoc, expiresAt: fixedDoc.issuedAt };
    expect(parseDocument(JSON.stringify(same))).toMatchObject({ ok: false, error: 'expiry-before-issue' });
    const before = { ...fixedDoc, expiresAt: '2022-11-30T00:00:00Z' };
    expect(parseDocument(JSON.stringify(before))).toMatchObject({ ok: false, error: 'expiry-before-issue' });
    const after = { ...fixedDoc, expiresAt: '2022-12-01T00:00:01Z' };
    expect(parseDocument(JSON.stringify(after)).ok).toBe(true);
    // the same instant written in another zone is still "not after"
    const zoned = { ...fixedDoc, expiresAt: '2022-12-01T08:00:00+08:00' };
    expect(parseDocument(JSON.stringify(zoned))).toMatchObject({ ok: false, error: 'expiry-before-issue' });
  });

  it('kills: entries length check removed or off by one (a block one record short or long is malformed)', () => {
    const rec = Buffer.from(fixedDoc.entries as string, 'base64');
    expect(parseDocument(JSON.stringify({ ...fixedDoc, count: 3 }))).toMatchObject({ ok: false, error: 'malformed' });
    expect(parseDocument(JSON.stringify({ ...fixedDoc, count: 1 }))).toMatchObject({ ok: false, error: 'malformed' });
    expect(parseDocument(JSON.stringify({ ...fixedDoc, entries: rec.subarray(0, 49).toString('base64') }))).toMatchObject({ ok: false, error: 'malformed' });
    expect(parseDocument(JSON.stringify({ ...fixedDoc, entries: `${fixedDoc.entries as string}=` }))).toMatchObject({ ok: false, error: 'malformed' });
    // unpadded base64 of the same bytes is accepted (the rule is "length matches count", not "has padding")
    expect(parseDocument(JSON.stringify({ ...fixedDoc, entries: (fixedDoc.entries as string).replace(/=+$/, '') })).ok).toBe(true);
  });

  it('kills: maxEntries / maxBytes limits removed or off by one', () => {
    expect(parseDocument(JSON.stringify(fixedDoc), { maxEntries: 1 })).toMatchObject({ ok: false, error: 'oversized' });
    expect(parseDocument(JSON.stringify(fixedDoc), { maxEntries: 2 }).ok).toBe(true);
    const text = JSON.stringify(fixedDoc);
    expect(parseDocument(text, { maxBytes: text.length - 1 })).toMatchObject({ ok: false, error: 'oversized' });
    expect(parseDocument(text, { maxBytes: text.length }).ok).toBe(true);
  });

  it('kills: the default limits changed (64 MiB of text, 2,000,000 entries)', () => {
    const text = JSON.stringify(fixedDoc);
    const big = text.slice(0, -1) + ' '.repeat(64 * 1024 * 1024 - text.length) + '}';
    expect(big.length).toBe(64 * 1024 * 1024);
    expect(parseDocument(big).ok).toBe(true);
    expect(parseDocument(big + ' ')).toMatchObject({ ok: false, error: 'oversized' });
    expect(parseDocument(JSON.stringify({ ...fixedDoc, count: 2_000_001 }))).toMatchObject({ ok: false, error: 'oversized' });
    // 2,000,000 is allowed by the count check (and then refused only because the entries do not match)
    expect(parseDocument(JSON.stringify({ ...fixedDoc, count: 2_000_000 }))).toMatchObject({ ok: false, error: 'malformed' });
  });

  it('kills: shape checks loosened (not text, not JSON, unknown field, wrong format or alg are malformed)', () => {
    expect(parseDocument(42 as unknown as string)).toMatchObject({ ok: false, error: 'malformed' });
    expect(parseDocument('{"format":')).toMatchObject({ ok: false, error: 'malformed', detail: 'not JSON' });
    for (const patch of [{ extra: 1 }, { format: 'other' }, { formatVersion: 2 }, { alg: 'ES384' }, { version: 0 }, { count: -1 }, { issuer: 'a\nb' }, { listId: 'a b' }, { issuedAt: '2022-12-01T00:00:00' }, { entriesSha256: 'AB'.repeat(32) }]) {
      const r = parseDocument(JSON.stringify({ ...fixedDoc, ...patch }));
      expect(r, JSON.stringify(patch)).toMatchObject({ ok: false, error: 'malformed' });
    }
  });
});
