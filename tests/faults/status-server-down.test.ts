// Status server down: a real reference server on 127.0.0.1 that is stopped mid-run, and one that accepts
// connections and never answers. The kiosk goes on answering from the signed list it holds, says the sync
// failed, and keeps that list across a restart while the server is still down.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStatusServer, type StatusServer } from '../../main/status/index.ts';
import { demoKeys, makeVac } from '../fixtures/hk/sign.ts';
import { customServer, hkPersonHash, makeList } from '../status/helpers.ts';
import { Clock, NOON_HK, openCore, tempDataDir, writeSettings } from './helpers.ts';

let data: ReturnType<typeof tempDataDir>;
let server: StatusServer | null = null;
beforeEach(() => { data = tempDataDir(); });
afterEach(async () => {
  await server?.close();
  server = null;
  data.cleanup();
});

// makeVac()'s demo person, red from the start of time until further notice
const redList = () => makeList({
  version: 3, issuedAt: '2022-12-01T00:00:00Z', expiresAt: '2022-12-31T00:00:00Z',
  entries: [{ hash: hkPersonHash({ recordType: 'VAC', maskedId: '****456(7)', maskedName: 'CHAN T** M**', dob: '15-03-1985' }), kind: 'red', from: 0, until: 0 }],
});

async function startServer(): Promise<StatusServer> {
  const listPath = join(data.dir, 'served-list.json');
  writeFileSync(listPath, redList());
  return startStatusServer({ listPath, port: 0, key: demoKeys.status });
}

describe('status server down', () => {
  it('answers from the held list when the server stops, reports the failed sync, and keeps the list across a restart', async () => {
    server = await startServer();
    writeSettings(data.dir, { statusSync: { intervalMinutes: 15, listUrl: server.listUrl, lookupUrl: server.lookupUrl } });
    const clock = new Clock(NOON_HK);
    let core = await openCore(data.dir, clock);
    const session = core.openSession();
    const synced = await session.handlers.syncStatusList({});
    expect(synced.loaded).toBe(true);
    expect(synced.version).toBe(3);
    expect(synced.lastSyncError).toBeUndefined();

    const vac = makeVac();
    const scan = async () => (await core.submitScan({ text: vac, source: 'serial', deviceId: 's', at: clock.now() })).verdict;
    const online = await scan();
    expect(online.outcome).toBe('red');
    expect(online.colour?.source).toBe('online');

    await server.close();
    server = null;
    clock.jump(60_000);
    const offline = await scan();
    expect(offline.outcome).toBe('red');
    expect(offline.colour?.source).toBe('list');
    const failed = await session.handlers.syncStatusList({});
    expect(failed.loaded).toBe(true);
    expect(failed.version).toBe(3);
    expect(failed.lastSyncError).toBeTruthy();
    expect(core.state().statusList.lastSyncError).toBeTruthy();
    await core.close();

    // restart with the server still down: the list kept in the data dir answers from the first scan
    core = await openCore(data.dir, clock);
    clock.jump(60_000);
    const afterRestart = await scan();
    expect(afterRestart.outcome).toBe('red');
    expect(afterRestart.colour?.source).toBe('list');
    expect(afterRestart.colour?.listVersion).toBe(3);
    await core.close();
  });

  it('falls back to the held list when the lookup server accepts connections and never answers', async () => {
    writeFileSync(join(data.dir, 'red.json'), redList());
    const blackHole = await customServer(() => { /* never answers */ });
    try {
      writeSettings(data.dir, { statusSync: { intervalMinutes: 15, lookupUrl: `${blackHole.url}/lookup` } });
      const clock = new Clock(NOON_HK);
      const core = await openCore(data.dir, clock, { statusListFiles: [join(data.dir, 'red.json')] });
      const vac = makeVac();
      for (let i = 0; i < 3; i++) {
        const v = (await core.submitScan({ text: vac, source: 'serial', deviceId: 's', at: clock.now() })).verdict;
        expect(v.outcome).toBe('red');
        expect(v.colour?.source).toBe('list');
        clock.jump(1000);
      }
      // only the first scan waited for the black hole; the others used the list straight away (back-off)
      expect(blackHole.hits()).toBe(1);
      await core.close();
    } finally {
      await blackHole.close();
    }
  });
});
