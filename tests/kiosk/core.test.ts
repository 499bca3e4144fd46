// The real core against real parts (SQLite in a temp dir, the real verifier and status resolver, demo keys).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKioskCore, type KioskCore, type Session } from '../../main/kiosk/core.ts';
import type { EventEnvelope } from '../../main/api/contract.ts';
import { encodeVenueCode } from '../../main/venue/hken.ts';
import { makeMec, makeVac } from '../fixtures/hk/sign.ts';

const NOV_2022 = Date.parse('2022-12-05T04:00:00Z'); // inside the final stage (from 30 Nov 2022)
let dir: string;
let now: number;
let core: KioskCore;
let session: Session;
const events: EventEnvelope[] = [];

async function scan(text: string, source: 'serial' | 'camera' = 'serial') {
  return (await core.submitScan({ text, source, deviceId: 'test', at: now })).verdict;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-core-'));
  now = NOV_2022;
  events.length = 0;
  core = await createKioskCore({ dataDir: dir, shell: 'standalone', clock: () => now, pinClock: () => now, pinLockBaseMs: 1000, log: { info() {}, warn() {}, error() {} } });
  core.onEvent((e) => events.push(e));
  session = core.openSession();
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('scan pipeline', () => {
  it('admits a valid demo pass, says it is demo, and emits the verdict', async () => {
    const v = await scan(makeVac());
    expect(v.outcome).toBe('valid');
    expect(v.credential).toBe('hk-vac');
    expect(v.demo).toBe(true);
    expect(events.some((e) => e.event === 'verdict')).toBe(true);
  });

  it('refuses an exhausted or tampered pass and never throws on garbage', async () => {
    const valid = makeVac();
    const tampered = valid.replace(/\|3\|/, '|2|');
    expect((await scan(tampered === valid ? valid.slice(0, -4) + 'AAAA' : tampered)).outcome).not.toBe('valid');
    for (const junk of ['', '\u0000\u0001', '|'.repeat(5000), 'HKSARG|VAC|'.padEnd(9000, 'x'), '\uD800', 'HC1:@@@', 'shc:/99']) {
      const v = await scan(junk);
      expect(['unreadable', 'invalid', 'not-applicable']).toContain(v.outcome);
    }
  });

  it('counts the same pass scanned twice within the window once', async () => {
    const vac = makeVac();
    await scan(vac);
    now += 2000;
    await scan(vac);
    now += 60 * 60 * 1000;
    await scan(vac);
    session.handlers; // operator needed for stats
    await session.handlers.operatorLogin({ pin: '1234' });
    const { rows } = await session.handlers.getStats({ granularity: 'day' });
    const total = rows.filter((r) => r.outcome === 'valid').reduce((a, r) => a + r.count, 0);
    expect(total).toBe(2);
  });

  it('admits a group only when every member is admitted', async () => {
    await session.handlers.groupStart({});
    await scan(makeVac({ maskedName: 'CHAN T** M**' }));
    await scan(makeMec({ maskedName: 'CHAN S**' }));
    const ev = await core.submitScan({ text: 'not a pass', source: 'serial', deviceId: 't', at: now });
    expect(ev.group?.members.length).toBe(3);
    expect(ev.group?.members.map((m) => [m.outcome, m.credential])).toEqual([['valid', 'hk-vac'], ['exempt', 'hk-mec'], ['unreadable', 'unknown']]);
    expect(ev.group?.admitted).toBe(false);
    await session.handlers.groupEnd({});
    await session.handlers.groupStart({});
    await scan(makeVac({ maskedName: 'LEE A**' }));
    await scan(makeVac({ maskedName: 'LEE B**' }));
    const last = await core.submitScan({ text: makeVac({ maskedName: 'LEE C**' }), source: 'serial', deviceId: 't', at: now });
    expect(last.group?.members.length).toBe(3);
    expect(last.group?.members.map((m) => m.outcome)).toEqual(['valid', 'valid', 'valid']);
    expect(last.group?.members.map((m) => m.name)).toEqual(['LEE A**', 'LEE B**', 'LEE C**']);
    expect(last.group?.admitted).toBe(true);
  });
});

describe('operator', () => {
  it('locks after five wrong PINs for a growing delay, then the right PIN opens it', async () => {
    for (let i = 0; i < 4; i++) expect((await session.handlers.operatorLogin({ pin: '0000' })).ok).toBe(false);
    const fifth = await session.handlers.operatorLogin({ pin: '0000' });
    expect(fifth.ok).toBe(false);
    expect(fifth.retryAfterMs).toBeGreaterThan(0);
    // while locked even the right PIN is refused
    expect((await session.handlers.operatorLogin({ pin: '1234' })).ok).toBe(false);
    now += fifth.retryAfterMs!;
    for (let i = 0; i < 5; i++) await session.handlers.operatorLogin({ pin: '9999' });
    const second = await session.handlers.operatorLogin({ pin: '1234' });
    expect(second.retryAfterMs).toBeGreaterThan(fifth.retryAfterMs!);
    now += second.retryAfterMs!;
    expect((await session.handlers.operatorLogin({ pin: '1234' })).ok).toBe(true);
    expect(session.isOperator()).toBe(true);
  });

  it('keeps the lock across a restart', async () => {
    for (let i = 0; i < 5; i++) await session.handlers.operatorLogin({ pin: '0000' });
    await core.close();
    core = await createKioskCore({ dataDir: dir, shell: 'standalone', clock: () => now, pinClock: () => now, log: { info() {}, warn() {}, error() {} } });
    session = core.openSession();
    expect((await session.handlers.operatorLogin({ pin: '1234' })).retryAfterMs).toBeGreaterThan(0);
  });

  it('sets the venue from an official code and keeps it after a restart', async () => {
    await session.handlers.operatorLogin({ pin: '1234' });
    const code = encodeVenueCode({ venueId: 'TESTv3nu', nameZh: '測試場地', nameEn: 'Test Venue', type: 'RESTAURANT' });
    const r = await session.handlers.setVenue({ code });
    expect(r.ok).toBe(true);
    expect((await session.handlers.setVenue({ code: code.slice(0, -6) + 'AAAAAA' })).ok).toBe(false);
    await core.close();
    core = await createKioskCore({ dataDir: dir, shell: 'standalone', clock: () => now, log: { info() {}, warn() {}, error() {} } });
    expect(core.state().venue.nameEn).toBe('Test Venue');
    // the operator reads the type in words, not the code's RESTAURANT
    expect(core.state().venue).toMatchObject({ type: 'RESTAURANT', typeLabel: '食肆 / Restaurant' });
  });

  it('names a venue type in the code\'s own words, else as the code gives it', async () => {
    await session.handlers.operatorLogin({ pin: '1234' });
    const own = encodeVenueCode({ venueId: 'TESTv3nv', nameZh: '測試場地', nameEn: 'Test Venue', type: 'RESTAURANT', metadata: { typeZh: '茶餐廳', typeEn: 'Cha chaan teng' } });
    expect((await session.handlers.setVenue({ code: own })).venue?.typeLabel).toBe('茶餐廳 / Cha chaan teng');
    const odd = encodeVenueCode({ venueId: 'TESTv3nw', nameZh: '測試場地', nameEn: 'Test Venue', type: 'KARAOKE' });
    expect((await session.handlers.setVenue({ code: odd })).venue?.typeLabel).toBe('KARAOKE');
  });

  it('persists settings changes', async () => {
    await session.handlers.operatorLogin({ pin: '1234' });
    await session.handlers.setSettings({ patch: { verdictSeconds: 7, muted: true } });
    await core.close();
    core = await createKioskCore({ dataDir: dir, shell: 'standalone', clock: () => now, log: { info() {}, warn() {}, error() {} } });
    expect(core.state().settings).toMatchObject({ verdictSeconds: 7, muted: true });
  });
});
