// CertLogic (main/verify/rules/certlogic.ts) edge cases the conformance suite does not pin down: zone offsets in
// every written form, anchoring, fractional seconds, `!` and `in`, partial dates of birth, 3-operand comparisons,
// truthiness of objects and non-integers. Expected instants come from Date.parse of the equivalent ISO text.
// Each test names the mutant it kills.
import { describe, expect, it } from 'vitest';
import { CertLogicDateTime, CertLogicError, evaluate, extractFromUVCI, parseDateTime, plusTime } from '../../main/verify/rules/certlogic.ts';

const ms = (s: string) => parseDateTime(s).ms;
const at = (iso: string) => Date.parse(iso);
const throws = (expr: unknown, data: unknown = {}) => expect(() => evaluate(expr, data)).toThrow(CertLogicError);

describe('CertLogic date-times', () => {
  it('kills: offset sign ignored (negative zone offsets move the instant later)', () => {
    expect(ms('2021-06-01T10:00:00-05:00')).toBe(at('2021-06-01T15:00:00Z'));
    expect(ms('2021-06-01T10:00:00+05:00')).toBe(at('2021-06-01T05:00:00Z'));
  });

  it('kills: offset minutes dropped (+05:30, -09:30, +0545)', () => {
    expect(ms('2021-06-01T10:00:00+05:30')).toBe(at('2021-06-01T04:30:00Z'));
    expect(ms('2021-06-01T10:00:00-09:30')).toBe(at('2021-06-01T19:30:00Z'));
    expect(ms('2021-06-01T10:00:00+0545')).toBe(at('2021-06-01T04:15:00Z'));
  });

  it('kills: compact offsets misread (+0800, +08, +8 all mean eight hours)', () => {
    const want = at('2021-06-01T02:00:00Z');
    expect(ms('2021-06-01T10:00:00+0800')).toBe(want);
    expect(ms('2021-06-01T10:00:00+08:00')).toBe(want);
    expect(ms('2021-06-01T10:00:00+08')).toBe(want);
    expect(ms('2021-06-01T10:00:00+8')).toBe(want);
    expect(ms('2021-06-01T10:00:00Z')).toBe(at('2021-06-01T10:00:00Z'));
    // no zone: UTC
    expect(ms('2021-06-01T10:00:00')).toBe(at('2021-06-01T10:00:00Z'));
  });

  it('kills: the date-time pattern unanchored (text before or after a date-time is refused)', () => {
    for (const s of ['x2021-06-01', '2021-06-01x', '2021-06-01T10:00:00Zjunk', ' 2021-06-01', '2021-06-01T10:00:00+08:00:00', '2021-6-01', '2021-06-01T10:00Z']) {
      expect(() => parseDateTime(s), s).toThrow(CertLogicError);
    }
  });

  it('kills: fractional seconds misread (one digit is tenths; beyond 3 digits dropped, not rounded)', () => {
    expect(ms('2021-06-01T10:00:00.5Z')).toBe(at('2021-06-01T10:00:00.500Z'));
    expect(ms('2021-06-01T10:00:00.12Z')).toBe(at('2021-06-01T10:00:00.120Z'));
    expect(ms('2021-06-01T10:00:00.123Z')).toBe(at('2021-06-01T10:00:00.123Z'));
    expect(ms('2021-06-01T10:00:00.1239999Z')).toBe(at('2021-06-01T10:00:00.123Z'));
  });

  it('kills: date-only and partial forms misread (YYYY-MM-DD is midnight UTC; YYYY and YYYY-MM the last day)', () => {
    expect(ms('2021-06-01')).toBe(at('2021-06-01T00:00:00Z'));
    expect(ms('2020-02')).toBe(at('2020-02-29T00:00:00Z'));
    expect(ms('2021-02')).toBe(at('2021-02-28T00:00:00Z'));
    expect(ms('2021')).toBe(at('2021-12-31T00:00:00Z'));
  });

  it('kills: plusTime units swapped or sign flipped (year, month, day, hour; negative amounts)', () => {
    expect(plusTime('2021-06-15', 1, 'year').ms).toBe(at('2022-06-15T00:00:00Z'));
    expect(plusTime('2021-06-15', -2, 'month').ms).toBe(at('2021-04-15T00:00:00Z'));
    expect(plusTime('2021-06-15', 20, 'day').ms).toBe(at('2021-07-05T00:00:00Z'));
    expect(plusTime('2021-06-15T10:00:00Z', -11, 'hour').ms).toBe(at('2021-06-14T23:00:00Z'));
    const e = evaluate({ plusTime: ['2021-06-15T10:00:00+08:00', 0, 'day'] }, {});
    expect(e).toBeInstanceOf(CertLogicDateTime);
    expect((e as CertLogicDateTime).toISOString()).toBe('2021-06-15T02:00:00.000Z');
    throws({ plusTime: ['2021-06-15', 1, 'week'] });
    throws({ plusTime: ['2021-06-15', 1.5, 'day'] });
    throws({ plusTime: [5, 1, 'day'] });
  });

  it('kills: dccDateOfBirth format check loosened (YYYY, YYYY-MM, YYYY-MM-DD only; the last consistent day)', () => {
    const dob = (s: string) => (evaluate({ dccDateOfBirth: [s] }, {}) as CertLogicDateTime).ms;
    expect(dob('1985-03-15')).toBe(at('1985-03-15T00:00:00Z'));
    expect(dob('1985-03')).toBe(at('1985-03-31T00:00:00Z'));
    expect(dob('1985')).toBe(at('1985-12-31T00:00:00Z'));
    for (const bad of ['1985-03-15T00:00:00Z', '85-03-15', '1985-3', '1985-03-15 ', 'x1985']) throws({ dccDateOfBirth: [bad] });
    throws({ dccDateOfBirth: [{ var: 'missing' }] });
  });

  it('kills: date-time comparisons swapped or accepting non-dates', () => {
    const a = { plusTime: ['2021-06-01', 0, 'day'] };
    const b = { plusTime: ['2021-06-02', 0, 'day'] };
    expect(evaluate({ before: [a, b] }, {})).toBe(true);
    expect(evaluate({ before: [b, a] }, {})).toBe(false);
    expect(evaluate({ after: [b, a] }, {})).toBe(true);
    expect(evaluate({ 'not-after': [a, a] }, {})).toBe(true);
    expect(evaluate({ 'not-before': [a, b] }, {})).toBe(false);
    expect(evaluate({ before: [a, b, { plusTime: ['2021-06-03', 0, 'day'] }] }, {})).toBe(true);
    expect(evaluate({ before: [a, b, a] }, {})).toBe(false);
    throws({ before: [a, '2021-06-02'] });
    throws({ before: [a] });
  });
});

describe('CertLogic operators', () => {
  it('kills: `!` of a non-empty array (false) / of an empty one (true) swapped', () => {
    expect(evaluate({ '!': [[1]] }, {})).toBe(false);
    expect(evaluate({ '!': [[[]]] }, {})).toBe(false); // the operand is the array [[]]: non-empty
    expect(evaluate({ '!': [{ var: 'list' }] }, { list: [] })).toBe(true);
    expect(evaluate({ '!': [{ var: 'list' }] }, { list: ['a'] })).toBe(false);
    expect(evaluate({ '!': [{ var: 'o' }] }, { o: {} })).toBe(true);
    expect(evaluate({ '!': [{ var: 'o' }] }, { o: { k: 1 } })).toBe(false);
    throws({ '!': [{ var: 'x' }] }, { x: 1.5 }); // a non-integer is neither truthy nor falsy
  });

  it('kills: `in` on a string accepted (the right-hand side must be an array)', () => {
    throws({ in: ['a', 'abc'] });
    throws({ in: ['a', { var: 's' }] }, { s: 'abc' });
    expect(evaluate({ in: ['b', ['a', 'b']] }, {})).toBe(true);
    expect(evaluate({ in: ['c', ['a', 'b']] }, {})).toBe(false);
  });

  it('kills: integer comparisons with 3 operands (between) or wrong operators', () => {
    expect(evaluate({ '<': [1, 2, 3] }, {})).toBe(true);
    expect(evaluate({ '<': [1, 3, 2] }, {})).toBe(false);
    expect(evaluate({ '<=': [2, 2, 2] }, {})).toBe(true);
    expect(evaluate({ '<': [2, 2] }, {})).toBe(false);
    expect(evaluate({ '>=': [2, 2] }, {})).toBe(true);
    expect(evaluate({ '>': [3, 2] }, {})).toBe(true);
    throws({ '<': [1, '2'] });
    throws({ '<': [1, 2, 3, 4] });
    expect(evaluate({ '+': [2, 3] }, {})).toBe(5);
    throws({ '+': [2, '3'] });
    expect(evaluate({ '===': [{ var: 'a' }, 1] }, { a: 1 })).toBe(true);
    expect(evaluate({ '===': [{ var: 'a' }, '1'] }, { a: 1 })).toBe(false);
  });

  it('kills: truthiness of objects and non-integers changed (if-guard and and)', () => {
    expect(evaluate({ if: [{ var: 'o' }, 'then', 'else'] }, { o: {} })).toBe('else');
    expect(evaluate({ if: [{ var: 'o' }, 'then', 'else'] }, { o: { k: 1 } })).toBe('then');
    expect(evaluate({ if: [{ var: 's' }, 'then', 'else'] }, { s: '' })).toBe('else');
    expect(evaluate({ if: [{ var: 'n' }, 'then', 'else'] }, { n: 0 })).toBe('else');
    expect(evaluate({ if: [{ var: 'n' }, 'then', 'else'] }, { n: 7 })).toBe('then');
    throws({ if: [{ var: 'x' }, 'then', 'else'] }, { x: 1.5 });
    throws({ and: [{ var: 'x' }, true] }, { x: 1.5 });
    expect(evaluate({ and: [true, { var: 'x' }] }, { x: 0 })).toBe(0);
    expect(evaluate({ and: [false, { var: 'never' }] }, {})).toBe(false);
    throws({ if: [true, 'then'] });
  });

  it('kills: var paths (array index, missing fragments, the whole context)', () => {
    expect(evaluate({ var: 'a.1' }, { a: [10, 20] })).toBe(20);
    expect(evaluate({ var: 'a.x' }, { a: [10, 20] })).toBe(null);
    expect(evaluate({ var: 'a.b.c' }, { a: null })).toBe(null);
    expect(evaluate({ var: 'toString' }, {})).toBe(null); // no prototype lookups
    expect(evaluate({ var: '' }, { a: 1 })).toEqual({ a: 1 });
  });

  it('kills: reduce and extractFromUVCI edge cases', () => {
    expect(evaluate({ reduce: [{ var: 'xs' }, { '+': [{ var: 'accumulator' }, { var: 'current' }] }, 0] }, { xs: [1, 2, 3] })).toBe(6);
    expect(evaluate({ reduce: [{ var: 'none' }, { '+': [{ var: 'accumulator' }, 1] }, 4] }, {})).toBe(4);
    throws({ reduce: [{ var: 's' }, 1, 0] }, { s: 'abc' });
    expect(extractFromUVCI('URN:UVCI:01:AT:10807843F94AEE0EE5093FBC254BD813#B', 1)).toBe('AT');
    expect(extractFromUVCI('01:AT:XYZ', 0)).toBe('01');
    expect(extractFromUVCI('01:AT:XYZ', 3)).toBe(null);
    expect(extractFromUVCI('01:AT:XYZ', -1)).toBe(null);
    expect(extractFromUVCI(null, 0)).toBe(null);
    expect(evaluate({ extractFromUVCI: [{ var: 'u' }, 2] }, { u: 'URN:UVCI:01/DE/ABC#X' })).toBe('ABC');
  });
});
