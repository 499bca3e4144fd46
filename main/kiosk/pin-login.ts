// The one judge of operator PINs for the whole kiosk (every screen and connection shares it). Attempts are
// judged one at a time: an attempt arriving while another is being checked, or while a lock holds, is refused
// without hashing. Each attempt is counted before the slow scrypt check, so a burst of parallel guesses earns its
// lock after five and nothing in flight escapes it.
import { checkPin } from '../settings/pin-hash.ts';
import type { PinThrottle } from '../settings/pin-throttle.ts';

/** What a refused attempt is told to wait while another one is being judged (a check takes ~100 ms). */
export const BUSY_RETRY_MS = 1000;

export type PinVerdict =
  | { ok: true }
  | { ok: false; retryAfterMs?: number; lockedMs?: number; reason: 'busy' | 'locked' | 'wrong' | 'no-pin' };

export class PinJudge {
  private judging = false;

  constructor(private readonly throttle: PinThrottle, private readonly check: (pin: string, hash: string) => Promise<boolean> = checkPin) {}

  /** `hash` undefined: the PIN hash was lost; nobody can log in until `kiosk reset-pin` sets one. */
  async attempt(pin: string, hash: string | undefined): Promise<PinVerdict> {
    if (this.judging) return { ok: false, retryAfterMs: BUSY_RETRY_MS, reason: 'busy' };
    const wait = this.throttle.retryAfter();
    if (wait > 0) return { ok: false, retryAfterMs: wait, reason: 'locked' };
    if (!hash) return { ok: false, reason: 'no-pin' };
    this.judging = true;
    try {
      this.throttle.begin();
      let ok = false;
      try {
        ok = await this.check(pin, hash);
      } catch {
        ok = false;
      }
      if (ok) {
        this.throttle.success();
        return { ok: true };
      }
      const lock = this.throttle.failure();
      return lock ? { ok: false, retryAfterMs: lock, lockedMs: lock, reason: 'wrong' } : { ok: false, reason: 'wrong' };
    } finally {
      this.judging = false;
    }
  }
}
