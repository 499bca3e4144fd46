// Wrong PINs lock the operator screen for a growing delay. The state is on disk so a restart does not reset it.
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic-write.ts';

export const ATTEMPTS_BEFORE_LOCK = 5;

interface ThrottleState { failures: number; lockouts: number; lockedUntil: number }

export class PinThrottle {
  private s: ThrottleState = { failures: 0, lockouts: 0, lockedUntil: 0 };

  constructor(private readonly file: string, private readonly baseLockMs = 30_000, private readonly maxLockMs = 3_600_000) {
    try {
      if (existsSync(file)) {
        const j = JSON.parse(readFileSync(file, 'utf8')) as Partial<ThrottleState>;
        this.s = {
          failures: Number.isSafeInteger(j.failures) ? j.failures! : 0,
          lockouts: Number.isSafeInteger(j.lockouts) ? j.lockouts! : 0,
          lockedUntil: Number.isFinite(j.lockedUntil) ? j.lockedUntil! : 0,
        };
      }
    } catch { /* a broken throttle file must not lock the operator out for ever; start clean */ }
  }

  /** ms until the next attempt is allowed; 0 when allowed now */
  retryAfter(now: number): number {
    // clamped: if the clock steps back (NTP), a lock must not stretch past its longest length
    return Math.min(this.maxLockMs, Math.max(0, this.s.lockedUntil - now));
  }

  success(): void {
    this.s = { failures: 0, lockouts: 0, lockedUntil: 0 };
    this.save();
  }

  /** Records a wrong PIN; returns the lock in ms that it started (0 when none). */
  failure(now: number): number {
    this.s.failures++;
    let lock = 0;
    if (this.s.failures >= ATTEMPTS_BEFORE_LOCK) {
      lock = Math.min(this.maxLockMs, this.baseLockMs * 2 ** this.s.lockouts);
      this.s.lockouts++;
      this.s.failures = 0;
      this.s.lockedUntil = now + lock;
    }
    this.save();
    return lock;
  }

  private save(): void {
    try { writeFileAtomic(this.file, JSON.stringify(this.s)); } catch { /* read-only disk: keep it in memory */ }
  }
}
