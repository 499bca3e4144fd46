// List sync against real HTTP servers on 127.0.0.1: the reference server, and servers that misbehave on purpose.
// Every wait is bounded (200 ms where a server stalls on purpose, 10 s where an answer is expected); nothing here
// asserts how long anything took.
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createColourResolver, importStatusListFile } from '../../main/status/index.ts';
import { startStatusServer } from '../../main/status/server.ts';
import { demoKeys } from '../fixtures/hk/sign.ts';
import { ALICE, customServer, deadUrl, demoTrust, hkPersonHash, makeList, tempDir } from './helpers.ts';

const trust = demoTrust();
const NOW = new Date('2022-09-05T00:00:00Z');
const aliceRed = { hash: hkPersonHash({ recordType: 'VAC', maskedId: '****456(7)', maskedName: 'CHAN T** M**', dob: '15-03-1985' }), kind: 'red' as const, from: 0, until: 0 };

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function dataDir(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

/** A data dir already holding a list of this version (as if synced on an earlier day). */
function dataDirHolding(version: number): string {
  const dir = dataDir();
  mkdirSync(join(dir, 'status'), { recursive: true });
  writeFileSync(join(dir, 'status', 'current.json'), makeList({ version }));
  return dir;
}

// Deadlines: generous where an answer is expected (a loaded CI machine must not turn success into a timeout),
// 200 ms where the server stalls on purpose.
async function resolverFor(opts: { dataDir: string; listUrl?: string; maxListBytes?: number; fetchTimeoutMs?: number }) {
  const r = await createColourResolver({ trust, fetchTimeoutMs: 10_000, ...opts, syncOnStart: false, now: () => NOW });
  cleanups.push(() => r.close());
  return r;
}

async function serve(text: string | (() => string)) {
  const s = await customServer((req, res) => {
    const body = typeof text === 'string' ? text : text();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  cleanups.push(s.close);
  return s;
}

const heldVersion = (dir: string) => JSON.parse(readFileSync(join(dir, 'status', 'current.json'), 'utf8')).version as number;

describe('sync over HTTP', () => {
  it('downloads a list from the reference server, keeps it in the data dir and reports it', async () => {
    const src = dataDir();
    writeFileSync(join(src, 'list.json'), makeList({ version: 7, entries: [aliceRed] }));
    const server = await startStatusServer({ listPath: join(src, 'list.json') });
    cleanups.push(server.close);
    const dir = dataDir();
    const r = await resolverFor({ dataDir: dir, listUrl: server.listUrl });
    expect(r.info(NOW).loaded).toBe(false);
    const info = await r.sync();
    expect(info).toMatchObject({ loaded: true, version: 7, entries: 1, stale: false, source: server.listUrl, lastSyncAt: NOW.toISOString() });
    expect(info.lastSyncError).toBeUndefined();
    expect(heldVersion(dir)).toBe(7);
    expect((await r.resolve(ALICE, NOW)).colour).toMatchObject({ value: 'red', source: 'list', listVersion: 7 });
  });

  it('sends If-None-Match and keeps the list on 304 Not Modified; the ETag survives a restart', async () => {
    const list = makeList({ version: 3 });
    const seen: (string | undefined)[] = [];
    const s = await customServer((req, res) => {
      seen.push(req.headers['if-none-match']);
      if (req.headers['if-none-match'] === '"v3"') { res.writeHead(304, { etag: '"v3"' }); res.end(); return; }
      res.writeHead(200, { etag: '"v3"', 'content-length': Buffer.byteLength(list) });
      res.end(list);
    });
    cleanups.push(s.close);
    const dir = dataDir();
    const r = await resolverFor({ dataDir: dir, listUrl: s.url });
    expect((await r.sync()).version).toBe(3);
    const second = await r.sync();
    expect(second).toMatchObject({ loaded: true, version: 3 });
    expect(second.lastSyncError).toBeUndefined();
    r.close();
    const again = await resolverFor({ dataDir: dir, listUrl: s.url });
    expect(again.info(NOW)).toMatchObject({ loaded: true, version: 3 });
    await again.sync();
    expect(seen).toEqual([undefined, '"v3"', '"v3"']);
  });

  it('the reference server answers 304 to a matching If-None-Match and serves a replaced file with a new ETag', async () => {
    const src = dataDir();
    const file = join(src, 'list.json');
    writeFileSync(file, makeList({ version: 1 }));
    const server = await startStatusServer({ listPath: file });
    cleanups.push(server.close);
    const first = await fetch(server.listUrl);
    const etag = first.headers.get('etag');
    expect(first.status).toBe(200);
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect((await first.json()).version).toBe(1);
    const notModified = await fetch(server.listUrl, { headers: { 'if-none-match': etag! } });
    expect(notModified.status).toBe(304);
    writeFileSync(file, makeList({ version: 2 }));
    const changed = await fetch(server.listUrl, { headers: { 'if-none-match': etag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect((await changed.json()).version).toBe(2);
  });

  it('syncs once by itself at start when a list URL is configured', async () => {
    const s = await serve(makeList({ version: 11 }));
    const r = await createColourResolver({ trust, dataDir: dataDir(), listUrl: s.url, fetchTimeoutMs: 10_000, now: () => NOW });
    cleanups.push(() => r.close());
    // sync() joins the start-up sync already in flight instead of starting a second download
    expect(await r.sync()).toMatchObject({ loaded: true, version: 11 });
    expect(s.hits()).toBe(1);
  });

  it('server down: keeps the held list and reports the error', async () => {
    const dir = dataDirHolding(4);
    const r = await resolverFor({ dataDir: dir, listUrl: await deadUrl() });
    const info = await r.sync();
    expect(info).toMatchObject({ loaded: true, version: 4 });
    expect(info.lastSyncError).toMatch(/unreachable/);
    expect(info.lastSyncAt).toBe(NOW.toISOString());
  });

  it('slow server (no answer, or headers then a stalled body): gives up at the deadline, keeps the list', async () => {
    const silent = await customServer(() => { /* never answers */ });
    cleanups.push(silent.close);
    const trickle = await customServer((_req, res) => {
      res.writeHead(200, { 'content-length': '100000' });
      res.write('{"format":');
    });
    cleanups.push(trickle.close);
    for (const url of [silent.url, trickle.url]) {
      const dir = dataDirHolding(4);
      const r = await resolverFor({ dataDir: dir, listUrl: url, fetchTimeoutMs: 200 });
      const info = await r.sync();
      expect(info.version).toBe(4);
      expect(info.lastSyncError).toMatch(/timeout/);
      expect(heldVersion(dir)).toBe(4);
    }
  });

  it('tampered list, wrong key, unknown authority: rejected, held list kept', async () => {
    const doc = JSON.parse(makeList({ version: 9 }));
    const cases: [string, RegExp][] = [
      [JSON.stringify({ ...doc, expiresAt: '2023-12-31T00:00:00Z' }), /signature invalid/],
      [makeList({ version: 9, key: demoKeys.rogue }), /signature invalid/],
      [makeList({ version: 9, key: demoKeys.rogue, authority: 'rogue-authority' }), /authority not in the trust store/],
      [JSON.stringify({ ...doc, entries: 'AAAA' }), /malformed/],
    ];
    for (const [text, error] of cases) {
      const s = await serve(text);
      const dir = dataDirHolding(4);
      const r = await resolverFor({ dataDir: dir, listUrl: s.url });
      const info = await r.sync();
      expect(info.version).toBe(4);
      expect(info.lastSyncError).toMatch(error);
      expect(heldVersion(dir)).toBe(4);
    }
  });

  it('rollback: a genuinely signed older version is refused; the same version is not an error; a newer one replaces', async () => {
    let serving = makeList({ version: 3 });
    const s = await serve(() => serving);
    const dir = dataDirHolding(4);
    const r = await resolverFor({ dataDir: dir, listUrl: s.url });
    let info = await r.sync();
    expect(info.version).toBe(4);
    expect(info.lastSyncError).toMatch(/rollback/);
    serving = readFileSync(join(dir, 'status', 'current.json'), 'utf8');
    info = await r.sync();
    expect(info.lastSyncError).toBeUndefined();
    serving = makeList({ version: 4, entries: [aliceRed] }); // same version, other content
    expect((await r.sync()).lastSyncError).toMatch(/same version/);
    serving = makeList({ version: 5, entries: [aliceRed] });
    info = await r.sync();
    expect(info).toMatchObject({ version: 5, entries: 1 });
    expect(heldVersion(dir)).toBe(5);
  });

  it('truncated download (connection cut before Content-Length, or a body that simply stops): refused', async () => {
    const full = makeList({ version: 9, entries: [aliceRed] });
    const cut = await customServer((_req, res) => {
      res.writeHead(200, { 'content-length': Buffer.byteLength(full) });
      res.write(full.slice(0, 200));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    cleanups.push(cut.close);
    const short = await customServer((_req, res) => {
      res.writeHead(200); // chunked, ends cleanly but early
      res.end(full.slice(0, full.length - 40));
    });
    cleanups.push(short.close);
    for (const [url, error] of [[cut.url, /truncated/], [short.url, /malformed/]] as const) {
      const dir = dataDirHolding(4);
      const r = await resolverFor({ dataDir: dir, listUrl: url });
      const info = await r.sync();
      expect(info.version).toBe(4);
      expect(info.lastSyncError).toMatch(error);
    }
  });

  it('oversized download is refused while reading, declared or not', async () => {
    const big = makeList({ version: 9, entries: Array.from({ length: 50 }, (_, i) => ({ ...aliceRed, hash: hkPersonHash({ recordType: 'VAC', maskedId: `${i}`, maskedName: 'X', dob: '01-01-2000' }) })) });
    const undeclared = await customServer((_req, res) => { res.writeHead(200); res.end(big); });
    cleanups.push(undeclared.close);
    for (const url of [(await serve(big)).url, undeclared.url]) {
      const dir = dataDirHolding(4);
      const r = await resolverFor({ dataDir: dir, listUrl: url, maxListBytes: 1000 });
      const info = await r.sync();
      expect(info.version).toBe(4);
      expect(info.lastSyncError).toMatch(/oversized/);
    }
  });

  it('HTTP errors are reported, not thrown', async () => {
    const s = await customServer((_req, res) => { res.writeHead(503); res.end(); });
    cleanups.push(s.close);
    const r = await resolverFor({ dataDir: dataDirHolding(4), listUrl: s.url });
    expect((await r.sync()).lastSyncError).toBe('HTTP 503');
  });
});

describe('atomic storage and import', () => {
  it('a power cut mid-update (a half-written temporary file) leaves the old list usable', async () => {
    const dir = dataDirHolding(4);
    const half = makeList({ version: 5, entries: [aliceRed] });
    writeFileSync(join(dir, 'status', '.tmp-123-456-abc'), half.slice(0, half.length / 2));
    const r = await resolverFor({ dataDir: dir });
    expect(r.info(NOW)).toMatchObject({ loaded: true, version: 4 });
    expect(readdirSync(join(dir, 'status')).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
  });

  it('a corrupt saved list is reported and replaced by the next good one', async () => {
    const dir = dataDir();
    mkdirSync(join(dir, 'status'));
    writeFileSync(join(dir, 'status', 'current.json'), '{"format":"kiosk-status-list", trunc');
    const s = await serve(makeList({ version: 2 }));
    const r = await resolverFor({ dataDir: dir, listUrl: s.url });
    expect(r.info(NOW)).toMatchObject({ loaded: false });
    expect(r.info(NOW).lastSyncError).toMatch(/saved list/);
    expect(await r.sync()).toMatchObject({ loaded: true, version: 2 });
    expect(heldVersion(dir)).toBe(2);
  });

  it('a verified list that cannot be saved is still used, and the operator is told', async () => {
    const dir = dataDir();
    // a directory where the list file should be: every rename onto it fails, as on a broken disk
    mkdirSync(join(dir, 'status', 'current.json', 'blocker'), { recursive: true });
    const s = await serve(makeList({ version: 2 }));
    const r = await resolverFor({ dataDir: dir, listUrl: s.url });
    const info = await r.sync();
    expect(info).toMatchObject({ loaded: true, version: 2 });
    expect(info.lastSyncError).toMatch(/not saved/);
    expect(readdirSync(join(dir, 'status')).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
  });

  it('USB import: newer list written atomically and picked up by a running resolver; older or bad refused', async () => {
    const dir = dataDirHolding(4);
    const r = await resolverFor({ dataDir: dir });
    const stick = dataDir();
    const newer = join(stick, 'newer.json');
    writeFileSync(newer, makeList({ version: 6, entries: [aliceRed] }));
    expect(await importStatusListFile(newer, dir, trust)).toEqual({ ok: true, changed: true, version: 6, entries: 1 });
    expect(heldVersion(dir)).toBe(6);
    expect(await r.sync()).toMatchObject({ loaded: true, version: 6 });
    expect((await r.resolve(ALICE, NOW)).colour.value).toBe('red');

    const older = join(stick, 'older.json');
    writeFileSync(older, makeList({ version: 5 }));
    expect(await importStatusListFile(older, dir, trust)).toMatchObject({ ok: false, error: expect.stringMatching(/rollback/) });
    const forged = join(stick, 'forged.json');
    writeFileSync(forged, makeList({ version: 8, key: demoKeys.rogue }));
    expect(await importStatusListFile(forged, dir, trust)).toMatchObject({ ok: false, error: expect.stringMatching(/signature/) });
    expect(await importStatusListFile(join(stick, 'missing.json'), dir, trust)).toMatchObject({ ok: false });
    expect(heldVersion(dir)).toBe(6);
    expect(existsSync(join(dir, 'status', 'sync-state.json'))).toBe(true);
  });

  it('lists given as files at start: the newest valid one is used', async () => {
    const src = dataDir();
    const files = [3, 8, 5].map((v) => { const f = join(src, `l${v}.json`); writeFileSync(f, makeList({ version: v })); return f; });
    const bad = join(src, 'bad.json');
    writeFileSync(bad, makeList({ version: 99, key: demoKeys.rogue }));
    const r = await createColourResolver({ trust, listFiles: [...files, bad], now: () => NOW });
    cleanups.push(() => r.close());
    expect(r.info(NOW)).toMatchObject({ loaded: true, version: 8, source: files[1] });
    expect(r.info(NOW).lastSyncError).toMatch(/signature/);
  });
});
