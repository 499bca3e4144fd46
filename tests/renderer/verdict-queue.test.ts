// The verdict queue: a refusal stays for at least 2 s whatever taps or scans arrive; later verdicts follow in order;
// an admitting verdict gives way at once. The clock is passed in, so these are exact, not timed.
import { describe, expect, it } from 'vitest';
import type { VerdictEvent } from '../../main/api/state.ts';
import { EMPTY_QUEUE, REFUSAL_HOLD_MS, advance, arrive, dismiss, holdLeft, isHeld } from '../../renderer/logic/verdict-queue.ts';

let seq = 0;
const ev = (outcome: VerdictEvent['verdict']['outcome']): VerdictEvent => ({
  seq: ++seq, source: 'manual', deviceId: 't', at: 0,
  verdict: { outcome, credential: 'hk-vac', reasons: [], stages: {}, display: {}, demo: false },
});

describe('verdict queue', () => {
  it('the hold is 2 s', () => expect(REFUSAL_HOLD_MS).toBeGreaterThanOrEqual(2000));

  it('a tap during the hold does nothing; after it, it dismisses', () => {
    const q = arrive(EMPTY_QUEUE, ev('invalid'), 1000);
    expect(dismiss(q, 1000 + REFUSAL_HOLD_MS - 1)).toBe(q);
    expect(isHeld(q, 1000 + REFUSAL_HOLD_MS - 1)).toBe(true);
    expect(dismiss(q, 1000 + REFUSAL_HOLD_MS).current).toBeNull();
  });

  it('the next scan waits behind a held refusal, in order, and each refusal gets its own hold', () => {
    const refusal = ev('invalid');
    const a = ev('valid');
    const b = ev('unreadable');
    let q = arrive(EMPTY_QUEUE, refusal, 0);
    q = arrive(q, a, 100);
    q = arrive(q, b, 200);
    expect(q.current).toBe(refusal);
    expect(q.pending).toEqual([a, b]);
    expect(advance(q, REFUSAL_HOLD_MS - 1)).toBe(q);
    expect(holdLeft(q, 500)).toBe(REFUSAL_HOLD_MS - 500);
    q = advance(q, REFUSAL_HOLD_MS);
    expect(q.current).toBe(a);
    // an admitting verdict gives way at once to the next waiting one
    q = advance(q, REFUSAL_HOLD_MS);
    expect(q.current).toBe(b);
    expect(isHeld(q, REFUSAL_HOLD_MS + 1)).toBe(true);
    expect(dismiss(q, REFUSAL_HOLD_MS + 1)).toBe(q);
  });

  it('an admitting verdict is replaced by the next scan at once', () => {
    const first = ev('valid');
    const second = ev('amber');
    const q = arrive(arrive(EMPTY_QUEUE, first, 0), second, 1);
    expect(q.current).toBe(second);
    expect(q.pending).toEqual([]);
  });

  it('a refusal whose hold is over is replaced at once too', () => {
    const q = arrive(arrive(EMPTY_QUEUE, ev('red'), 0), ev('valid'), REFUSAL_HOLD_MS);
    expect(q.current?.verdict.outcome).toBe('valid');
  });

  it('stays bounded under a flood of scans, keeping the latest', () => {
    let q = arrive(EMPTY_QUEUE, ev('invalid'), 0);
    let last: VerdictEvent | undefined;
    for (let i = 0; i < 500; i++) q = arrive(q, (last = ev('valid')), 1);
    expect(q.pending.length).toBeLessThanOrEqual(20);
    expect(q.pending[q.pending.length - 1]).toBe(last);
  });
});
