// Date fields of signed HK records (main/verify/hk/dates.ts, through verify()): every range and anchor check.
// A date that is not a real dd-MM-yyyy calendar date makes the record `malformed`, never a pass. Each test names
// the mutant of dates.ts it kills.
import { describe, expect, it, vi } from 'vitest';
import { hkToday } from '../../main/verify/hk/dates.ts';
import { makeMec, makeVac } from '../fixtures/hk/sign.ts';
import { check, ctx } from './helpers.ts';

const c = ctx({ now: '2022-12-15T04:00:00Z' });
const withLastDose = (date: string) => makeVac({ doses: [{ date: '01-06-2021', code: 'BNT' }, { date: '01-07-2021', code: 'BNT' }, { date, code: 'BNT' }] });

async function expectMalformed(text: string) {
  const v = (await check(text, c)).verdict;
  expect(v.reasons).toContain('malformed');
  expect(['invalid', 'unreadable']).toContain(v.outcome);
  expect(v.stages.rules).toBeUndefined();
}

describe('HK record dates', () => {
  it('control: the same record with a real date is read and judged by the rules', async () => {
    const v = (await check(withLastDose('25-01-2022'), c)).verdict;
    expect(v.outcome).toBe('valid');
    expect(v.display.lastDose).toBe('2022-01-25');
  });

  it.each([
    ['day 00', '00-05-2022', 'd < 1 removed'],
    ['month 13', '01-13-2022', 'mo > 12 removed'],
    ['month 00', '15-00-2022', 'mo < 1 removed'],
    ['31 April', '31-04-2022', 'days-in-month check removed'],
    ['29 Feb 2023', '29-02-2023', 'days-in-month check removed (non-leap year)'],
    ['32 January', '32-01-2022', 'days-in-month check removed'],
    ['year 1899', '15-05-1899', 'y < 1900 removed'],
    ['year 3000', '15-05-3000', 'y > 2999 removed'],
    ['leading junk', 'x01-05-2022', '^ anchor removed'],
    ['trailing junk', '01-05-2022x', '$ anchor removed'],
    ['one-digit day', '1-05-2022', '\\d{2} loosened'],
    ['ISO order', '2022-05-01', 'pattern order'],
  ])('kills: %s in a dose date is malformed (%s; %s)', async (_n, date) => {
    await expectMalformed(withLastDose(date));
  });

  it('kills: leap-day check inverted (29 Feb 2024 is a real date)', async () => {
    const v = (await check(withLastDose('29-02-2024'), ctx({ now: '2024-03-15T04:00:00Z' }))).verdict;
    expect(v.reasons).not.toContain('malformed');
    expect(v.display.lastDose).toBe('2024-02-29');
  });

  it('kills: boundary years moved (1900 and 2999 are accepted in a date of birth)', async () => {
    for (const dob of ['15-03-1900', '15-03-2999']) {
      const v = (await check(makeVac({ dob }), c)).verdict;
      expect(v.reasons).not.toContain('malformed');
    }
  });

  it.each(['00-05-1985', '15-13-1985', '30-02-1985', '15-03-1899'])('kills: a date of birth %s is malformed', async (dob) => {
    await expectMalformed(makeVac({ dob }));
  });

  it.each(['00-12-2030', '31-11-2030', '31-12-2030x'])('kills: a MEC valid-until %s is malformed', async (validUntil) => {
    await expectMalformed(makeMec({ validUntil }));
  });

  it('kills: hkToday offset removed or signed wrong (the HK day starts at 16:00 UTC the day before)', () => {
    expect(hkToday(Date.parse('2022-12-14T15:59:59.999Z'))).toBe('2022-12-14');
    expect(hkToday(Date.parse('2022-12-14T16:00:00Z'))).toBe('2022-12-15');
    expect(hkToday(Date.parse('2022-12-15T15:59:59Z'))).toBe('2022-12-15');
  });

  it('kills: partial-DOB reading removed (01-01-yyyy is a year, 01-MM-yyyy a month: the holder gets the last day)', async () => {
    // a child born "some day in 2010" (01-01-2010) is read as 31 Dec 2010: still 11 on 15 Dec 2022, so 2 doses pass
    const twoDoses = [{ date: '15-01-2022', code: 'BNT' }, { date: '15-06-2022', code: 'BNT' }];
    const year = (await check(makeVac({ dob: '01-01-2010', doses: twoDoses, total: 2 }), c)).verdict;
    expect(year.outcome).toBe('valid');
    // "some day in December 2010" (01-12-2010) is read as 31 Dec 2010 too
    const month = (await check(makeVac({ dob: '01-12-2010', doses: twoDoses, total: 2 }), c)).verdict;
    expect(month.outcome).toBe('valid');
    // a full date of 02-12-2010 is 12 years old on 15 Dec 2022: 2 doses are short
    const full = (await check(makeVac({ dob: '02-12-2010', doses: twoDoses, total: 2 }), c)).verdict;
    expect(full.outcome).toBe('invalid');
  });

  it('kills: the HK offset constant changed (a fresh import: module-level values are only mutated in a fresh evaluation)', async () => {
    vi.resetModules();
    const d = await import('../../main/verify/hk/dates.ts');
    expect(d.hkToday(Date.parse('2022-12-14T15:59:59.999Z'))).toBe('2022-12-14');
    expect(d.hkToday(Date.parse('2022-12-14T16:00:00Z'))).toBe('2022-12-15');
  });
});
