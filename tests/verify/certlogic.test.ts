// The whole CertLogic conformance suite, asserted per case (skips honoured as the suite directs).
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CertLogicError, evaluate } from '../../main/verify/rules/certlogic.ts';

interface Assertion { certLogicExpression?: unknown; data: unknown; expected: unknown; directive?: string; message?: string }
interface Case { name: string; certLogicExpression?: unknown; directive?: string; assertions: Assertion[] }
interface Suite { name: string; directive?: string; cases: Case[] }

const dir = resolve(import.meta.dirname, '../../../shared/testdata/certlogic/testSuite');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

// date-times compare as instants; JSON expected values never hold date-times, so plain values suffice
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v) ?? 'null');

describe('CertLogic test suite', () => {
  it('finds the suite', () => expect(files.length).toBeGreaterThanOrEqual(10));
  for (const file of files) {
    const suite = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Suite;
    const d = suite.directive === 'skip' ? describe.skip : describe;
    d(`${file}: ${suite.name}`, () => {
      for (const c of suite.cases) {
        const t = c.directive === 'skip' ? it.skip : it;
        t(c.name, () => {
          let checked = 0;
          for (const a of c.assertions) {
            if (a.directive === 'skip') continue;
            const expr = a.certLogicExpression ?? c.certLogicExpression;
            expect(plain(evaluate(expr, a.data)), a.message ?? JSON.stringify(a.data)).toEqual(a.expected);
            checked++;
          }
          expect(checked).toBeGreaterThan(0);
        });
      }
    });
  }
});

describe('CertLogic invalid expressions throw CertLogicError', () => {
  const bad: unknown[] = [
    null, 1.5, { foo: [1] }, { var: 1 }, { and: [true] }, { if: [true, 1] }, { '+': [1, 'a'] }, { in: [1, 2] },
    { '<': [1, 'b'] }, { after: [1, 2] }, { plusTime: ['2021-01-01', 1.5, 'day'] }, { plusTime: ['2021-01-01', 1, 'week'] },
    { plusTime: ['not a date', 1, 'day'] }, { a: 1, b: 2 }, { reduce: [5, 1, 0] }, { '!': [{ var: 'x' }] },
  ];
  for (const expr of bad) {
    it(JSON.stringify(expr), () => {
      expect(() => evaluate(expr, { x: 1.5 })).toThrow(CertLogicError);
    });
  }
  it('deep nesting is an error, not a crash', () => {
    let e: unknown = true;
    for (let i = 0; i < 5000; i++) e = { '!': [e] };
    expect(() => evaluate(e, {})).toThrow(CertLogicError);
  });
  it('an exponentially expensive expression is an error, not a hang', () => {
    const big = Array.from({ length: 200 }, (_, i) => i);
    let e: unknown = { '+': [{ var: 'accumulator' }, 1] };
    for (let i = 0; i < 4; i++) e = { reduce: [big, { '+': [{ var: 'accumulator' }, { reduce: [big, e, 0] }] }, 0] };
    expect(() => evaluate(e, {})).toThrow(/too expensive/);
  });
  it('date-times compare by instant across offsets', () => {
    expect(evaluate({ 'not-before': [{ plusTime: ['2022-05-31T00:00:00+08:00', 0, 'day'] }, { plusTime: ['2022-05-30T16:00:00Z', 0, 'day'] }] }, {})).toBe(true);
    expect(evaluate({ before: [{ plusTime: ['2022-05-31T00:00:00+0800', 0, 'day'] }, { plusTime: ['2022-05-30T16:00:00.001Z', 0, 'day'] }] }, {})).toBe(true);
  });
});
