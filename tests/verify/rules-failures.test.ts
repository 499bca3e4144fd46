// The two ways a rule set can fail to decide (docs/rules.md): no clause matches -> invalid / rules-no-match; a
// condition that throws on a real record (it passed the load-time dry run) -> invalid / rules-error. Never an
// admission. Through verify() with an operator rule file, as a venue would load one.
import { describe, expect, it } from 'vitest';
import { loadRuleProfile, type VerifyContext } from '../../main/verify/index.ts';
import { makeMec, makeVac } from '../fixtures/hk/sign.ts';
import { check, ctx } from './helpers.ts';

const file = (id: string, vac: unknown[], mec: unknown[] = [{ name: 'any', when: true, outcome: 'exempt', reasons: [] }]) => ({
  version: 1, id, label: { en: `test ${id}`, zh: `測試 ${id}` }, validFrom: '2022-01-01T00:00:00+08:00', vac, mec,
});

function ctxWith(rule: unknown): VerifyContext {
  const id = (rule as { id: string }).id;
  const p = loadRuleProfile(id, [rule]);
  if (!p.ok) throw new Error(p.error);
  return { ...ctx({ now: '2022-12-15T04:00:00Z' }), rules: p.profile };
}

describe('a rule set that cannot decide refuses', () => {
  it('kills: rules-no-match path (return after the loop) changed: no clause matching is invalid/rules-no-match', async () => {
    const c = ctxWith(file('test-no-match', [{ name: 'five-doses', when: { '>=': [{ var: 'record.doses' }, 5] }, outcome: 'valid', reasons: [] }]));
    const v = (await check(makeVac(), c)).verdict;
    expect(v).toMatchObject({ outcome: 'invalid', reasons: ['rules-no-match'], ruleSet: 'test-no-match' });
    expect(v.stages.rules).toBe(false);
    // the MEC list of the same file still decides
    expect((await check(makeMec(), c)).verdict.outcome).toBe('exempt');
  });

  it('kills: rules-error catch changed: a condition that throws on a real record is invalid/rules-error', async () => {
    // the load check's sample records are born on other days, so the throwing branch (plusTime of a non-date) passes it
    const rule = file('test-error', [
      { name: 'throws-on-16-march', when: { if: [{ '===': [{ var: 'record.dob' }, '1985-03-16'] }, { after: [{ plusTime: ['not a date', 0, 'day'] }, { plusTime: [{ var: 'external.today' }, 0, 'day'] }] }, false] }, outcome: 'valid', reasons: [] },
      { name: 'rest', when: true, outcome: 'invalid', reasons: ['doses-insufficient'] },
    ]);
    const c = ctxWith(rule);
    const v = (await check(makeVac({ dob: '16-03-1985' }), c)).verdict;
    expect(v).toMatchObject({ outcome: 'invalid', reasons: ['rules-error'], ruleSet: 'test-error' });
    expect(v.stages.rules).toBe(false);
    // a record the condition does not throw on is judged normally
    const two = makeVac({ doses: [{ date: '15-01-2022', code: 'BNT' }, { date: '15-06-2022', code: 'BNT' }], total: 2 });
    expect((await check(two, c)).verdict).toMatchObject({ outcome: 'invalid', reasons: ['doses-insufficient'] });
  });

  it('kills: first-match order changed (the first truthy clause decides, later ones are not reached)', async () => {
    const c = ctxWith(file('test-order', [
      { name: 'first', when: true, outcome: 'invalid', reasons: ['doses-insufficient'] },
      { name: 'second', when: true, outcome: 'valid', reasons: [] },
    ]));
    expect((await check(makeVac(), c)).verdict).toMatchObject({ outcome: 'invalid', reasons: ['doses-insufficient'] });
  });

  it('kills: validUntil of the deciding clause dropped (shown as the date it evaluates to)', async () => {
    const c = ctxWith(file('test-until', [
      // only records with a dose reach it: the load check refuses a validUntil that throws on a 0-dose record
      { name: 'until', when: { '>': [{ var: 'record.doses' }, 0] }, outcome: 'valid', reasons: [], validUntil: { plusTime: [{ var: 'record.lastDose' }, 6, 'month'] } },
      { name: 'rest', when: true, outcome: 'invalid', reasons: ['doses-insufficient'] },
    ]));
    expect((await check(makeVac(), c)).verdict.display.validUntil).toBe('2022-07-25');
  });

  it('kills: the date-time check of validUntil removed (a validUntil that is not a date-time is not shown, and the clause still decides)', async () => {
    const c = ctxWith(file('test-until-number', [
      { name: 'until-a-number', when: true, outcome: 'valid', reasons: [], validUntil: { var: 'record.doses' } },
    ]));
    const v = (await check(makeVac(), c)).verdict;
    expect(v).toMatchObject({ outcome: 'valid', reasons: [], ruleSet: 'test-until-number' });
    expect(v.display.validUntil).toBeUndefined();
  });

  it('kills: a clause without validUntil given one (no "valid until" line unless the deciding clause says)', async () => {
    const c = ctxWith(file('test-no-until', [{ name: 'plain', when: true, outcome: 'valid', reasons: [] }]));
    const v = (await check(makeVac(), c)).verdict;
    expect(v.outcome).toBe('valid');
    expect(v.display.validUntil).toBeUndefined();
  });
});
