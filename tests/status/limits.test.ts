// The code-colour list's size caps are settings (statusSync.maxListMiB / maxEntries, main/status/limits.ts): a
// kiosk configured below a list's size refuses it as oversized before decoding its entries, and raising the cap
// from the operator side (setSettings) loads the same list from the same real server. The CLI's import takes the
// caps of the data dir it imports into, or its own flags.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Settings } from '../../main/api/state.ts';
import { MAX_ENTRIES_LIMIT, MAX_LIST_MIB_LIMIT, MIN_ENTRIES, MIN_LIST_MIB } from '../../main/status/limits.ts';
import { startStatusServer, type StatusServer } from '../../main/status/index.ts';
import { demoKeys, demoTrustPath, makeVac } from '../fixtures/hk/sign.ts';
import { Clock, NOON_HK, openCore, tempDataDir, writeSettings } from '../faults/helpers.ts';
import { cli, hkPersonHash, makeList } from './helpers.ts';
import type { BuildEntry } from '../../main/status/build.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** 1,500 entries: makeVac()'s demo person red, the rest random hashes. */
function listOf1500(): string {
  const entries: BuildEntry[] = [{ hash: hkPersonHash({ recordType: 'VAC', maskedId: '****456(7)', maskedName: 'CHAN T** M**', dob: '15-03-1985' }), kind: 'red', from: 0, until: 0 }];
  for (let i = 1; i < 1500; i++) entries.push({ hash: new Uint8Array(randomBytes(16)), kind: 'red', from: 0, until: 0 });
  return makeList({ version: 5, issuedAt: '2022-12-01T00:00:00Z', expiresAt: '2022-12-31T00:00:00Z', entries });
}

const baseSync = { intervalMinutes: 15 };
const settingsWith = (statusSync: Record<string, unknown>) => Settings.shape.statusSync.safeParse({ ...baseSync, ...statusSync }).success;

describe('status list size caps as settings', () => {
  it('the settings accept the documented bounds and nothing beyond them', () => {
    expect(settingsWith({ maxListMiB: MIN_LIST_MIB, maxEntries: MIN_ENTRIES })).toBe(true);
    expect(settingsWith({ maxListMiB: MAX_LIST_MIB_LIMIT, maxEntries: MAX_ENTRIES_LIMIT })).toBe(true);
    expect(settingsWith({ maxListMiB: MAX_LIST_MIB_LIMIT + 1 })).toBe(false);
    expect(settingsWith({ maxEntries: MAX_ENTRIES_LIMIT + 1 })).toBe(false);
    expect(settingsWith({ maxListMiB: MIN_LIST_MIB - 1 })).toBe(false);
    expect(settingsWith({ maxEntries: MIN_ENTRIES - 1 })).toBe(false);
    expect(settingsWith({ maxEntries: 2.5e6 + 0.5 })).toBe(false);
    // 500 MiB stays under V8's longest string (2^29 - 24 characters): the list is read as one string
    expect(MAX_LIST_MIB_LIMIT * 1024 * 1024).toBeLessThan(2 ** 29 - 24);
  });

  it('a kiosk capped below the list refuses it as oversized; raising the cap loads it from the same server', async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    const listPath = join(data.dir, 'served-list.json');
    writeFileSync(listPath, listOf1500());
    const server: StatusServer = await startStatusServer({ listPath, port: 0, key: demoKeys.status });
    cleanups.push(() => server.close());
    writeSettings(data.dir, { statusSync: { ...baseSync, listUrl: server.listUrl, maxEntries: 1000 } });
    const clock = new Clock(NOON_HK);
    const core = await openCore(data.dir, clock);
    cleanups.push(() => core.close());
    const session = core.openSession();
    const capped = await session.handlers.syncStatusList({});
    expect(capped.loaded).toBe(false);
    expect(capped.lastSyncError).toMatch(/too large|oversized/);
    const vac = makeVac();
    const before = (await core.submitScan({ text: vac, source: 'serial', deviceId: 's', at: clock.now() })).verdict;
    expect(before.outcome).not.toBe('red');

    await session.handlers.setSettings({ patch: { statusSync: { ...baseSync, listUrl: server.listUrl, maxEntries: 2000 } } });
    const raised = await session.handlers.syncStatusList({});
    expect(raised.loaded).toBe(true);
    expect(raised.version).toBe(5);
    clock.jump(60_000);
    const after = (await core.submitScan({ text: vac, source: 'serial', deviceId: 's', at: clock.now() })).verdict;
    expect(after.outcome).toBe('red');
  });

  it('the byte cap is a setting too: a 1 MiB cap refuses a larger list before parsing it', async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    const entries: BuildEntry[] = [];
    for (let i = 0; i < 40_000; i++) entries.push({ hash: new Uint8Array(randomBytes(16)), kind: 'red', from: 0, until: 0 });
    const listPath = join(data.dir, 'big.json');
    const text = makeList({ version: 2, issuedAt: '2022-12-01T00:00:00Z', expiresAt: '2022-12-31T00:00:00Z', entries });
    expect(text.length).toBeGreaterThan(1024 * 1024);
    writeFileSync(listPath, text);
    const server = await startStatusServer({ listPath, port: 0, key: demoKeys.status });
    cleanups.push(() => server.close());
    writeSettings(data.dir, { statusSync: { ...baseSync, listUrl: server.listUrl, maxListMiB: 1 } });
    const core = await openCore(data.dir, new Clock(NOON_HK));
    cleanups.push(() => core.close());
    const capped = await core.openSession().handlers.syncStatusList({});
    expect(capped.loaded).toBe(false);
    expect(capped.lastSyncError).toMatch(/too large|oversized/);
  });

  it('kiosk status-list import takes the data dir\'s configured caps, and --max-entries over them', async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    const file = join(data.dir, 'list.json');
    writeFileSync(file, listOf1500());
    writeSettings(data.dir, { statusSync: { ...baseSync, maxEntries: 1000 } });
    const refused = await cli(['import', '--in', file, '--data-dir', data.dir, '--trust', demoTrustPath]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/too large/);
    const flagged = await cli(['import', '--in', file, '--data-dir', data.dir, '--trust', demoTrustPath, '--max-entries', '1500']);
    expect(flagged.err).toBe('');
    expect(flagged.out).toMatch(/imported version 5 \(1500 entries\)/);
    const bad = await cli(['inspect', '--in', file, '--trust', demoTrustPath, '--max-entries', String(MAX_ENTRIES_LIMIT + 1)]);
    expect(bad.code).toBe(2);
  });
});
