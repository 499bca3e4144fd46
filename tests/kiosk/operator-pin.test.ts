// The operator PIN's back-off and the operator session's idle timeout, through the real core's session API
// (main/kiosk/session.ts, main/settings/pin-throttle.ts). The clock is injected; nothing waits.
// Each test names the mutant it kills.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKioskCore, type KioskCore, type Session } from '../../main/kiosk/core.ts';

const BASE_LOCK = 1000;
let dir: string;
let now: number;
let core: KioskCore;
let session: Session;
const login = (pin: string) => session.handlers.operatorLogin({ pin });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-pin-'));
  now = Date.parse('2022-12-05T04:00:00Z');
  core = await createKioskCore({ dataDir: dir, shell: 'standalone', clock: () => now, pinLockBaseMs: BASE_LOCK, log: { info() {}, warn() {}, error() {} } });
  session = core.openSession();
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('PIN back-off', () => {
  it('kills: success() not resetting the failure count (after a correct PIN, four wrong PINs do not lock)', async () => {
    for (let i = 0; i < 4; i++) expect(await login('0000')).toEqual({ ok: false });
    expect((await login('1234')).ok).toBe(true);
    await session.handlers.operatorLogout({});
    for (let i = 0; i < 4; i++) expect(await login('0000')).toEqual({ ok: false });
    // not locked: the right PIN still opens
    expect((await login('1234')).ok).toBe(true);
    expect(core.state().operator.lockedForMs).toBeUndefined();
  });

  it('kills: the lock threshold moved (the 5th wrong PIN in a row locks, the 4th does not)', async () => {
    for (let i = 0; i < 4; i++) expect((await login('0000')).retryAfterMs).toBeUndefined();
    // the answer to the 5th names the length of the lock it started
    expect((await login('0000')).retryAfterMs).toBe(BASE_LOCK);
    expect(core.state().operator.lockedForMs).toBeGreaterThan(0);
    // locked: even the right PIN is refused
    const right = await login('1234');
    expect(right.ok).toBe(false);
    expect(right.retryAfterMs).toBeGreaterThan(0);
    expect(session.isOperator()).toBe(false);
  });

  it('kills: success() not resetting the lock count (the next lock after a success is the base length again)', async () => {
    // short locks that pass on the injected clock and on any real one (the test waits for the state to say so)
    await core.close();
    core = await createKioskCore({ dataDir: join(dir, 'short'), shell: 'standalone', clock: () => now, pinLockBaseMs: 20, log: { info() {}, warn() {}, error() {} } });
    session = core.openSession();
    const waitUnlocked = async (ms: number) => {
      now += ms;
      while (core.state().operator.lockedForMs) await new Promise((r) => setTimeout(r, 5));
    };
    const fiveWrong = async () => { let last; for (let i = 0; i < 5; i++) last = await login('0000'); return last!.retryAfterMs; };
    expect(await fiveWrong()).toBe(20);
    await waitUnlocked(20);
    expect(await fiveWrong()).toBe(40); // doubled
    await waitUnlocked(40);
    expect((await login('1234')).ok).toBe(true);
    expect(await fiveWrong()).toBe(20); // back to the base after a success
  });
});

describe('operator idle timeout (5 minutes without a request)', () => {
  it('kills: idle timeout removed or `>` -> `>=` (still operator at exactly 5 min idle, logged out 1 ms later)', async () => {
    expect((await login('1234')).ok).toBe(true);
    now += 5 * 60_000;
    expect(session.isOperator()).toBe(true);
    now += 5 * 60_000 + 1;
    expect(session.isOperator()).toBe(false);
    const st = await session.handlers.getState({});
    expect(st.operator.loggedIn).toBe(false);
    // logged out for good: time going on does not bring it back
    now += 1;
    expect(session.isOperator()).toBe(false);
  });

  it('kills: activity not refreshing the idle clock (a request every 4 minutes keeps the operator in)', async () => {
    expect((await login('1234')).ok).toBe(true);
    for (let i = 0; i < 5; i++) {
      now += 4 * 60_000;
      expect((await session.handlers.getState({})).operator.loggedIn).toBe(true);
    }
    now += 5 * 60_000 + 1;
    expect((await session.handlers.getState({})).operator.loggedIn).toBe(false);
  });

  it('kills: operator login shared between sessions (another screen is not logged in)', async () => {
    expect((await login('1234')).ok).toBe(true);
    const other = core.openSession();
    expect(other.isOperator()).toBe(false);
    expect(session.isOperator()).toBe(true);
  });
});
