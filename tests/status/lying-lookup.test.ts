// A lying lookup server on 127.0.0.1 against the real kiosk core. The signed offline list (version 1000) marks a
// holder red; the lookup answers that the holder is clear. Unsigned, wrongly signed, replayed (another request's
// nonce) or older-than-the-list answers never override the list: the holder stays refused. A lookup URL over
// plain http anywhere but 127.0.0.1 is not even asked. A genuine, fresh, newer answer still decides (control).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKioskCore, type KioskCore } from '../../main/kiosk/core.ts';
import { signLookupAnswer } from '../../main/status/build.ts';
import { prepareEuDcc } from '../../main/verify/eudcc/index.ts';
import { toHex } from '../../main/verify/status/identity.ts';
import type { UnsignedLookupResponse } from '../../main/verify/status/online.ts';
import { demoKeys, makeVac } from '../fixtures/hk/sign.ts';
import { quietLog } from '../faults/helpers.ts';
import { customServer, hkPersonHash, makeList, tempDir } from './helpers.ts';

const NOW = Date.parse('2022-09-15T04:00:00Z'); // 12:00 in Hong Kong
const person = { maskedName: 'CHAN T** M**', maskedId: '****456(7)', dob: '15-03-1985' };
const redHash = hkPersonHash({ recordType: 'VAC', ...person });
const pass = makeVac(person);

// the core compiles the EU DCC schemas right after it starts, blocking for a moment: done here first, so that the
// lookup's 1.5 s deadline measures the lookup and not the compile
beforeAll(() => prepareEuDcc());

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function unsigned(o: Partial<UnsignedLookupResponse> & { nonce: string }): UnsignedLookupResponse {
  return {
    format: 'kiosk-status-lookup', formatVersion: 2, authority: 'demo-status', listId: 'hk-colour', listVersion: 2000,
    issuedAt: '2022-09-14T00:00:00Z', expiresAt: '2022-12-31T00:00:00Z', entries: [], alg: 'ES256', ...o,
  };
}

/** A lookup server that answers every request with `answer(nonce)`, and remembers the nonces it saw. */
async function liar(answer: (nonce: string) => unknown) {
  const nonces: string[] = [];
  const s = await customServer((req, res) => {
    let b = '';
    req.on('data', (c) => { b += c; });
    req.on('end', () => {
      let nonce = '';
      try { nonce = (JSON.parse(b) as { nonce?: string }).nonce ?? ''; } catch { /* answered anyway */ }
      nonces.push(nonce);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer(nonce)));
    });
  });
  cleanups.push(s.close);
  return { ...s, nonces };
}

async function kioskWithLookup(lookupUrl: string): Promise<KioskCore> {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const listFile = join(t.dir, 'list.json');
  writeFileSync(listFile, makeList({ version: 1000, entries: [{ hash: redHash, kind: 'red', from: 0, until: 0 }] }));
  writeFileSync(join(t.dir, 'config.json'), JSON.stringify({ settings: { statusSync: { intervalMinutes: 15, lookupUrl } } }));
  const core = await createKioskCore({ dataDir: t.dir, shell: 'cli', clock: () => NOW, log: quietLog, statusListFiles: [listFile] });
  cleanups.push(() => core.close());
  return core;
}

const scan = async (core: KioskCore) => (await core.submitScan({ text: pass, source: 'serial', deviceId: 's', at: NOW })).verdict;

describe('a lying lookup server', () => {
  it('control: a genuine, fresh answer from a newer list decides', async () => {
    const s = await liar((nonce) => signLookupAnswer(unsigned({ nonce }), demoKeys.status));
    const core = await kioskWithLookup(`${s.url}/lookup`);
    const v = await scan(core);
    expect(v.outcome).toBe('valid');
    expect(v.colour).toMatchObject({ value: 'blue', source: 'online', listVersion: 2000 });
  });

  const lies: [string, string, (nonce: string) => unknown][] = [
    ['an unsigned answer (the old format) from "list version 1"', 'malformed', () => ({
      format: 'kiosk-status-lookup', formatVersion: 1, listVersion: 1, issuedAt: '2022-09-14T00:00:00Z', expiresAt: '2022-12-31T00:00:00Z', entries: [],
    })],
    ['an answer signed by a key the trust store does not hold', 'bad-signature', (nonce) => signLookupAnswer(unsigned({ nonce }), demoKeys.rogue)],
    ['a genuine answer with its signature cut', 'malformed', (nonce) => ({ ...signLookupAnswer(unsigned({ nonce }), demoKeys.status), signature: undefined })],
    ['a genuine answer edited after signing', 'bad-signature', (nonce) => ({ ...signLookupAnswer(unsigned({ nonce, entries: [{ hash: toHex(redHash), kind: 'red', from: 0, until: 0 }] }), demoKeys.status), entries: [] })],
    ['a genuine answer replayed for another request (wrong nonce)', 'wrong-nonce', () => signLookupAnswer(unsigned({ nonce: 'ab'.repeat(16) }), demoKeys.status)],
    ['a genuine answer from a list older than the one held', 'older-than-held', (nonce) => signLookupAnswer(unsigned({ nonce, listVersion: 1 }), demoKeys.status)],
  ];
  for (const [name, why, answer] of lies) {
    it(`${name} does not override the signed list`, async () => {
      const s = await liar(answer);
      const core = await kioskWithLookup(`${s.url}/lookup`);
      const v = await scan(core);
      expect(s.hits()).toBe(1); // it was asked, and its answer was not used
      expect(v.outcome).toBe('red');
      expect(v.colour).toMatchObject({ value: 'red', source: 'list', listVersion: 1000 });
      // refused for what it is, not lost to a deadline
      expect(core.state().statusList.lastSyncError).toContain(`lookup answer refused: ${why}`);
    });
  }

  it('plain http to anywhere but 127.0.0.1 is refused before asking, and the operator sees why', async () => {
    const s = await liar((nonce) => signLookupAnswer(unsigned({ nonce }), demoKeys.status));
    const core = await kioskWithLookup(`${s.url.replace('127.0.0.1', 'localhost')}/lookup`);
    const v = await scan(core);
    expect(s.hits()).toBe(0);
    expect(v.colour).toMatchObject({ value: 'red', source: 'list' });
    expect(core.state().statusList.lastSyncError).toMatch(/lookup URL refused.*https/);
  });
});
