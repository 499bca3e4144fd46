// The contract's checker: requests refused before the core sees them, results and events checked on the way out.
import { describe, expect, it, vi } from 'vitest';
import { decodeEvent, decodeResult, dispatch, encodeEvent, type Handlers } from '../../main/api/dispatch.ts';

function handlers(over: Partial<Record<keyof Handlers, unknown>> = {}): Handlers {
  const base = new Proxy({}, { get: (_t, p) => vi.fn(async () => { throw new Error(`unexpected call ${String(p)}`); }) });
  return Object.assign(Object.create(base), over) as Handlers;
}
const visitor = { isOperator: () => false };
const operator = { isOperator: () => true };

describe('dispatch', () => {
  it('refuses a malformed envelope', async () => {
    for (const raw of [null, 42, 'x', [], { id: 'a', method: 'getState' }, { id: 1 }, { id: 1, method: 'getState', params: {}, extra: 1 }]) {
      const r = await dispatch(raw, handlers(), visitor);
      expect(r.ok, JSON.stringify(raw)).toBe(false);
    }
  });

  it('refuses invalid params without calling the handler', async () => {
    const submitScan = vi.fn();
    const r = await dispatch({ id: 3, method: 'submitScan', params: { text: 5, source: 'camera' } }, handlers({ submitScan }), visitor);
    expect(r).toMatchObject({ id: 3, ok: false, error: { code: 'bad-request' } });
    expect(submitScan).not.toHaveBeenCalled();
  });

  it('refuses inherited and unknown method names', async () => {
    for (const method of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'deleteEverything']) {
      const r = await dispatch({ id: 1, method, params: {} }, handlers(), visitor);
      expect(r, method).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    }
  });

  it('keeps operator-only methods from a visitor', async () => {
    const exportStats = vi.fn(async () => ({ csv: 'period,outcome\n' }));
    expect(await dispatch({ id: 1, method: 'exportStats', params: { granularity: 'day' } }, handlers({ exportStats }), visitor))
      .toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(exportStats).not.toHaveBeenCalled();
    expect(await dispatch({ id: 2, method: 'exportStats', params: { granularity: 'day' } }, handlers({ exportStats }), operator))
      .toMatchObject({ ok: true, result: { csv: 'period,outcome\n' } });
  });

  it('does not send a result that breaks its own schema', async () => {
    const operatorLogout = vi.fn(async () => ({ ok: 'yes' }));
    const r = await dispatch({ id: 1, method: 'operatorLogout', params: {} }, handlers({ operatorLogout }), visitor);
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('turns a throwing handler into an error response', async () => {
    const groupStart = vi.fn(async () => { throw new Error('boom'); });
    const r = await dispatch({ id: 9, method: 'groupStart', params: {} }, handlers({ groupStart }), visitor);
    expect(r).toMatchObject({ id: 9, ok: false, error: { code: 'internal', message: 'boom' } });
  });
});

describe('events and client-side decoding', () => {
  it('refuses to encode a malformed event', () => {
    expect(() => encodeEvent('devices', [{ id: 'x' }] as never)).toThrow(/failed its schema/);
    expect(encodeEvent('devices', [])).toEqual({ event: 'devices', data: [] });
  });
  it('drops malformed incoming events', () => {
    expect(decodeEvent({ event: 'verdict', data: { seq: 1 } })).toBeNull();
    expect(decodeEvent({ event: 'nope', data: {} })).toBeNull();
    expect(decodeEvent('x')).toBeNull();
    expect(decodeEvent({ event: 'devices', data: [] })).toEqual({ event: 'devices', data: [] });
  });
  it('throws on a malformed or failed response', () => {
    expect(() => decodeResult('operatorLogout', { id: 1, ok: true, result: { ok: 3 } })).toThrow(/schema/);
    expect(() => decodeResult('operatorLogout', { id: 1, ok: false, error: { code: 'forbidden', message: 'no' } })).toThrow(/forbidden/);
    expect(decodeResult('operatorLogout', { id: 1, ok: true, result: { ok: true } })).toEqual({ ok: true });
  });
});
