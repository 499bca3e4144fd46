// Rollback after the held list is lost: status/current.json deleted (a bad USB import, a reset), then an old but
// genuinely signed list is offered. The highest version ever accepted is kept apart from the list, so the old one
// is still refused. A list that is already expired, or issued in the future, is used with a warning.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createColourResolver, importStatusListFile } from '../../main/status/resolver.ts';
import { ALICE, customServer, demoTrust, hkPersonHash, makeList, tempDir } from './helpers.ts';

const trust = demoTrust();
const NOW = new Date('2022-09-05T00:00:00Z');
const aliceRed = { hash: hkPersonHash({ recordType: 'VAC', maskedId: '****456(7)', maskedName: 'CHAN T** M**', dob: '15-03-1985' }), kind: 'red' as const, from: 0, until: 0 };

const cleanups: (() => unknown)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

function dataDir(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('rollback high-water mark', () => {
  it('refuses an older list from the URL after current.json was lost', async () => {
    const dir = dataDir();
    let body = makeList({ version: 50, entries: [aliceRed] });
    const s = await customServer((_q, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body); });
    cleanups.push(s.close);
    const first = await createColourResolver({ trust, dataDir: dir, listUrl: s.url, syncOnStart: false, now: () => NOW });
    expect((await first.sync()).version).toBe(50);
    first.close();

    rmSync(join(dir, 'status', 'current.json'));
    body = makeList({ version: 3 }); // genuine, signed, old: the holder is not red in it
    const second = await createColourResolver({ trust, dataDir: dir, listUrl: s.url, syncOnStart: false, now: () => NOW });
    cleanups.push(() => second.close());
    const info = await second.sync();
    expect(info.loaded).toBe(false);
    expect(info.lastSyncError).toMatch(/rollback.*3 < 50/);
    expect((await second.resolve(ALICE, NOW)).colour.value).toBe('unknown');

    body = makeList({ version: 51, entries: [aliceRed] });
    expect((await second.sync()).version).toBe(51);
    expect((await second.resolve(ALICE, NOW)).colour.value).toBe('red');
  });

  it('refuses an older list from a USB stick after current.json was lost', async () => {
    const dir = dataDir();
    const f = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };
    expect(await importStatusListFile(f('v50.json', makeList({ version: 50 })), dir, trust)).toMatchObject({ ok: true, version: 50 });
    rmSync(join(dir, 'status', 'current.json'));
    const r = await importStatusListFile(f('v3.json', makeList({ version: 3 })), dir, trust);
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/rollback/) });
    // the same version 50 again (the list restored from a backup) is fine
    expect(await importStatusListFile(join(dir, 'v50.json'), dir, trust)).toMatchObject({ ok: true, version: 50 });
  });

  it('warns about a list that has already expired or is issued in the future', async () => {
    const expired = dataDir();
    const fe = join(expired, 'l.json');
    writeFileSync(fe, makeList({ issuedAt: '2022-08-01T00:00:00Z', expiresAt: '2022-08-02T00:00:00Z' }));
    const a = await createColourResolver({ trust, listFiles: [fe], now: () => NOW });
    cleanups.push(() => a.close());
    expect(a.info(NOW).lastSyncError).toMatch(/already expired/);

    const future = dataDir();
    const ff = join(future, 'l.json');
    writeFileSync(ff, makeList({ issuedAt: '2022-10-01T00:00:00Z', expiresAt: '2022-12-01T00:00:00Z' }));
    const b = await createColourResolver({ trust, listFiles: [ff], now: () => NOW });
    cleanups.push(() => b.close());
    expect(b.info(NOW).lastSyncError).toMatch(/issued in the future/);
  });
});
