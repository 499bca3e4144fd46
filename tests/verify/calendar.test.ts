// Calendar months (hk-formats.md corrections): the one month-addition function every HK window uses, checked
// against a plain definition; CertLogic's own plusTime keeps its rolling-over semantics for the EU rules.
import { describe, expect, it } from 'vitest';
import { addCalendarMonths } from '../../main/verify/rules/calendar.ts';
import { CertLogicError, evaluate } from '../../main/verify/rules/certlogic.ts';
import { HK } from '../../main/verify/rules/evaluate.ts';

// The plain definition, by hand: month lengths from the Gregorian leap-year rule, no Date arithmetic.
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthLength = (y: number, m: number) => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
function plain(y: number, m: number, d: number, n: number): string {
  let ty = y;
  let tm = m + n;
  while (tm > 12) { tm -= 12; ty++; }
  while (tm < 1) { tm += 12; ty--; }
  const td = Math.min(d, monthLength(ty, tm));
  return `${ty}-${String(tm).padStart(2, '0')}-${String(td).padStart(2, '0')}`;
}
const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

describe('addCalendarMonths', () => {
  it('matches the plain definition for every start day of 2020-2024 and N = 1..12 (and back)', () => {
    let checked = 0;
    for (let y = 2020; y <= 2024; y++) {
      for (let m = 1; m <= 12; m++) {
        for (let d = 1; d <= monthLength(y, m); d++) {
          for (let n = 1; n <= 12; n++) {
            const got = addCalendarMonths(iso(y, m, d), n);
            if (got !== plain(y, m, d, n)) expect(got, `${iso(y, m, d)} + ${n}`).toBe(plain(y, m, d, n));
            const back = addCalendarMonths(iso(y, m, d), -n);
            if (back !== plain(y, m, d, -n)) expect(back, `${iso(y, m, d)} - ${n}`).toBe(plain(y, m, d, -n));
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(1827 * 12);
  });
  it('the corrections document\'s examples', () => {
    expect(addCalendarMonths('2021-12-31', 6)).toBe('2022-06-30');
    expect(addCalendarMonths('2022-08-31', 6)).toBe('2023-02-28');
    expect(addCalendarMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(addCalendarMonths('2022-01-25', 6)).toBe('2022-07-25');
  });
});

describe('the HK rules\' plusCalendar operation, and plain CertLogic', () => {
  const day = (expr: unknown, opts: { calendar?: boolean } = HK) => (evaluate(expr, {}, opts) as { toISOString(): string }).toISOString().slice(0, 10);
  it('plusCalendar ends on the month\'s last day; a year is 12 calendar months', () => {
    expect(day({ plusCalendar: ['2021-12-31', 6, 'month'] })).toBe('2022-06-30');
    expect(day({ plusCalendar: ['2024-02-29', -13, 'year'] })).toBe('2011-02-28');
    expect(day({ plusCalendar: ['2024-02-29', -12, 'year'] })).toBe('2012-02-29');
  });
  it('CertLogic plusTime keeps its semantics (rolls over), as the EU rules and the conformance suite expect', () => {
    expect(day({ plusTime: ['2021-12-31', 6, 'month'] }, {})).toBe('2022-07-01');
  });
  it('plain CertLogic does not know plusCalendar', () => {
    expect(() => evaluate({ plusCalendar: ['2021-12-31', 6, 'month'] }, {})).toThrow(CertLogicError);
    expect(() => evaluate({ plusCalendar: ['2021-12-31', 6, 'day'] }, {}, HK)).toThrow(CertLogicError);
  });
  it('no shipped HK rule file counts months or years with plusTime', async () => {
    const { BUILTIN_RULE_FILES } = await import('../../main/verify/index.ts');
    const text = JSON.stringify(BUILTIN_RULE_FILES);
    expect(text).not.toMatch(/"plusTime":\[[^\]]*"(month|year)"\]/);
    expect(text).toMatch(/"plusCalendar"/);
  });
});
