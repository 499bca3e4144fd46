// Online lookup against real HTTP servers on 127.0.0.1, with fallback to the offline list. Deadlines are 200 ms.
import { createPublicKey, verify } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createColourResolver } from '../../main/status/index.ts';
import { startStatusServer } from '../../main/status/server.ts';
import { toHex } from '../../main/verify/status/identity.ts';
import { signLookupAnswer } from '../../main/status/build.ts';
import { lookupSignedText, type UnsignedLookupResponse } from '../../main/verify/status/online.ts';
import { demoKeys } from '../fixtures/hk/sign.ts';
import { ALICE, BOB, customServer, dayNo, deadUrl, demoTrust, hkPersonHash, hkRefHash, makeList, MEC_CAROL, tempDir } from './helpers.ts';

const trust = demoTrust();
const NOW = new Date('2022-09-05T00:00:00Z');
const aliceHash = hkPersonHash({ recordType: 'VAC', maskedId: '****456(7)', maskedName: 'CHAN T** M**', dob: '15-03-1985' });
const aliceRed = { hash: aliceHash, kind: 'red' as const, from: 0, until: 0 };
const aliceAmber = { hash: aliceHash, kind: 'amber' as const, from: 0, until: dayNo('2022-09-30') };
const carolRevoked = { hash: hkRefHash('MEC', 'DEMO-MEC-0003'), kind: 'revoked' as const, from: 0, until: 0 };

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function file(text: string): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const f = join(t.dir, 'list.json');
  writeFileSync(f, text);
  return f;
}

async function referenceServer(text: string) {
  const s = await startStatusServer({ listPath: file(text), key: demoKeys.status });
  cleanups.push(s.close);
  return s;
}

// Deadlines: generous where an answer is expected, 200 ms where the server stalls on purpose.
async function resolver(opts: { lookupUrl?: string; offline?: string; lookupTimeoutMs?: number }) {
  const r = await createColourResolver({
    trust, lookupUrl: opts.lookupUrl, listFiles: opts.offline ? [file(opts.offline)] : [], lookupTimeoutMs: opts.lookupTimeoutMs ?? 10_000, now: () => NOW,
  });
  cleanups.push(() => r.close());
  return r;
}

/** A lookup answer as the demo status authority signs it (or `key` does). */
function signed(o: Partial<UnsignedLookupResponse> & { nonce: string }, key = demoKeys.status) {
  return signLookupAnswer({
    format: 'kiosk-status-lookup', formatVersion: 2, authority: 'demo-status', listId: 'hk-colour', listVersion: 9,
    issuedAt: '2022-09-01T00:00:00Z', expiresAt: '2022-12-01T00:00:00Z', entries: [], alg: 'ES256', ...o,
  }, key);
}

/** A lookup server that answers each request with what `answer` makes of its nonce (null: HTTP 503). */
async function answering(answer: (nonce: string, hashes: string[]) => unknown) {
  const s = await customServer((req, res) => {
    let b = '';
    req.on('data', (c) => { b += c; });
    req.on('end', () => {
      let body: { nonce?: string; hashes?: string[] } = {};
      try { body = JSON.parse(b); } catch { /* answered anyway */ }
      const a = answer(body.nonce ?? '', body.hashes ?? []);
      if (a === null) { res.writeHead(503); res.end(); return; }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(typeof a === 'string' ? a : JSON.stringify(a));
    });
  });
  cleanups.push(s.close);
  return s;
}

describe('online lookup', () => {
  it('success: the server\'s answer decides, with its list version', async () => {
    const s = await referenceServer(makeList({ version: 12, entries: [aliceRed, carolRevoked] }));
    const r = await resolver({ lookupUrl: s.lookupUrl, offline: makeList({ version: 2 }) });
    expect(await r.resolve(ALICE, NOW)).toEqual({
      colour: { value: 'red', source: 'online', listVersion: 12, listAgeSeconds: 4 * 86400, stale: false }, revoked: false,
    });
    expect((await r.resolve(BOB, NOW)).colour).toMatchObject({ value: 'blue', source: 'online' });
    expect(await r.resolve(MEC_CAROL, NOW)).toMatchObject({ revoked: true, colour: { source: 'online' } });
  });

  it('only hashes travel: the request body holds the identity hashes and nothing else', async () => {
    const bodies: string[] = [];
    const s = await customServer((req, res) => {
      let b = '';
      req.on('data', (c) => { b += c; });
      req.on('end', () => { bodies.push(b); res.writeHead(500); res.end(); });
    });
    cleanups.push(s.close);
    const r = await resolver({ lookupUrl: s.url });
    await r.resolve(MEC_CAROL, NOW);
    const carolPerson = hkPersonHash({ recordType: 'MEC', maskedId: '****222(2)', maskedName: 'LEE S** Y**', dob: '02-02-1970' });
    await new Promise((r) => setTimeout(r, 0));
    const r2 = await resolver({ lookupUrl: s.url });
    await r2.resolve(MEC_CAROL, NOW);
    const [first, second] = bodies.map((b) => JSON.parse(b) as { hashes: string[]; nonce: string });
    expect(first).toEqual({ hashes: [toHex(carolPerson), toHex(hkRefHash('MEC', 'DEMO-MEC-0003'))], nonce: expect.stringMatching(/^[0-9a-f]{32}$/) });
    // the nonce is fresh per request, not derived from the holder
    expect(second!.hashes).toEqual(first!.hashes);
    expect(second!.nonce).not.toBe(first!.nonce);
    expect(bodies[0]).not.toMatch(/LEE|222|1970|DEMO-MEC/);
  });

  it('timeout: a server that never answers is abandoned at the deadline and the offline list answers', async () => {
    const s = await customServer(() => { /* stalls */ });
    cleanups.push(s.close);
    const r = await resolver({ lookupUrl: s.url, offline: makeList({ version: 3, entries: [aliceAmber] }), lookupTimeoutMs: 200 });
    expect((await r.resolve(ALICE, NOW)).colour).toMatchObject({ value: 'amber', source: 'list', listVersion: 3 });
    expect(s.hits()).toBe(1);
    // the next scans do not wait for the same stalled server again (back-off), they get the list at once
    expect((await r.resolve(ALICE, NOW)).colour).toMatchObject({ value: 'amber', source: 'list' });
    expect(s.hits()).toBe(1);
  });

  it('after the back-off the lookup server is asked again', async () => {
    let up = false;
    const s = await answering((nonce) => (up ? signed({ nonce, listVersion: 9, entries: [] }) : null));
    const r = await createColourResolver({ trust, lookupUrl: s.url, lookupTimeoutMs: 10_000, lookupBackoffMs: 0, now: () => NOW });
    cleanups.push(() => r.close());
    expect((await r.resolve(BOB, NOW)).colour.source).toBe('none');
    up = true;
    expect((await r.resolve(BOB, NOW)).colour).toMatchObject({ value: 'blue', source: 'online', listVersion: 9 });
    expect(s.hits()).toBe(2);
  });

  it('fallback: server down, HTTP error, malformed or stale answers all fall back to the offline list', async () => {
    const offline = makeList({ version: 3, entries: [aliceAmber] });
    const http500 = await customServer((_q, res) => { res.writeHead(500); res.end(); });
    const garbage = await customServer((_q, res) => { res.writeHead(200); res.end('{"format":"kiosk-status-lookup","formatVersion":1,"entries":"x"}'); });
    const staleRef = await referenceServer(makeList({ version: 50, entries: [aliceRed], issuedAt: '2022-08-01T00:00:00Z', expiresAt: '2022-08-02T00:00:00Z' }));
    cleanups.push(http500.close, garbage.close);
    for (const url of [await deadUrl(), http500.url, garbage.url, staleRef.lookupUrl]) {
      const r = await resolver({ lookupUrl: url, offline });
      expect((await r.resolve(ALICE, NOW)).colour).toMatchObject({ value: 'amber', source: 'list', listVersion: 3 });
    }
  });

  it('no lookup answer and no list: unknown, source none', async () => {
    const r = await resolver({ lookupUrl: await deadUrl() });
    expect(await r.resolve(ALICE, NOW)).toEqual({ colour: { value: 'unknown', source: 'none' }, revoked: false });
    expect(await r.resolve(undefined, NOW)).toEqual({ colour: { value: 'unknown', source: 'none' }, revoked: false });
  });

  it('entries the server adds for hashes the kiosk did not ask about are ignored', async () => {
    const s = await answering((nonce) => signed({ nonce, listVersion: 9, entries: [{ hash: toHex(aliceHash), kind: 'red', from: 0, until: 0 }] }));
    const r = await resolver({ lookupUrl: s.url });
    expect((await r.resolve(BOB, NOW)).colour).toMatchObject({ value: 'blue', source: 'online' });
    expect((await r.resolve(ALICE, NOW)).colour).toMatchObject({ value: 'red', source: 'online' });
  });
});

describe('reference server lookup endpoint', () => {
  it('rejects bad requests with 4xx and unknown paths with 404', async () => {
    const s = await referenceServer(makeList({ entries: [aliceRed] }));
    expect((await fetch(s.lookupUrl, { method: 'POST', body: 'not json' })).status).toBe(400);
    expect((await fetch(s.lookupUrl, { method: 'POST', body: JSON.stringify({ hashes: ['zz'] }) })).status).toBe(400);
    expect((await fetch(s.lookupUrl, { method: 'POST', body: JSON.stringify({ hashes: Array(9).fill('0'.repeat(32)) }) })).status).toBe(400);
    expect((await fetch(s.lookupUrl, { method: 'POST', body: 'x'.repeat(10_000) })).status).toBe(413);
    expect((await fetch(s.lookupUrl)).status).toBe(405);
    expect((await fetch(`${s.url}/nothing`)).status).toBe(404);
    expect((await fetch(s.lookupUrl, { method: 'POST', body: JSON.stringify({ hashes: [toHex(aliceHash)] }) })).status).toBe(400); // no nonce
    const nonce = 'c0'.repeat(16);
    const ok = await fetch(s.lookupUrl, { method: 'POST', body: JSON.stringify({ hashes: [toHex(aliceHash)], nonce }) });
    expect(ok.status).toBe(200);
    const answer = await ok.json();
    expect(answer.entries).toEqual([{ hash: toHex(aliceHash), kind: 'red', from: 0, until: 0 }]);
    expect(answer).toMatchObject({ nonce, authority: 'demo-status', listVersion: 1, alg: 'ES256' });
    // the signature is over the nonce, the version and the entries: checked here with the public key alone
    const { signature, ...unsigned } = answer;
    const spki = trust.status!.find((a) => a.id === 'demo-status')!.spki;
    const pub = createPublicKey({ key: Buffer.from(spki as Uint8Array), format: 'der', type: 'spki' });
    expect(verify('sha256', lookupSignedText(unsigned), { key: pub, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64'))).toBe(true);
  });

  it('without the authority key it serves the list but answers no lookups', async () => {
    const s = await startStatusServer({ listPath: file(makeList()) });
    cleanups.push(s.close);
    expect((await fetch(s.lookupUrl, { method: 'POST', body: JSON.stringify({ hashes: [toHex(aliceHash)], nonce: 'c0'.repeat(16) }) })).status).toBe(503);
    expect((await fetch(s.listUrl)).status).toBe(200);
  });

  it('refuses to start on a file that is not a status list', async () => {
    await expect(startStatusServer({ listPath: file('{"hello":1}') })).rejects.toThrow(/not a status list/);
  });
});
