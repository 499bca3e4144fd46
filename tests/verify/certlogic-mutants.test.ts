// Mutation-testing kills for main/verify/rules/certlogic.ts beyond the conformance suite (certlogic.test.ts) and the
// edge cases (certlogic-edges.test.ts). Expected values come from the CertLogic spec 1.3.3
// (../shared/testdata/certlogic/README.md) or a hand calculation (Date.parse of the equivalent ISO text, counting
// evaluation steps and nesting depth by hand), never from the evaluator's own output.
// Each test names the mutant it kills.
import { describe, expect, it, vi } from 'vitest';
import { CertLogicDateTime, CertLogicError, evaluate, extractFromUVCI, parseDateTime } from '../../main/verify/rules/certlogic.ts';

const at = (iso: string) => Date.parse(iso);
/** the CertLogicError an expression throws (fails the test when it does not throw one) */
function errorOf(expr: unknown, data: unknown = {}, opts = {}): CertLogicError {
  try {
    evaluate(expr, data, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(CertLogicError);
    return e as CertLogicError;
  }
  throw new Error(`no error for ${JSON.stringify(expr)}`);
}

// The date-time pattern, the time units and the operator sets are module-level values, evaluated once when
// certlogic.ts is imported: a mutant of one of them is only live in a fresh evaluation of the module, so these tests
// import a fresh copy each time (vi.resetModules), which kills Stryker's "static" mutants. A fresh copy also has an
// empty parse cache, so every string below is really parsed.
describe('certlogic.ts: module-level pattern, units and operators (fresh import)', () => {
  const fresh = async () => { vi.resetModules(); return import('../../main/verify/rules/certlogic.ts'); };

  it('kills: the date-time pattern loosened, negated or a part made required (every format of the spec parses to its instant)', async () => {
    const f = await fresh();
    // the spec's list of allowed formats (plusTime), each with the instant it names, written out as ISO by hand
    const allowed: [string, string][] = [
      ['2021-06-01', '2021-06-01T00:00:00.000Z'],
      ['2021-06-01T10:20:30', '2021-06-01T10:20:30.000Z'],
      ['2021-06-01T10:20:30Z', '2021-06-01T10:20:30.000Z'],
      ['2021-06-01T10:20:30+8', '2021-06-01T02:20:30.000Z'],
      ['2021-06-01T10:20:30-08', '2021-06-01T18:20:30.000Z'],
      ['2021-06-01T10:20:30+830', '2021-06-01T01:50:30.000Z'],
      ['2021-06-01T10:20:30-0830', '2021-06-01T18:50:30.000Z'],
      ['2021-06-01T10:20:30+8:30', '2021-06-01T01:50:30.000Z'],
      ['2021-06-01T10:20:30+08:30', '2021-06-01T01:50:30.000Z'],
      ['2021-06-01T10:20:30+008', '2021-06-01T10:12:30.000Z'],
      ['2021-06-01T10:20:30.4', '2021-06-01T10:20:30.400Z'],
      ['2021-06-01T10:20:30.45Z', '2021-06-01T10:20:30.450Z'],
      ['2021-06-01T10:20:30.456-1', '2021-06-01T11:20:30.456Z'],
      ['2021-06-01T10:20:30.4567+01', '2021-06-01T09:20:30.456Z'],
      ['2021-06-01T10:20:30.4+100', '2021-06-01T09:20:30.400Z'],
      ['2021-06-01T10:20:30.4-0100', '2021-06-01T11:20:30.400Z'],
      ['2021-06-01T10:20:30.4+1:00', '2021-06-01T09:20:30.400Z'],
      ['2021-06-01T10:20:30.4-01:00', '2021-06-01T11:20:30.400Z'],
    ];
    for (const [text, iso] of allowed) expect(f.parseDateTime(text).ms, text).toBe(at(iso));
    // anything else is refused: text around a date-time, missing or extra digits, a zone that is no zone
    const refused = [
      'x2021-06-01', '2021-06-01x', '2021-06-01T10:20:30Zx', '12021-06-01', '2021-006-01', '2021-06-001',
      '2021-06-01T1:20:30', '2021-06-01T10:2:30', '2021-06-01T10:20:3', '2021-06-01T10:20:30.', '2021-06-01T10:20:30.x',
      '2021-06-01T10:20:30*08', '2021-06-01T10:20:30+00008', '2021-06-01T10:20:30+08:3', '2021-06-01T10:20:30+08:300',
      '2021-06-01T10:20:30+08::30', 'abcd-ef-gh', '2021-06-01T10:20', '2021-06-01 10:20:30', '2021-06-01T',
    ];
    for (const text of refused) expect(() => f.parseDateTime(text), text).toThrow(f.CertLogicError);
  });

  it('kills: a time unit removed or renamed (plusTime accepts exactly year, month, day, hour)', async () => {
    const f = await fresh();
    const plus = (unit: string) => (f.evaluate({ plusTime: ['2020-02-29T12:00:00Z', 1, unit] }, {}) as CertLogicDateTime).ms;
    // the spec's leap-day table, and an hour by hand
    expect(plus('year')).toBe(at('2021-03-01T12:00:00Z'));
    expect(plus('month')).toBe(at('2020-03-29T12:00:00Z'));
    expect(plus('day')).toBe(at('2020-03-01T12:00:00Z'));
    expect(plus('hour')).toBe(at('2020-02-29T13:00:00Z'));
    for (const unit of ['', 'week', 'minute', 'years']) expect(() => f.evaluate({ plusTime: ['2020-02-29', 1, unit] }, {}), unit).toThrow(f.CertLogicError);
    expect(f.TIME_UNITS).toEqual(['year', 'month', 'day', 'hour']);
  });

  it('kills: an operator dropped from the infix or comparison sets (each of the spec\'s operators works, with its arity)', async () => {
    const f = await fresh();
    const ev = (e: unknown, data: unknown = {}) => f.evaluate(e, data);
    const d1 = { plusTime: ['2021-06-01', 0, 'day'] };
    const d2 = { plusTime: ['2021-06-02', 0, 'day'] };
    expect(ev({ '===': ['a', 'a'] })).toBe(true);
    expect(ev({ and: [true, 'x'] })).toBe('x');
    expect(ev({ in: ['a', ['a']] })).toBe(true);
    expect(ev({ '+': [1, 2] })).toBe(3);
    expect(ev({ '<': [1, 2] })).toBe(true);
    expect(ev({ '>': [2, 1] })).toBe(true);
    expect(ev({ '<=': [2, 2] })).toBe(true);
    expect(ev({ '>=': [2, 2] })).toBe(true);
    expect(ev({ before: [d1, d2] })).toBe(true);
    expect(ev({ after: [d2, d1] })).toBe(true);
    expect(ev({ 'not-after': [d1, d1] })).toBe(true);
    expect(ev({ 'not-before': [d1, d1] })).toBe(true);
    // the ternary form only for comparisons
    expect(ev({ '<': [1, 2, 3] })).toBe(true);
    expect(ev({ before: [d1, d2, { plusTime: ['2021-06-03', 0, 'day'] }] })).toBe(true);
    for (const op of ['===', 'in', '+']) expect(() => ev({ [op]: [1, [1], 2] }), op).toThrow(f.CertLogicError);
  });
});

describe('certlogic.ts: date-time values and parsing', () => {
  it('kills: toJSON emptied (a date-time serialises as its ISO instant, as the conformance runner compares it)', () => {
    const dt = evaluate({ plusTime: ['2021-06-01T10:20:30.456+08:00', 0, 'hour'] }, {});
    expect(JSON.stringify({ t: dt })).toBe('{"t":"2021-06-01T02:20:30.456Z"}');
  });

  it('kills: the error class name emptied (callers and logs tell a CertLogic error by its name)', () => {
    expect(new CertLogicError('x').name).toBe('CertLogicError');
    expect(errorOf({ nope: [1] }).name).toBe('CertLogicError');
  });

  it('kills: the YYYY and YYYY-MM patterns unanchored (digits before a partial date are refused)', () => {
    for (const text of ['12021', 'x2021', '2021x', '12021-06', 'x2021-06', '2021-06x', '2021-6']) {
      expect(() => parseDateTime(text), text).toThrow(CertLogicError);
    }
  });

  it('kills: the offset\'s minute digits taken from the wrong end (+hmm: one hour digit, two minute digits)', () => {
    expect(parseDateTime('2021-06-01T10:20:30+830').ms).toBe(at('2021-06-01T01:50:30Z'));
    expect(parseDateTime('2021-06-01T10:20:30-130').ms).toBe(at('2021-06-01T11:50:30Z'));
    expect(parseDateTime('2021-06-01T10:20:30+1:30').ms).toBe(at('2021-06-01T08:50:30Z'));
  });

  it('kills: the refused text echoed whole in the message (at most its first 60 characters: pass data stays out of logs)', () => {
    const long = `2021-${'9'.repeat(500)}`;
    for (const expr of [{ plusTime: [long, 0, 'day'] }, { dccDateOfBirth: [long] }]) {
      const msg = errorOf(expr).message;
      expect(msg).toMatch(/date/);
      expect(msg).toContain('"2021-999');
      expect(msg.length).toBeLessThan(140);
    }
  });

  it('kills: the date-of-birth pattern unanchored at the start (a date-time ending in four digits is no date of birth)', () => {
    // "+1200" is an allowed offset, so plusTime reads this text; only the date-of-birth format check refuses it
    expect(parseDateTime('2021-06-01T00:00:00+1200').ms).toBe(at('2021-05-31T12:00:00Z'));
    expect(errorOf({ dccDateOfBirth: ['2021-06-01T00:00:00+1200'] }).message).toMatch(/not a DCC date of birth/);
  });
});

describe('certlogic.ts: comparisons, every operator against a hand-made table', () => {
  // the spec: <, >, <=, >= on integers; before, after, not-after, not-before the same on date-times
  const table: [string, string, boolean, boolean, boolean][] = [
    // op, date-time twin, 1 op 2, 2 op 2, 2 op 1
    ['<', 'before', true, false, false],
    ['>', 'after', false, false, true],
    ['<=', 'not-after', true, true, false],
    ['>=', 'not-before', false, true, true],
  ];
  const day = (n: number) => ({ plusTime: [`2021-06-0${n}`, 0, 'day'] });
  for (const [op, dateOp, lt, eq, gt] of table) {
    it(`kills: ${op} / ${dateOp} swapped with another comparison (1 ${op} 2 = ${lt}, 2 ${op} 2 = ${eq}, 2 ${op} 1 = ${gt})`, () => {
      expect(evaluate({ [op]: [1, 2] }, {})).toBe(lt);
      expect(evaluate({ [op]: [2, 2] }, {})).toBe(eq);
      expect(evaluate({ [op]: [2, 1] }, {})).toBe(gt);
      expect(evaluate({ [dateOp]: [day(1), day(2)] }, {})).toBe(lt);
      expect(evaluate({ [dateOp]: [day(2), day(2)] }, {})).toBe(eq);
      expect(evaluate({ [dateOp]: [day(2), day(1)] }, {})).toBe(gt);
      // the ternary form: (a op b) and (b op c)
      expect(evaluate({ [op]: [1, 2, 3] }, {})).toBe(lt);
      expect(evaluate({ [op]: [3, 2, 1] }, {})).toBe(gt);
      expect(evaluate({ [op]: [2, 2, 2] }, {})).toBe(eq);
      expect(evaluate({ [dateOp]: [day(1), day(2), day(3)] }, {})).toBe(lt);
      expect(evaluate({ [dateOp]: [day(3), day(2), day(1)] }, {})).toBe(gt);
      // integers only for the integer form, date-times only for the date-time form
      expect(() => evaluate({ [op]: [day(1), day(2)] }, {})).toThrow(CertLogicError);
      expect(() => evaluate({ [dateOp]: [1, 2] }, {})).toThrow(CertLogicError);
    });
  }

  it('kills: the operand type check of "+" requiring only one integer (both must be)', () => {
    expect(() => evaluate({ '+': ['2', 3] }, {})).toThrow(CertLogicError);
    expect(() => evaluate({ '+': [2, '3'] }, {})).toThrow(CertLogicError);
    expect(evaluate({ '+': [2, -3] }, {})).toBe(-1);
  });
});

describe('certlogic.ts: var', () => {
  it('kills: the array-index pattern unanchored or limited to one digit (only a whole run of digits indexes)', () => {
    const data = { a: Array.from({ length: 12 }, (_, i) => i * 10) };
    expect(evaluate({ var: 'a.10' }, data)).toBe(100);
    expect(evaluate({ var: 'a.11' }, data)).toBe(110);
    // Number() would read these as 1: they are not integer path fragments
    for (const frag of ['+1', ' 1', '1 ', '1e0', '0x1', 'x1', '1x']) expect(evaluate({ var: `a.${frag}` }, data), frag).toBe(null);
  });

  it('kills: a string drilled into (a string has no fragments: null, as for any non-object)', () => {
    expect(evaluate({ var: 's.0' }, { s: 'abc' })).toBe(null);
    expect(evaluate({ var: 's.length' }, { s: 'abc' })).toBe(null);
    expect(evaluate({ var: 'n.x' }, { n: 5 })).toBe(null);
    expect(evaluate({ var: 'x' }, undefined)).toBe(null);
    expect(evaluate({ var: 'a.b.c.d' }, { a: null })).toBe(null);
  });
});

describe('certlogic.ts: extractFromUVCI', () => {
  it('kills: a separator dropped or the split negated (the spec\'s "a::c/#/f" has 6 fragments)', () => {
    const want = ['a', '', 'c', '', '', 'f'];
    want.forEach((frag, i) => expect(extractFromUVCI('a::c/#/f', i), String(i)).toBe(frag));
    expect(extractFromUVCI('a::c/#/f', 6)).toBe(null);
    expect(extractFromUVCI('URN:UVCI:01/IT/X#Y', 2)).toBe('X');
    expect(extractFromUVCI('URN:UVCI:01/IT/X#Y', 3)).toBe('Y');
    // the prefix only at the start
    expect(extractFromUVCI('01:URN:UVCI:', 1)).toBe('URN');
  });

  it('kills: the operand or index checks dropped (a number operand, a fractional index are errors)', () => {
    expect(errorOf({ extractFromUVCI: [5, 0] }).message).toMatch(/"UVCI" argument/);
    expect(errorOf({ extractFromUVCI: ['a:b', 1.5] }).message).toMatch(/"index" argument/);
    expect(evaluate({ extractFromUVCI: [{ var: 'missing' }, 0] }, {})).toBe(null);
  });
});

describe('certlogic.ts: limits on work and nesting (counted by hand)', () => {
  it('kills: the step limit off by one (exactly 1,000,000 evaluation steps are allowed, one more is refused)', () => {
    // steps: 1 for the reduce, 1 for its var operand, 1 for its initial 0, 1 per item for the {var: current} lambda
    const expr = { reduce: [{ var: 'xs' }, { var: 'current' }, 0] };
    const ok = Array.from({ length: 1_000_000 - 3 }, (_, i) => i);
    expect(evaluate(expr, { xs: ok })).toBe(1_000_000 - 4);
    ok.push(7);
    expect(errorOf(expr, { xs: ok }).message).toMatch(/too expensive/);
  });

  it('kills: the nesting limit off by one (201 nested operations evaluate, 202 are refused)', () => {
    const nots = (n: number) => { let e: unknown = true; for (let i = 0; i < n; i++) e = { '!': [e] }; return e; };
    // the k-th "!" from the outside is at depth k - 1; the limit refuses a depth over 200
    expect(evaluate(nots(201), {})).toBe(false);
    expect(errorOf(nots(202)).message).toMatch(/nested too deeply/);
  });

  it('kills: array literals not counted as nesting (201 nested arrays evaluate, 202 are refused)', () => {
    const arrays = (n: number) => { let e: unknown = 1; for (let i = 0; i < n; i++) e = [e]; return e; };
    expect(evaluate(arrays(201), {})).toEqual(arrays(201));
    expect(errorOf(arrays(202)).message).toMatch(/nested too deeply/);
  });
});

describe('certlogic.ts: invalid expressions say what is wrong (the operator sees it when a rule file is refused)', () => {
  // rules/load.ts puts the message into "rule file ignored: ... invalid CertLogic: <message>"
  const cases: [string, unknown, RegExp][] = [
    ['null literal', null, /invalid CertLogic expression: null/],
    ['undefined', undefined, /invalid CertLogic expression: undefined/],
    ['a fraction', 1.5, /invalid CertLogic expression: number/],
    ['an empty object', {}, /unrecognised expression object/],
    ['two keys', { var: 'a', x: 1 }, /unrecognised expression object/],
    ['var of a number', { var: 1 }, /"var"/],
    ['an operation without operands', { '!': [] }, /operation not of the form \{ "!"/],
    ['an operation with a non-array operand', { '!': 'abc' }, /operation not of the form \{ "!"/],
    ['if without a guard', { if: [undefined, 1, 2] }, /guard/],
    ['if without a then', { if: [true] }, /then/],
    ['if without an else', { if: [true, 1] }, /else/],
    ['an if-guard neither truthy nor falsy', { if: [{ var: 'f' }, 1, 2] }, /if-guard/],
    ['"and" with 1 operand', { and: [true] }, /"and".*at least 2/],
    ['"and" over a value neither truthy nor falsy', { and: [{ var: 'f' }, true] }, /"and".*truthy or falsy/],
    ['a comparison with 4 operands', { '<': [1, 2, 3, 4] }, /"<".*2 or 3/],
    ['"in" with 3 operands', { in: [1, [1], 2] }, /"in".*2 operands/],
    ['"in" over a string', { in: ['a', 'abc'] }, /"in".*array/],
    ['"+" over a string', { '+': [1, 'a'] }, /"\+".*integers/],
    ['a date-time comparison of integers', { before: [1, 2] }, /date-time/],
    ['an integer comparison of strings', { '<': ['a', 'b'] }, /integer/],
    ['"!" of a value neither truthy nor falsy', { '!': [{ var: 'f' }] }, /! /],
    ['plusTime with a fractional amount', { plusTime: ['2021-01-01', 1.5, 'day'] }, /"amount".*"plusTime"/],
    ['plusTime with an unknown unit', { plusTime: ['2021-01-01', 1, 'week'] }, /"unit".*year, month, day, hour/],
    ['plusTime of a number', { plusTime: [5, 1, 'day'] }, /date argument of "plusTime"/],
    ['reduce over a string', { reduce: ['abc', 1, 0] }, /reduce/],
    ['dccDateOfBirth of null', { dccDateOfBirth: [{ var: 'missing' }] }, /operand of "dccDateOfBirth"/],
    ['dccDateOfBirth of a date-time', { dccDateOfBirth: ['2021-01-01T00:00:00Z'] }, /not a DCC date of birth: "2021-01-01T00:00:00Z"/],
    ['a date that is no date', { plusTime: ['June 1st', 0, 'day'] }, /not an allowed date or date-time format: "June 1st"/],
    ['an unknown operator', { foo: [1] }, /unrecognised operator: "foo"/],
  ];
  for (const [what, expr, want] of cases) {
    it(`kills: the message emptied for ${what}`, () => {
      expect(errorOf(expr, { f: 1.5 }).message).toMatch(want);
    });
  }

  it('kills: the plusCalendar checks dropped or silent (HK rules only; amount, unit and date each named)', () => {
    const hk = { calendar: true };
    expect(errorOf({ plusCalendar: ['2021-01-01', 1.5, 'month'] }, {}, hk).message).toMatch(/"amount".*"plusCalendar"/);
    expect(errorOf({ plusCalendar: ['2021-01-01', 1, 'day'] }, {}, hk).message).toMatch(/"unit".*"plusCalendar"/);
    expect(errorOf({ plusCalendar: [5, 1, 'month'] }, {}, hk).message).toMatch(/date argument of "plusCalendar"/);
    expect(errorOf({ plusCalendar: ['2021-01-01', 1, 'month'] }).message).toMatch(/unrecognised operator: "plusCalendar"/);
  });
});

describe('certlogic.ts: a fault inside evaluation is a CertLogicError, never something else', () => {
  it('kills: a foreign error let through, or its message lost (a data getter that throws)', () => {
    const data = { get x(): unknown { throw new TypeError('boom'); } };
    const e = errorOf({ var: 'x' }, data);
    expect(e.message).toBe('boom');
    const odd = { get x(): unknown { throw 'not an Error'; } }; // eslint-disable-line no-throw-literal
    expect(errorOf({ var: 'x' }, odd).message).toBe('evaluation failed');
  });
});
