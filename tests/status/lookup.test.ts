// Online lookup against real HTTP servers on 127.0.0.1, with fallback to the offline list. Deadlines are 200 ms.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createColourResolver } from '../../main/status/index.ts';
import { startStatusServer } from '../../main/status/server.ts';
import { toHex } from '../../main/verify/status/identity.ts';
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
  const s = await startStatusServer({ listPath: file(text) });
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
    expect(JSON.parse(bodies[0]!)).toEqual({ hashes: [toHex(carolPerson), toHex(hkRefHash('MEC', 'DEMO-MEC-0003'))] });
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
    const s = await customServer((_q, res) => {
      if (!up) { res.writeHead(503); res.end(); return; }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ format: 'kiosk-status-lookup', formatVersion: 1, listVersion: 9, issuedAt: '2022-09-01T00:00:00Z', expiresAt: '2022-12-01T00:00:00Z', entries: [] }));
    });
    cleanups.push(s.close);
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
    const s = await customServer((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({
        format: 'kiosk-status-lookup', formatVersion: 1, listVersion: 9, issuedAt: '2022-09-01T00:00:00Z', expiresAt: '2022-12-01T00:00:00Z',
        entries: [{ hash: toHex(aliceHash), kind: 'red', from: 0, until: 0 }],
      }));
    });
    cleanups.push(s.close);
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
    const ok = await fetch(s.lookupUrl, { method: 'POST', body: JSON.stringify({ hashes: [toHex(aliceHash)] }) });
    expect(ok.status).toBe(200);
    expect((await ok.json()).entries).toEqual([{ hash: toHex(aliceHash), kind: 'red', from: 0, until: 0 }]);
  });

  it('refuses to start on a file that is not a status list', async () => {
    await expect(startStatusServer({ listPath: file('{"hello":1}') })).rejects.toThrow(/not a status list/);
  });
});
