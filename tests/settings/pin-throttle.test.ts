// The operator PIN back-off itself (main/settings/pin-throttle.ts) and the one judge that uses it
// (main/kiosk/pin-login.ts): lock lengths, what a restart reads back from the file, a damaged or hostile file, a
// disk that refuses the write. Both clocks are injected; nothing waits. Lock lengths are worked out by hand from
// the rule "5 wrong PINs lock for base x 2^(locks so far), at most max". Each test names the mutant it kills.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUSY_RETRY_MS, PinJudge } from '../../main/kiosk/pin-login.ts';
import { ATTEMPTS_BEFORE_LOCK, PinThrottle } from '../../main/settings/pin-throttle.ts';

let dir: string;
let file: string;
let mono: number;
let wall: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-throttle-'));
  file = join(dir, 'operator-lock.json');
  mono = 1_000;
  wall = Date.parse('2022-12-05T04:00:00Z');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const BASE = 1000;
const MAX = 10_000;
const open = (f = file) => new PinThrottle(f, BASE, MAX, () => mono, () => wall);
/** five wrong attempts; returns the lock the fifth started */
function fiveWrong(t: PinThrottle): number {
  let lock = 0;
  for (let i = 0; i < 5; i++) { t.begin(); lock = t.failure(); if (i < 4) expect(lock).toBe(0); }
  return lock;
}
const saved = () => JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;

describe('PinThrottle: lock lengths', () => {
  it('kills: ATTEMPTS_BEFORE_LOCK changed (five)', () => {
    expect(ATTEMPTS_BEFORE_LOCK).toBe(5);
  });

  it('kills: the doubling or the cap of the lock changed (1 s, 2 s, 4 s, 8 s, then 10 s, 10 s)', () => {
    const t = open();
    const locks: number[] = [];
    for (let round = 0; round < 6; round++) {
      locks.push(fiveWrong(t));
      expect(t.retryAfter()).toBe(locks.at(-1));
      mono += locks.at(-1)!; // wait the lock out
      expect(t.retryAfter()).toBe(0);
    }
    expect(locks).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('kills: retryAfter rounding down or going negative (a fractional remainder rounds up; after the lock it is 0)', () => {
    const t = open();
    fiveWrong(t);
    mono += 999.5;
    expect(t.retryAfter()).toBe(1);
    mono += 0.5;
    expect(t.retryAfter()).toBe(0);
    mono += 5000;
    expect(t.retryAfter()).toBe(0);
  });

  it('kills: success() not clearing a running lock or the lock count (the next lock is the base again)', () => {
    const t = open();
    fiveWrong(t);
    t.success();
    expect(t.retryAfter()).toBe(0);
    expect(saved()).toEqual({ failures: 0, lockouts: 0, lockedUntil: 0, lockMs: 0 });
    expect(fiveWrong(t)).toBe(1000);
  });

  it('kills: the default monotonic clock removed (without injected clocks a lock still runs, from now)', () => {
    const t = new PinThrottle(file, BASE, MAX);
    expect(fiveWrong(t)).toBe(1000);
    const left = t.retryAfter();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(1000);
  });
});

describe('PinThrottle: what a restart reads back', () => {
  it('kills: begin() not saving (an attempt counted before the slow check survives a kill of the kiosk)', () => {
    const t = open();
    for (let i = 0; i < 4; i++) { t.begin(); t.failure(); }
    t.begin(); // the kiosk dies during the check of the 5th attempt
    expect(saved().failures).toBe(5);
    const after = open();
    after.begin(); // one more wrong attempt after the restart
    expect(after.failure()).toBe(1000);
  });

  it('kills: the saved lock not restored, or restored without its cap (remaining time, at most its own length)', () => {
    const t = open();
    fiveWrong(t);
    mono += 1000;
    fiveWrong(t); // second lock: 2 s
    expect(saved()).toMatchObject({ lockouts: 2, failures: 0, lockMs: 2000, lockedUntil: wall + 2000 });
    wall += 500; // restart half a second later
    expect(open().retryAfter()).toBe(1500);
    wall -= 86_400_000; // a restart with the wall clock a day behind: capped at the lock's 2 s
    expect(open().retryAfter()).toBe(2000);
    wall += 2 * 86_400_000; // and a day ahead: the lock is over
    expect(open().retryAfter()).toBe(0);
  });

  it('kills: the lock count not restored (after a restart the next lock keeps doubling)', () => {
    const t = open();
    fiveWrong(t);
    mono += 1000;
    wall += 1000;
    const after = open();
    expect(fiveWrong(after)).toBe(2000);
  });

  it('kills: the clamps on a hostile file removed (huge, negative and fractional counts are read as bounded or 0)', () => {
    writeFileSync(file, JSON.stringify({ failures: 1e9, lockouts: 1e9, lockedUntil: wall + 3000, lockMs: 1e12 }));
    const t = open();
    // lockMs capped at MAX (10 s), so 3 s left; failures capped at 5, so the next wrong PIN locks at once
    expect(t.retryAfter()).toBe(3000);
    mono += 3000;
    t.begin();
    // lockouts capped at 64: 1000 x 2^64 is over the maximum, so the lock is the maximum
    expect(t.failure()).toBe(MAX);

    writeFileSync(file, JSON.stringify({ failures: -3, lockouts: 1.5, lockedUntil: wall + 3000, lockMs: -1 }));
    const u = open();
    expect(u.retryAfter()).toBe(0); // a negative length is 0: nothing to wait
    expect(fiveWrong(u)).toBe(1000); // -3 counts as 0 (five needed), 1.5 locks as 0 (base length)
  });

  it('kills: the older-file default removed (a file without lockMs is capped at the longest lock, not 0 or unbounded)', () => {
    writeFileSync(file, JSON.stringify({ failures: 0, lockouts: 1, lockedUntil: wall + 60_000 }));
    expect(open().retryAfter()).toBe(MAX);
    writeFileSync(file, JSON.stringify({ failures: 0, lockouts: 1, lockedUntil: wall + 4000 }));
    expect(open().retryAfter()).toBe(4000);
  });

  it('kills: a non-finite lockedUntil trusted (a lock "until Infinity" or text is no lock)', () => {
    writeFileSync(file, '{"failures":0,"lockouts":0,"lockedUntil":"soon","lockMs":5000}');
    expect(open().retryAfter()).toBe(0);
    writeFileSync(file, '{"failures":0,"lockouts":0,"lockedUntil":1e999,"lockMs":5000}');
    expect(open().retryAfter()).toBe(0);
  });

  it('kills: the catch of a damaged file removed (not JSON, or null: starts clean, not locked for ever)', () => {
    for (const text of ['{"failures":', 'null', '']) {
      writeFileSync(file, text);
      const t = open();
      expect(t.retryAfter()).toBe(0);
      expect(fiveWrong(t)).toBe(1000);
    }
  });

  it('kills: the catch of a failed save removed (a read-only disk keeps the back-off in memory)', () => {
    // a path under a plain file: no user, root included, can write there
    writeFileSync(join(dir, 'not-a-dir'), '');
    const blocked = join(dir, 'not-a-dir', 'operator-lock.json');
    const t = open(blocked);
    expect(fiveWrong(t)).toBe(1000);
    expect(t.retryAfter()).toBe(1000);
  });
});

describe('PinJudge', () => {
  const HASH = 'stored-hash';
  const judge = (check: (pin: string, hash: string) => Promise<boolean>) => new PinJudge(open(), check);

  it('kills: the busy check removed (an attempt while one is judged is refused at once, unhashed)', async () => {
    let release!: (ok: boolean) => void;
    let checks = 0;
    const j = judge(() => { checks++; return new Promise<boolean>((r) => { release = r; }); });
    const first = j.attempt('1234', HASH);
    expect(await j.attempt('1234', HASH)).toEqual({ ok: false, retryAfterMs: BUSY_RETRY_MS, reason: 'busy' });
    expect(checks).toBe(1);
    release(true);
    expect(await first).toEqual({ ok: true });
    // once judged, the next attempt is heard again
    const next = j.attempt('1234', HASH);
    release(true);
    expect(await next).toEqual({ ok: true });
    expect(checks).toBe(2);
  });

  it('kills: the lock check removed (a locked judge refuses even the right PIN, without hashing)', async () => {
    let checks = 0;
    const j = judge(async (pin) => { checks++; return pin === '1234'; });
    for (let i = 0; i < 4; i++) expect(await j.attempt('0000', HASH)).toEqual({ ok: false, reason: 'wrong' });
    expect(await j.attempt('0000', HASH)).toEqual({ ok: false, retryAfterMs: 1000, lockedMs: 1000, reason: 'wrong' });
    expect(await j.attempt('1234', HASH)).toEqual({ ok: false, retryAfterMs: 1000, reason: 'locked' });
    expect(checks).toBe(5);
    mono += 1000;
    expect(await j.attempt('1234', HASH)).toEqual({ ok: true });
  });

  it('kills: a right PIN not clearing the count (after 4 wrong and 1 right, 4 more wrong do not lock)', async () => {
    const j = judge(async (pin) => pin === '1234');
    for (let i = 0; i < 4; i++) expect(await j.attempt('0000', HASH)).toEqual({ ok: false, reason: 'wrong' });
    expect(await j.attempt('1234', HASH)).toEqual({ ok: true });
    for (let i = 0; i < 4; i++) expect(await j.attempt('0000', HASH)).toEqual({ ok: false, reason: 'wrong' });
    expect(await j.attempt('1234', HASH)).toEqual({ ok: true });
  });

  it('kills: the no-PIN check removed (a lost hash refuses every PIN and counts nothing)', async () => {
    let checks = 0;
    const j = judge(async () => { checks++; return true; });
    for (let i = 0; i < 6; i++) expect(await j.attempt('1234', undefined)).toEqual({ ok: false, reason: 'no-pin' });
    expect(checks).toBe(0);
    expect(existsSync(file) ? saved().failures : 0).toBe(0);
  });

  it('kills: a throwing check counted as right, or leaving the judge busy (it is a wrong PIN, and the next is heard)', async () => {
    let n = 0;
    const j = judge(async () => { n++; if (n === 1) throw new Error('scrypt failed'); return true; });
    expect(await j.attempt('1234', HASH)).toEqual({ ok: false, reason: 'wrong' });
    expect(await j.attempt('1234', HASH)).toEqual({ ok: true });
  });
});
