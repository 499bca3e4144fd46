// Wrong PINs lock the operator screen for a growing delay. The state is on disk so a restart does not reset it.
// While the process lives a lock runs on the monotonic clock: a wall clock stepped back (NTP, a dead RTC
// battery) or forward neither stretches nor shortens it. After a restart only the wall clock is left, so the
// remaining time read back is capped at the lock's own length.
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic-write.ts';

export const ATTEMPTS_BEFORE_LOCK = 5;

interface ThrottleState {
  /** attempts counted since the last lock or success, including one being judged */
  failures: number;
  lockouts: number;
  /** wall-clock end of the current lock, for a restart only */
  lockedUntil: number;
  /** length of the current lock (caps what a restart reads back) */
  lockMs: number;
}

export class PinThrottle {
  private s: ThrottleState = { failures: 0, lockouts: 0, lockedUntil: 0, lockMs: 0 };
  /** monotonic end of the current lock */
  private until = 0;

  constructor(
    private readonly file: string,
    private readonly baseLockMs = 30_000,
    private readonly maxLockMs = 3_600_000,
    private readonly mono: () => number = () => performance.now(),
    private readonly wall: () => number = Date.now,
  ) {
    try {
      if (existsSync(file)) {
        const j = JSON.parse(readFileSync(file, 'utf8')) as Partial<ThrottleState>;
        const int = (v: unknown, max: number) => (Number.isSafeInteger(v) && (v as number) >= 0 ? Math.min(v as number, max) : 0);
        this.s = {
          failures: int(j.failures, ATTEMPTS_BEFORE_LOCK),
          lockouts: int(j.lockouts, 64),
          lockedUntil: Number.isFinite(j.lockedUntil) ? j.lockedUntil! : 0,
          // a file without a length (older kiosks) gets the longest lock as its cap
          lockMs: j.lockMs === undefined ? this.maxLockMs : int(j.lockMs, this.maxLockMs),
        };
        const left = Math.min(this.s.lockMs, Math.max(0, this.s.lockedUntil - this.wall()));
        this.until = left > 0 ? this.mono() + left : 0;
      }
    } catch { /* a broken throttle file must not lock the operator out for ever; start clean */ }
  }

  /** ms until the next attempt is allowed; 0 when allowed now. The wall clock plays no part. */
  retryAfter(): number {
    return Math.max(0, Math.ceil(this.until - this.mono()));
  }

  /** Counts an attempt before it is judged: killing the kiosk during the slow check does not erase it. */
  begin(): void {
    this.s.failures++;
    this.save();
  }

  success(): void {
    this.s = { failures: 0, lockouts: 0, lockedUntil: 0, lockMs: 0 };
    this.until = 0;
    this.save();
  }

  /** Records that the attempt begun was wrong; returns the lock in ms that it started (0 when none). */
  failure(): number {
    let lock = 0;
    if (this.s.failures >= ATTEMPTS_BEFORE_LOCK) {
      lock = Math.min(this.maxLockMs, this.baseLockMs * 2 ** this.s.lockouts);
      this.s.lockouts++;
      this.s.failures = 0;
      this.s.lockedUntil = this.wall() + lock;
      this.s.lockMs = lock;
      this.until = this.mono() + lock;
    }
    this.save();
    return lock;
  }

  private save(): void {
    try { writeFileAtomic(this.file, JSON.stringify(this.s)); } catch { /* read-only disk: keep it in memory */ }
  }
}
