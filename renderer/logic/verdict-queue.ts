// The order verdicts reach the screen. A refusal stays readable for at least REFUSAL_HOLD_MS: neither a tap nor
// the next scan removes it sooner; the next verdict waits its turn, in order. An admitting verdict may be replaced
// at once (the guard has already seen "let them in"). Pure, with the clock passed in, so that tests drive it.
import type { VerdictEvent } from '../../main/api/state.ts';
import { admits } from './outcomes.ts';

export const REFUSAL_HOLD_MS = 2000;
/** scans queued behind a held refusal; more than this and the oldest waiting ones give way (bounded memory) */
const MAX_PENDING = 20;

export interface VerdictQueue {
  current: VerdictEvent | null;
  /** when `current` went on screen (ms, the caller's clock) */
  shownAt: number;
  pending: VerdictEvent[];
}

export const EMPTY_QUEUE: VerdictQueue = { current: null, shownAt: 0, pending: [] };

function held(q: VerdictQueue, now: number): boolean {
  return q.current !== null && !admits(q.current.verdict.outcome) && now - q.shownAt < REFUSAL_HOLD_MS;
}

/** True while the current verdict may not leave the screen yet. */
export function isHeld(q: VerdictQueue, now: number): boolean {
  return held(q, now);
}

/** A new verdict arrived: shown now, or queued behind a refusal that is still held. */
export function arrive(q: VerdictQueue, ev: VerdictEvent, now: number): VerdictQueue {
  if (held(q, now) || q.pending.length > 0) {
    const pending = [...q.pending, ev];
    return { ...q, pending: pending.length > MAX_PENDING ? pending.slice(-MAX_PENDING) : pending };
  }
  return { current: ev, shownAt: now, pending: [] };
}

/** The hold is over (or there is nothing held): the next queued verdict goes on screen. */
export function advance(q: VerdictQueue, now: number): VerdictQueue {
  if (held(q, now) || q.pending.length === 0) return q;
  const [next, ...rest] = q.pending;
  return { current: next!, shownAt: now, pending: rest };
}

/** A tap, or the verdict's time is up: ignored while a refusal is held; else the next waiting verdict, or idle. */
export function dismiss(q: VerdictQueue, now: number): VerdictQueue {
  if (held(q, now)) return q;
  if (q.pending.length > 0) return advance({ ...q, current: null }, now);
  return EMPTY_QUEUE;
}

/** The current verdict is on screen now (committed): its hold counts from here, not from its arrival. */
export function markShown(q: VerdictQueue, seq: number, now: number): VerdictQueue {
  return q.current?.seq === seq ? { ...q, shownAt: now } : q;
}

/** ms from now until the current verdict may give way (0 when it already may). */
export function holdLeft(q: VerdictQueue, now: number): number {
  return held(q, now) ? REFUSAL_HOLD_MS - (now - q.shownAt) : 0;
}
