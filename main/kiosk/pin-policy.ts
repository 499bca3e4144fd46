// Changing the operator PIN: the current PIN first (throttled like a login), the new one twice, and no PIN a
// passer-by would guess (the demo PIN, one digit repeated, a run up or down the keypad).
import type { Result } from '../api/contract.ts';
import { hashPin } from '../settings/pin-hash.ts';
import type { CoreContext } from './core-context.ts';

export type PinProblem = NonNullable<Result<'changePin'>['problem']>;

/** Why a new PIN is refused, before any hashing; null when it may be used. */
export function newPinProblem(pin: string, confirm: string, demoPin: string): PinProblem | null {
  if (!/^[0-9]{4,12}$/.test(pin)) return 'format';
  if (pin !== confirm) return 'mismatch';
  if (pin === demoPin) return 'demo';
  if (/^(\d)\1*$/.test(pin)) return 'same-digits';
  const steps = new Set<number>();
  for (let i = 1; i < pin.length; i++) steps.add((pin.charCodeAt(i) - pin.charCodeAt(i - 1) + 10) % 10);
  // 1234, 4567, 7890 (0 follows 9 on the keypad row) and 9876, 3210
  if (steps.size === 1 && (steps.has(1) || steps.has(9))) return 'sequence';
  return null;
}

export async function changeOperatorPin(
  k: CoreContext,
  p: { current: string; pin: string; confirm: string },
): Promise<Result<'changePin'>> {
  // the current PIN is judged by the kiosk's one PIN judge: a PIN change is no side door for parallel guesses
  const judged = await k.pinJudge.attempt(p.current, k.config.pinHash);
  if (!judged.ok) {
    if (judged.reason === 'wrong') k.log.warn('PIN change refused: wrong current PIN');
    const problem = judged.reason === 'wrong' ? 'wrong-current' : 'locked';
    return judged.retryAfterMs ? { ok: false, problem, retryAfterMs: judged.retryAfterMs } : { ok: false, problem };
  }
  const problem = newPinProblem(p.pin, p.confirm, k.demoPin.pin);
  if (problem) return { ok: false, problem };
  if (p.pin === p.current) return { ok: false, problem: 'unchanged' };
  const before = k.config;
  k.config = { ...k.config, pinHash: await hashPin(p.pin) };
  if (!k.saveConfig()) {
    // the old PIN stays the one that works after a restart: keep using it now too
    k.config = before;
    return { ok: false, problem: 'save-failed' };
  }
  k.demoPin.inUse = false;
  k.log.info('operator PIN changed');
  k.pushState();
  return { ok: true };
}
