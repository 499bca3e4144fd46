// The outcome (not only the reasons) of every clause of every shipped HK stage, and each age and dose-window
// boundary, through verify() on signed demo records. Expected outcomes come from the rule text (docs/rules.md and
// ../shared/docs/hk-formats.md section 2), not from the rule files. Dates are the 15th of a month and birthdays
// not on the 1st, so calendar-month arithmetic and partial DOBs play no part. tests/mutation/rule-data.ts flips,
// shifts and deletes each clause of resources/rules/*.json and runs this file against each such mutant.
import { describe, expect, it } from 'vitest';
import { makeMec, makeOldVac2021, makeVac, type Dose } from '../fixtures/hk/sign.ts';
import { check, ctx } from './helpers.ts';

type Want = 'valid' | 'exempt' | 'invalid' | 'not-applicable' | 'admit';

/** dd-MM-yyyy of an ISO date shifted by years/months/days (plain UTC calendar arithmetic, independent of the code). */
function hk(iso: string, years = 0, months = 0, days = 0): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y + years, m - 1 + months, d + days));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(t.getUTCDate())}-${p(t.getUTCMonth() + 1)}-${t.getUTCFullYear()}`;
}
/** dose dates, oldest first */
const doses = (...dates: string[]): Dose[] => dates.map((date) => ({ date, code: 'BNT' }));

let refs = 0;
async function outcome(stage: string, today: string, rec: { dob: string; doses?: string[]; recovered?: boolean }) {
  const d = rec.doses ?? [];
  const text = makeVac({ dob: rec.dob, doses: doses(...d), total: d.length, recovered: rec.recovered ?? false, reference: `DEMO${String(++refs).padStart(10, '0')}` });
  return (await check(text, ctx({ now: `${today}T04:00:00Z`, profile: stage }))).verdict;
}
function expectOutcome(v: { outcome: string; reasons: string[] }, want: Want, reason?: string) {
  if (want === 'admit') expect(['valid', 'exempt']).toContain(v.outcome);
  else expect(v.outcome).toBe(want);
  if (reason) expect(v.reasons).toContain(reason);
}

interface Case { name: string; rec: { dob: string; doses?: string[]; recovered?: boolean }; want: Want; reason?: string }

/** The cases every stage shares the shape of; `t` is the stage's test day. */
function mecCases(stage: string, t: string) {
  it(`${stage} mec-in-date: exempt through the valid-until day, mec-expired: invalid from the day after`, async () => {
    const c = ctx({ now: `${t}T04:00:00Z`, profile: stage });
    expect((await check(makeMec({ validUntil: hk(t) }), c)).verdict.outcome).toBe('exempt');
    const expired = (await check(makeMec({ validUntil: hk(t, 0, 0, -1) }), c)).verdict;
    expect(expired.outcome).toBe('invalid');
    expect(expired.reasons).toContain('exemption-expired');
  });
}

const STAGES: { stage: string; today: string; cases: (t: string) => Case[] }[] = [
  {
    stage: 'hk-2022-02-24', today: '2022-03-15', cases: (t) => [
      { name: 'under-12: a child of 8 with no dose is admitted', rec: { dob: hk(t, -8, -2) }, want: 'admit', reason: 'age-exempt' },
      { name: 'under-12 boundary: the day before the 12th birthday still exempt', rec: { dob: hk(t, -12, 0, 1) }, want: 'admit', reason: 'age-exempt' },
      { name: 'under-12 boundary: on the 12th birthday a dose is needed', rec: { dob: hk(t, -12) }, want: 'invalid' },
      { name: '1-dose: an adult with one dose is valid', rec: { dob: '15-03-1985', doses: [hk(t, 0, -2)] }, want: 'valid' },
      { name: 'recovered-no-dose: a recovered adult with no dose is refused', rec: { dob: '15-03-1985', recovered: true }, want: 'invalid', reason: 'recovery-date-unknown' },
      { name: 'no-dose: an adult with no dose is refused', rec: { dob: '15-03-1985' }, want: 'invalid', reason: 'doses-insufficient' },
    ],
  },
  {
    stage: 'hk-2022-04-30', today: '2022-05-15', cases: (t) => [
      { name: 'under-12: a child of 8 is admitted', rec: { dob: hk(t, -8, -2) }, want: 'admit', reason: 'age-exempt' },
      { name: 'under-12 boundary: on the 12th birthday a dose is needed', rec: { dob: hk(t, -12) }, want: 'invalid' },
      { name: '12-17-1-dose: a 15-year-old with a recent single dose is valid', rec: { dob: hk(t, -15, -2), doses: [hk(t, 0, -1)] }, want: 'valid' },
      { name: '12-17-no-dose: a 15-year-old with no dose is refused', rec: { dob: hk(t, -15, -2) }, want: 'invalid', reason: 'needs-1-dose' },
      { name: '18 boundary: on the 18th birthday one recent dose is short', rec: { dob: hk(t, -18), doses: [hk(t, 0, -1)] }, want: 'invalid' },
      { name: '18 boundary: the day before the 18th birthday one recent dose is enough', rec: { dob: hk(t, -18, 0, 1), doses: [hk(t, 0, -1)] }, want: 'valid' },
      { name: '2-doses: an adult with two doses is valid', rec: { dob: '15-03-1985', doses: [hk(t, -1), hk(t, -1, 1)] }, want: 'valid' },
      { name: 'recovered-1-dose-in-window: recovered, one dose 6 months ago today, valid', rec: { dob: '15-03-1985', recovered: true, doses: [hk(t, 0, -6)] }, want: 'valid', reason: 'recovered' },
      { name: 'recovered-1-dose-expired: recovered, one dose 6 months and a day ago, refused', rec: { dob: '15-03-1985', recovered: true, doses: [hk(t, 0, -6, -1)] }, want: 'invalid', reason: 'dose-window-expired' },
      { name: 'recovered-no-dose: refused', rec: { dob: '15-03-1985', recovered: true }, want: 'invalid', reason: 'recovery-date-unknown' },
      { name: 'short: an adult with one dose is refused', rec: { dob: '15-03-1985', doses: [hk(t, 0, -1)] }, want: 'invalid', reason: 'doses-insufficient' },
    ],
  },
  {
    stage: 'hk-2022-05-31', today: '2022-07-15', cases: (t) => [
      { name: 'under-12: a child of 8 is admitted', rec: { dob: hk(t, -8, -2) }, want: 'admit', reason: 'age-exempt' },
      { name: 'under-12 boundary: the day before the 12th birthday still exempt', rec: { dob: hk(t, -12, 0, 1) }, want: 'admit', reason: 'age-exempt' },
      { name: 'under-12 boundary: on the 12th birthday two old doses are refused', rec: { dob: hk(t, -12), doses: [hk(t, -1, -1), hk(t, -1)] }, want: 'invalid' },
      { name: '3-doses: valid', rec: { dob: '15-03-1985', doses: [hk(t, -2), hk(t, -2, 1), hk(t, -1)] }, want: 'valid' },
      { name: '2-doses-in-window: 2nd dose 6 months ago today, valid', rec: { dob: '15-03-1985', doses: [hk(t, -1), hk(t, 0, -6)] }, want: 'valid' },
      { name: '2-doses-expired: 2nd dose 6 months and a day ago, refused', rec: { dob: '15-03-1985', doses: [hk(t, -1), hk(t, 0, -6, -1)] }, want: 'invalid', reason: 'dose-window-expired' },
      { name: 'recovered-2-doses: recovered with two old doses, valid', rec: { dob: '15-03-1985', recovered: true, doses: [hk(t, -2), hk(t, -1)] }, want: 'valid', reason: 'recovered' },
      { name: 'recovered-1-dose-in-window: one dose 6 months ago today, valid', rec: { dob: '15-03-1985', recovered: true, doses: [hk(t, 0, -6)] }, want: 'valid', reason: 'recovered' },
      { name: 'recovered-1-dose-expired: one dose 6 months and a day ago, refused', rec: { dob: '15-03-1985', recovered: true, doses: [hk(t, 0, -6, -1)] }, want: 'invalid', reason: 'dose-window-expired' },
      { name: 'recovered-no-dose: refused', rec: { dob: '15-03-1985', recovered: true }, want: 'invalid', reason: 'recovery-date-unknown' },
      { name: 'short: one recent dose, refused', rec: { dob: '15-03-1985', doses: [hk(t, 0, -1)] }, want: 'invalid', reason: 'doses-insufficient' },
      { name: 'short: no dose, refused', rec: { dob: '15-03-1985' }, want: 'invalid', reason: 'doses-insufficient' },
    ],
  },
  {
    stage: 'hk-2022-09-30', today: '2022-10-15', cases: (t) => [
      { name: 'under-5: a child of 3 with no dose is admitted', rec: { dob: hk(t, -3, -2) }, want: 'admit', reason: 'age-exempt' },
      { name: 'under-5 boundary: the day before the 5th birthday still exempt', rec: { dob: hk(t, -5, 0, 1) }, want: 'admit', reason: 'age-exempt' },
      { name: 'under-5 boundary: on the 5th birthday, no dose is refused (5-11-no-dose)', rec: { dob: hk(t, -5) }, want: 'invalid', reason: 'doses-insufficient' },
      { name: '5-11-2-doses: valid', rec: { dob: hk(t, -8, -2), doses: [hk(t, -1), hk(t, -1, 1)] }, want: 'valid' },
      { name: '5-11-1-dose-in-window: one dose 3 months ago today, valid', rec: { dob: hk(t, -8, -2), doses: [hk(t, 0, -3)] }, want: 'valid' },
      { name: '5-11-1-dose-expired: one dose 3 months and a day ago, refused', rec: { dob: hk(t, -8, -2), doses: [hk(t, 0, -3, -1)] }, want: 'invalid', reason: 'dose-window-expired' },
      { name: '5-11-recovered-1-dose-in-window: recovered, one dose 6 months ago today, valid', rec: { dob: hk(t, -8, -2), recovered: true, doses: [hk(t, 0, -6)] }, want: 'valid', reason: 'recovered' },
      { name: '5-11-recovered-1-dose-expired: recovered, one dose 6 months and a day ago, refused', rec: { dob: hk(t, -8, -2), recovered: true, doses: [hk(t, 0, -6, -1)] }, want: 'invalid', reason: 'dose-window-expired' },
      { name: '5-11-no-dose: refused', rec: { dob: hk(t, -8, -2) }, want: 'invalid', reason: 'doses-insufficient' },
      { name: '12 boundary: on the 12th birthday two old doses are refused', rec: { dob: hk(t, -12), doses: [hk(t, -1, -1), hk(t, -1)] }, want: 'invalid' },
      { name: '12 boundary: the day before the 12th birthday two old doses are valid', rec: { dob: hk(t, -12, 0, 1), doses: [hk(t, -1, -1), hk(t, -1)] }, want: 'valid' },
      { name: '3-doses: valid', rec: { dob: '15-03-1985', doses: [hk(t, -2), hk(t, -2, 1), hk(t, -1)] }, want: 'valid' },
      { name: '2-doses-in-window: 2nd dose 5 months ago today, valid', rec: { dob: '15-03-1985', doses: [hk(t, -1), hk(t, 0, -5)] }, want: 'valid' },
      { name: '2-doses-expired: 2nd dose 5 months and a day ago, refused', rec: { dob: '15-03-1985', doses: [hk(t, -1), hk(t, 0, -5, -1)] }, want: 'invalid', reason: 'dose-window-expired' },
      { name: 'recovered-2-doses: recovered with two old doses, valid', rec: { dob: '15-03-1985', recovered: true, doses: [hk(t, -2), hk(t, -1)] }, want: 'valid', reason: 'recovered' },
      { name: 'recovered-1-dose-in-window: valid', rec: { dob: '15-03-1985', recovered: true, doses: [hk(t, 0, -6)] }, want: 'valid', reason: 'recovered' },
      { name: 'recovered-1-dose-expired: refused', rec: { dob: '15-03-1985', recovered: true, doses: [hk(t, 0, -6, -1)] }, want: 'invalid', reason: 'dose-window-expired' },
      { name: 'recovered-no-dose: refused', rec: { dob: '15-03-1985', recovered: true }, want: 'invalid', reason: 'recovery-date-unknown' },
      { name: 'short: one dose, refused', rec: { dob: '15-03-1985', doses: [hk(t, 0, -1)] }, want: 'invalid', reason: 'doses-insufficient' },
    ],
  },
  {
    stage: 'hk-2022-11-30', today: '2022-12-15', cases: (t) => [
      { name: 'under-5: a child of 3 with no dose is admitted', rec: { dob: hk(t, -3, -2) }, want: 'admit', reason: 'age-exempt' },
      { name: 'under-5 boundary: the day before the 5th birthday still exempt', rec: { dob: hk(t, -5, 0, 1) }, want: 'admit', reason: 'age-exempt' },
      { name: 'under-5 boundary: on the 5th birthday, no dose is refused (5-11-short)', rec: { dob: hk(t, -5) }, want: 'invalid', reason: 'needs-2-doses' },
      { name: '5-11-2-doses: valid', rec: { dob: hk(t, -8, -2), doses: [hk(t, -1), hk(t, -1, 1)] }, want: 'valid' },
      { name: '5-11-short: one recent dose, not recovered, refused', rec: { dob: hk(t, -8, -2), doses: [hk(t, 0, -1)] }, want: 'invalid', reason: 'needs-2-doses' },
      { name: '5-11-short: no dose, refused', rec: { dob: hk(t, -8, -2) }, want: 'invalid', reason: 'doses-insufficient' },
      { name: '5-11-recovered-1-dose-in-window: recovered, one dose 6 months ago today, valid', rec: { dob: hk(t, -8, -2), recovered: true, doses: [hk(t, 0, -6)] }, want: 'valid', reason: 'recovered' },
      { name: '5-11-recovered-1-dose-expired: recovered, one dose 6 months and a day ago, refused', rec: { dob: hk(t, -8, -2), recovered: true, doses: [hk(t, 0, -6, -1)] }, want: 'invalid', reason: 'dose-window-expired' },
      { name: '5-11 age bound of the recovered path: at 11 1/2, recovered with a dose 5 months ago, valid', rec: { dob: hk(t, -11, -6), recovered: true, doses: [hk(t, 0, -5)] }, want: 'valid', reason: 'recovered' },
      { name: '5-11 age bound of the recovered path: at 11 1/2, recovered with an old dose, dose-window-expired', rec: { dob: hk(t, -11, -6), recovered: true, doses: [hk(t, -1)] }, want: 'invalid', reason: 'dose-window-expired' },
      { name: '5-11 age bound of 5-11-short: at 11 1/2 with one dose, 2 doses are needed (not 3)', rec: { dob: hk(t, -11, -6), doses: [hk(t, 0, -1)] }, want: 'invalid', reason: 'needs-2-doses' },
      { name: '12 boundary: on the 12th birthday two doses are refused', rec: { dob: hk(t, -12), doses: [hk(t, -1, -1), hk(t, 0, -1)] }, want: 'invalid', reason: 'needs-3-doses' },
      { name: '12 boundary: the day before the 12th birthday two doses are valid', rec: { dob: hk(t, -12, 0, 1), doses: [hk(t, -1, -1), hk(t, 0, -1)] }, want: 'valid' },
      { name: '3-doses: valid', rec: { dob: '15-03-1985', doses: [hk(t, -2), hk(t, -2, 1), hk(t, -1)] }, want: 'valid' },
      { name: 'recovered-2-doses: recovered with two old doses, valid', rec: { dob: '15-03-1985', recovered: true, doses: [hk(t, -2), hk(t, -1)] }, want: 'valid', reason: 'recovered' },
      { name: 'recovered-1-dose-in-window: one dose 6 months ago today, valid', rec: { dob: '15-03-1985', recovered: true, doses: [hk(t, 0, -6)] }, want: 'valid', reason: 'recovered' },
      { name: 'recovered-1-dose-expired: one dose 6 months and a day ago, refused', rec: { dob: '15-03-1985', recovered: true, doses: [hk(t, 0, -6, -1)] }, want: 'invalid', reason: 'dose-window-expired' },
      { name: 'recovered-no-dose: refused', rec: { dob: '15-03-1985', recovered: true }, want: 'invalid', reason: 'recovery-date-unknown' },
      { name: 'short: two recent doses, refused', rec: { dob: '15-03-1985', doses: [hk(t, 0, -2), hk(t, 0, -1)] }, want: 'invalid', reason: 'needs-3-doses' },
    ],
  },
];

describe('hk-2022-11-30 "valid until" shown on the verdict', () => {
  const t = '2022-12-15';
  it('kills: a recovered 5-11 holder\'s validUntil moved (6 months after the dose)', async () => {
    const v = await outcome('hk-2022-11-30', t, { dob: hk(t, -8, -2), recovered: true, doses: ['15-10-2022'] });
    expect(v.outcome).toBe('valid');
    expect(v.display.validUntil).toBe('2023-04-15');
  });
  it('kills: a recovered adult\'s validUntil moved (6 months after the dose)', async () => {
    const v = await outcome('hk-2022-11-30', t, { dob: '15-03-1985', recovered: true, doses: ['15-09-2022'] });
    expect(v.display.validUntil).toBe('2023-03-15');
  });
  it('kills: a MEC\'s validUntil moved (its own valid-until day)', async () => {
    const v = (await check(makeMec({ validUntil: '20-01-2023' }), ctx({ now: `${t}T04:00:00Z`, profile: 'hk-2022-11-30' }))).verdict;
    expect(v.outcome).toBe('exempt');
    expect(v.display.validUntil).toBe('2023-01-20');
  });
});

for (const s of STAGES) {
  describe(`${s.stage} outcomes (pinned, scanned ${s.today} noon HKT)`, () => {
    for (const c of s.cases(s.today)) {
      it(`kills: ${c.name}`, async () => {
        expectOutcome(await outcome(s.stage, s.today, c.rec), c.want, c.reason);
      });
    }
    mecCases(s.stage, s.today);
  });
}

describe('hk-2022-12-29 (scrapped)', () => {
  it('kills: scrapped clause outcome flipped (VAC and MEC are not-applicable)', async () => {
    const c = ctx({ now: '2023-01-15T04:00:00Z', profile: 'hk-2022-12-29' });
    for (const rec of [makeVac(), makeMec(), makeVac({ doses: [], total: 0 })]) {
      const v = (await check(rec, c)).verdict;
      expect(v.outcome).toBe('not-applicable');
      expect(v.reasons).toEqual(['vaccine-pass-scrapped']);
    }
  });
});

// Clauses the per-stage tables above do not reach (found by re-running `npm run mutate:rules`: their outcome flips
// survived): the 2021 VAC layout, a child's exemption certificate, and the 12-17 two-dose and window paths of
// stage 2. Expected outcomes from docs/rules.md ("age comes first ... an expired exemption certificate included";
// "the 2021 VAC layout ... stage 2: 2 doses, or a recovered holder within 6 months of the dose; one dose alone is
// refused with age-not-on-record ... from stage 3 it is record-outdated"; stage 2: "12-17: 1 dose, but a 2nd once
// the 1st is 6 months old").
describe('clauses outside the per-stage tables', () => {
  const old = async (stage: string, today: string, rec: { doses: string[]; recovered?: boolean }) =>
    (await check(makeOldVac2021({ doses: doses(...rec.doses), recovered: rec.recovered ?? false }), ctx({ now: `${today}T04:00:00Z`, profile: stage }))).verdict;
  const mec = async (stage: string, today: string, dob: string, validUntil: string) =>
    (await check(makeMec({ dob, validUntil }), ctx({ now: `${today}T04:00:00Z`, profile: stage }))).verdict;

  it('kills: hk-2022-02-24 2021-layout flipped (a 2021-layout record with one dose is valid in stage 1)', async () => {
    const t = '2022-03-15';
    expectOutcome(await old('hk-2022-02-24', t, { doses: [hk(t, 0, -2)] }), 'valid');
  });

  it('kills: hk-2022-04-30 2021-layout-2-doses flipped (two doses on a 2021-layout record: valid)', async () => {
    const t = '2022-05-15';
    expectOutcome(await old('hk-2022-04-30', t, { doses: [hk(t, -1), hk(t, -1, 1)] }), 'valid');
  });

  it('kills: hk-2022-04-30 2021-layout-recovered-1-dose-in-window flipped (recovered, the dose 6 months ago today: valid)', async () => {
    const t = '2022-05-15';
    expectOutcome(await old('hk-2022-04-30', t, { recovered: true, doses: [hk(t, 0, -6)] }), 'valid', 'recovered');
  });

  it('kills: hk-2022-04-30 2021-layout-1-dose flipped (one dose, or recovered with the dose 6 months and a day ago: age-not-on-record)', async () => {
    const t = '2022-05-15';
    const one = await old('hk-2022-04-30', t, { doses: [hk(t, 0, -1)] });
    expectOutcome(one, 'invalid', 'age-not-on-record');
    const late = await old('hk-2022-04-30', t, { recovered: true, doses: [hk(t, 0, -6, -1)] });
    expectOutcome(late, 'invalid', 'age-not-on-record');
  });

  for (const [stage, t] of [['hk-2022-05-31', '2022-07-15'], ['hk-2022-09-30', '2022-10-15'], ['hk-2022-11-30', '2022-12-15']] as const) {
    it(`kills: ${stage} 2021-layout flipped (a 2021-layout record with three doses is record-outdated)`, async () => {
      expectOutcome(await old(stage, t, { doses: [hk(t, -1, -2), hk(t, -1, -1), hk(t, -1)] }), 'invalid', 'record-outdated');
    });
  }

  for (const [stage, t, age] of [
    ['hk-2022-02-24', '2022-03-15', 12], ['hk-2022-04-30', '2022-05-15', 12], ['hk-2022-05-31', '2022-07-15', 12],
    ['hk-2022-09-30', '2022-10-15', 5], ['hk-2022-11-30', '2022-12-15', 5],
  ] as const) {
    it(`kills: ${stage} mec under-${age} flipped (a child's expired exemption is still age-exempt; on the ${age}th birthday it is expired)`, async () => {
      const yesterday = hk(t, 0, 0, -1);
      expectOutcome(await mec(stage, t, hk(t, -age, 0, 1), yesterday), 'valid', 'age-exempt');
      expectOutcome(await mec(stage, t, hk(t, -age), yesterday), 'invalid', 'exemption-expired');
    });
  }

  it('kills: hk-2022-04-30 12-17-2-doses flipped (a 15-year-old with two old doses is valid)', async () => {
    const t = '2022-05-15';
    expectOutcome(await outcome('hk-2022-04-30', t, { dob: hk(t, -15, -2), doses: [hk(t, -1, -1), hk(t, -1)] }), 'valid');
  });

  it('kills: hk-2022-04-30 12-17-1-dose-expired flipped (a 15-year-old: one dose 6 months ago today valid, 6 months and a day refused)', async () => {
    const t = '2022-05-15';
    expectOutcome(await outcome('hk-2022-04-30', t, { dob: hk(t, -15, -2), doses: [hk(t, 0, -6)] }), 'valid');
    const late = await outcome('hk-2022-04-30', t, { dob: hk(t, -15, -2), doses: [hk(t, 0, -6, -1)] });
    expectOutcome(late, 'invalid', 'dose-window-expired');
    expect(late.reasons).toContain('needs-2-doses');
  });
});

// Found by the number mutants of the other stages (`npm run mutate:rules -- --kinds number --file ...`): the shown
// "valid until" of a MEC and of a recovered holder, and the 5-11 age bound of stage 4's one-dose paths.
describe('numbers of the earlier stages', () => {
  /** YYYY-MM-DD of an ISO date shifted by months (the same plain UTC arithmetic as hk()) */
  const iso = (d: string, months: number) => hk(d, 0, months).split('-').reverse().join('-');

  for (const [stage, t] of [['hk-2022-02-24', '2022-03-15'], ['hk-2022-04-30', '2022-05-15'], ['hk-2022-05-31', '2022-07-15'], ['hk-2022-09-30', '2022-10-15']] as const) {
    it(`kills: ${stage} mec-in-date validUntil moved (a MEC shows its own valid-until day)`, async () => {
      const v = (await check(makeMec({ validUntil: hk(t, 0, 1) }), ctx({ now: `${t}T04:00:00Z`, profile: stage }))).verdict;
      expect(v.outcome).toBe('exempt');
      expect(v.display.validUntil).toBe(iso(t, 1));
    });
  }

  for (const [stage, t] of [['hk-2022-04-30', '2022-05-15'], ['hk-2022-05-31', '2022-07-15'], ['hk-2022-09-30', '2022-10-15']] as const) {
    it(`kills: ${stage} recovered-1-dose-in-window validUntil moved (6 months after the dose)`, async () => {
      const v = await outcome(stage, t, { dob: '15-03-1985', recovered: true, doses: [hk(t, 0, -2)] });
      expect(v.outcome).toBe('valid');
      expect(v.display.validUntil).toBe(iso(t, 4));
    });
  }

  it('kills: hk-2022-09-30 5-11 age bound of the one-dose paths moved (11 1/2: the 5-11 rules; 12 1/2: the 12+ rules)', async () => {
    const t = '2022-10-15';
    expectOutcome(await outcome('hk-2022-09-30', t, { dob: hk(t, -11, -6), doses: [hk(t, 0, -1)] }), 'valid');
    expectOutcome(await outcome('hk-2022-09-30', t, { dob: hk(t, -12, -6), doses: [hk(t, 0, -1)] }), 'invalid', 'doses-insufficient');
    expectOutcome(await outcome('hk-2022-09-30', t, { dob: hk(t, -11, -6), recovered: true, doses: [hk(t, 0, -5)] }), 'valid', 'recovered');
  });
});
