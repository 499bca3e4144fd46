// Clock jumps (an NTP step, a dead RTC battery corrected after boot): no crash, every scan counted in the hour
// the clock said at the time, and the repeat-scan window neither swallows scans after a backward step nor
// forgets its job afterwards. The operator lock must not outlive its maximum because the clock stepped back.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PinThrottle } from '../../main/settings/pin-throttle.ts';
import { makeVac } from '../fixtures/hk/sign.ts';
import { Clock, HOUR, hourlyRows, localHour, NOON_HK, openCore, tempDataDir, total } from './helpers.ts';

let data: ReturnType<typeof tempDataDir>;
beforeEach(() => { data = tempDataDir(); });
afterEach(() => data.cleanup());

const DAY = 24 * HOUR;

describe('clock jumps', () => {
  it('counts each scan in the hour the clock showed, across steps back and forward', async () => {
    const clock = new Clock(NOON_HK);
    const core = await openCore(data.dir, clock);
    const vac = makeVac();
    const at: number[] = [];
    const scan = async () => {
      at.push(clock.now());
      return (await core.submitScan({ text: vac, source: 'serial', deviceId: 's', at: clock.now() })).verdict;
    };

    expect((await scan()).outcome).toBe('valid');
    clock.jump(-2 * HOUR); // NTP steps back two hours
    expect((await scan()).outcome).toBe('valid'); // same pass: not a repeat, its last scan is "in the future"
    clock.jump(2 * DAY); // and then two days forward
    expect((await scan()).outcome).toBe('valid');
    clock.jump(-365 * DAY); // a year back: the default profile pins the final stage "whatever the date" (docs/rules.md)
    const old = await scan();
    expect(old.outcome).toBe('valid');
    expect(old.ruleSet).toBe('hk-2022-11-30');
    await core.close();

    const rows = hourlyRows(data.dir);
    expect(total(rows)).toBe(4);
    for (const t of at) expect(total(rows, (r) => r.period === localHour(t))).toBeGreaterThanOrEqual(1);
    expect(new Set(rows.map((r) => r.period))).toEqual(new Set(at.map(localHour)));
  });

  it('under the by-date profile, a step back before the Vaccine Pass makes the same pass not-applicable', async () => {
    const clock = new Clock(NOON_HK);
    const core = await openCore(data.dir, clock);
    await core.openSession().handlers.setSettings({ patch: { ruleProfile: 'by-date' } });
    const vac = makeVac();
    const scan = async () => (await core.submitScan({ text: vac, source: 'serial', deviceId: 's', at: clock.now() })).verdict;
    expect((await scan()).outcome).toBe('valid');
    clock.jump(-365 * DAY); // 2021-12-05: no Vaccine Pass yet
    const old = await scan();
    expect(old.outcome).toBe('not-applicable');
    expect(old.reasons).toEqual(['vaccine-pass-not-in-force']);
    clock.jump(365 * DAY);
    expect((await scan()).outcome).toBe('valid');
    await core.close();
  });

  it('still counts a repeat once within the window after a backward step, and again after the window', async () => {
    const clock = new Clock(NOON_HK);
    const core = await openCore(data.dir, clock);
    const vac = makeVac();
    const scan = () => core.submitScan({ text: vac, source: 'serial', deviceId: 's', at: clock.now() });
    await scan();
    clock.jump(-HOUR);
    await scan(); // counted: a step back must not make the earlier scan hide this one for an hour
    clock.jump(5_000);
    await scan(); // a genuine repeat 5 s later: counted once only
    clock.jump(31_000);
    await scan(); // past the 30 s window: counted
    await core.close();
    const rows = hourlyRows(data.dir);
    expect(total(rows, (r) => r.period === localHour(NOON_HK))).toBe(1);
    expect(total(rows, (r) => r.period === localHour(NOON_HK - HOUR))).toBe(2);
  });

  it('shows an invalid clock as such instead of crashing', async () => {
    const clock = new Clock(NaN);
    const core = await openCore(data.dir, clock);
    const ev = await core.submitScan({ text: makeVac(), source: 'serial', deviceId: 's', at: clock.now() });
    expect(ev.verdict.outcome).toBe('unreadable');
    expect(core.state().ready).toBe(true);
    await core.close();
  });

  // An operator lock runs on the monotonic clock while the kiosk runs: the wall clock stepping back a day must not
  // stretch a 1 s lock into a day, nor a step forward cut a lock short.
  it('an operator lock lasts its own length whatever the wall clock does', () => {
    let mono = 0;
    const wall = new Clock(NOON_HK);
    const t = new PinThrottle(join(data.dir, 'operator-lock.json'), 1000, 60_000, () => mono, wall.now);
    for (let i = 0; i < 5; i++) { t.begin(); t.failure(); }
    expect(t.retryAfter()).toBe(1000);
    wall.jump(-DAY);
    expect(t.retryAfter()).toBe(1000);
    wall.jump(2 * DAY); // a day forward: still locked
    mono += 400;
    expect(t.retryAfter()).toBe(600);
    mono += 600;
    expect(t.retryAfter()).toBe(0);
  });

  it('after a restart, a saved lock is capped at its own length even when the clock stepped back', () => {
    const wall = new Clock(NOON_HK);
    const file = join(data.dir, 'operator-lock.json');
    const t = new PinThrottle(file, 1000, 60_000, () => 0, wall.now);
    for (let i = 0; i < 5; i++) { t.begin(); t.failure(); }
    wall.jump(-DAY); // the kiosk restarts with the clock a day behind
    const again = new PinThrottle(file, 1000, 60_000, () => 5000, wall.now);
    expect(again.retryAfter()).toBeGreaterThan(0);
    expect(again.retryAfter()).toBeLessThanOrEqual(1000);
  });

  it('the kiosk lets the operator try again once the lock has really passed, though its clock stepped back a day', async () => {
    const clock = new Clock(NOON_HK);
    const core = await openCore(data.dir, clock, { pinLockBaseMs: 1000 });
    const s = core.openSession();
    for (let i = 0; i < 5; i++) await s.handlers.operatorLogin({ pin: '0000' });
    expect(core.state().operator.lockedForMs).toBeGreaterThan(0);
    clock.jump(-DAY);
    let seen = 0;
    for (;;) {
      const left = core.state().operator.lockedForMs ?? 0;
      seen = Math.max(seen, left);
      if (left === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen).toBeLessThanOrEqual(1000);
    expect(await s.handlers.operatorLogin({ pin: '1234' })).toEqual({ ok: true });
    await core.close();
  });
});
