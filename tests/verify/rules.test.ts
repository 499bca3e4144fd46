// Vaccine Pass stages (hk-formats.md section 2) at their boundaries, in Hong Kong time, through verify().
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULE_FILES, loadRuleProfile, loadRuleSet, verify } from '../../main/verify/index.ts';
import { makeMec, makeVac, type Dose } from '../fixtures/hk/sign.ts';
import { check, ctx } from './helpers.ts';

const doses = (...dates: string[]): Dose[] => dates.map((date) => ({ date, code: 'BNT' }));
/** Hong Kong midnight starting the given day, as a UTC instant (HK is UTC+8). */
const hkMidnight = (isoDate: string) => new Date(Date.parse(`${isoDate}T00:00:00+08:00`)).toISOString();
/** noon in Hong Kong on that day */
const hkNoon = (isoDate: string) => `${isoDate}T04:00:00Z`;
const before = (iso: string) => new Date(Date.parse(iso) - 1).toISOString();

const ADULT = '15-03-1985';

async function decide(rec: string, now: string, profile = 'by-date') {
  return (await check(rec, ctx({ now, profile }))).verdict;
}

describe('by-date selects the stage in force at the scan instant (HK midnight)', () => {
  const stages = ['2022-02-24', '2022-04-30', '2022-05-31', '2022-09-30', '2022-11-30'];
  for (const [i, day] of stages.entries()) {
    it(`stage from ${day}`, async () => {
      const at = await decide(makeVac(), hkMidnight(day));
      expect(at.ruleSet).toBe(`hk-${day}`);
      const just = await decide(makeVac(), before(hkMidnight(day)));
      if (i === 0) expect(just).toMatchObject({ outcome: 'not-applicable', reasons: ['vaccine-pass-not-in-force'] });
      else expect(just.ruleSet).toBe(`hk-${stages[i - 1]}`);
    });
  }
  it('from 29 Dec 2022 the pass is scrapped: not applicable, for VAC and MEC alike', async () => {
    expect((await decide(makeVac(), before(hkMidnight('2022-12-29')))).outcome).toBe('valid');
    for (const rec of [makeVac(), makeMec()]) {
      const v = await decide(rec, hkMidnight('2022-12-29'));
      expect(v).toMatchObject({ outcome: 'not-applicable', reasons: ['vaccine-pass-scrapped'], ruleSet: 'hk-2022-12-29' });
    }
    expect((await decide(makeVac(), '2026-01-01T00:00:00Z')).reasons).toEqual(['vaccine-pass-scrapped']);
  });
  it('a pinned stage applies whatever the date', async () => {
    const v = await decide(makeVac({ doses: doses('01-06-2021', '01-07-2021') }), '2026-01-01T00:00:00Z', 'hk-2022-11-30');
    expect(v).toMatchObject({ outcome: 'invalid', ruleSet: 'hk-2022-11-30', reasons: ['doses-insufficient', 'needs-3-doses'] });
    const early = await decide(makeVac({ doses: doses('01-06-2021') }), '2021-01-01T00:00:00Z', 'hk-2022-02-24');
    expect(early).toMatchObject({ outcome: 'valid', ruleSet: 'hk-2022-02-24' });
  });
});

describe('stage 1 (24 Feb): 1 dose from 12; under 12 exempt', () => {
  const now = hkNoon('2022-03-01');
  it('adult with 1 dose is valid, with none is refused', async () => {
    expect((await decide(makeVac({ dob: ADULT, doses: doses('01-06-2021') }), now)).outcome).toBe('valid');
    expect(await decide(makeVac({ dob: ADULT, doses: [] }), now)).toMatchObject({ outcome: 'invalid', reasons: ['doses-insufficient', 'needs-1-dose'] });
  });
  it('an 11-year-old with no dose is exempt by age', async () => {
    expect(await decide(makeVac({ dob: '10-10-2010', doses: [] }), now)).toMatchObject({ outcome: 'valid', reasons: ['age-exempt'] });
  });
});

describe('stage 2 (30 Apr): 2 doses from 18, 1 dose at 12-17', () => {
  const now = hkNoon('2022-05-10');
  it('adult with 1 dose now needs 2', async () => {
    expect(await decide(makeVac({ dob: ADULT, doses: doses('01-06-2021') }), now)).toMatchObject({ outcome: 'invalid', reasons: ['doses-insufficient', 'needs-2-doses'] });
    expect((await decide(makeVac({ dob: ADULT, doses: doses('01-06-2021', '01-07-2021') }), now)).outcome).toBe('valid');
  });
  it('a 15-year-old with 1 recent dose is valid; with none needs 1', async () => {
    expect((await decide(makeVac({ dob: '01-02-2007', doses: doses('01-01-2022') }), now)).outcome).toBe('valid');
    expect((await decide(makeVac({ dob: '02-02-2007', doses: [] }), now)).reasons).toEqual(['doses-insufficient', 'needs-1-dose']);
  });
  it('18th birthday: one day 17 (1 dose enough), next day 18 (needs 2)', async () => {
    const rec = makeVac({ dob: '11-05-2004', doses: doses('01-03-2022') });
    expect((await decide(rec, hkNoon('2022-05-10'))).outcome).toBe('valid');
    expect((await decide(rec, hkNoon('2022-05-11'))).reasons).toEqual(['doses-insufficient', 'needs-2-doses']);
  });
});

describe('stage 3 (31 May): 3 doses from 12, or 2 with the 2nd within 6 months', () => {
  const two = makeVac({ dob: ADULT, doses: doses('01-07-2021', '25-01-2022') });
  it('2 doses: valid through the day 6 calendar months after the 2nd dose, then dose-window-expired', async () => {
    const v = await decide(two, hkNoon('2022-06-01'));
    expect(v).toMatchObject({ outcome: 'valid', ruleSet: 'hk-2022-05-31' });
    expect(v.display.validUntil).toBe('2022-07-25');
    expect((await decide(two, before(hkMidnight('2022-07-26')))).outcome).toBe('valid');
    expect(await decide(two, hkMidnight('2022-07-26'))).toMatchObject({ outcome: 'invalid', reasons: ['dose-window-expired', 'needs-3-doses'] });
  });
  it('3 doses valid; 1 dose refused', async () => {
    expect((await decide(makeVac(), hkNoon('2022-08-01'))).outcome).toBe('valid');
    expect((await decide(makeVac({ doses: doses('01-06-2021') }), hkNoon('2022-08-01'))).reasons).toEqual(['doses-insufficient', 'needs-2-doses']);
  });
  it('a 7-year-old with no dose is still exempt', async () => {
    expect((await decide(makeVac({ dob: '05-05-2015', doses: [] }), hkNoon('2022-08-01'))).reasons).toEqual(['age-exempt']);
  });
});

describe('stage 4 (30 Sep): 5-11 included; 3rd-dose window 5 months from 12', () => {
  it('adult 2 doses: window cut to 5 calendar months', async () => {
    const rec = makeVac({ dob: ADULT, doses: doses('01-01-2022', '15-06-2022') });
    const v = await decide(rec, hkNoon('2022-10-01'));
    expect(v).toMatchObject({ outcome: 'valid', display: { validUntil: '2022-11-15' } });
    expect((await decide(rec, hkNoon('2022-11-15'))).outcome).toBe('valid');
    expect((await decide(rec, hkMidnight('2022-11-16'))).reasons).toEqual(['dose-window-expired', 'needs-3-doses']);
    // the same record under stage 3 (6 months) would still be valid on 2022-11-16
    expect((await decide(rec, hkMidnight('2022-11-16'), 'hk-2022-05-31')).outcome).toBe('valid');
  });
  it('an 8-year-old: 2 doses valid; 1 dose valid for 3 months; none refused', async () => {
    const dob = '05-05-2014';
    expect((await decide(makeVac({ dob, doses: doses('01-03-2022', '01-05-2022') }), hkNoon('2022-10-01'))).outcome).toBe('valid');
    const one = makeVac({ dob, doses: doses('01-08-2022') });
    expect(await decide(one, hkNoon('2022-10-01'))).toMatchObject({ outcome: 'valid', display: { validUntil: '2022-11-01' } });
    expect(await decide(one, hkNoon('2022-11-02'))).toMatchObject({ outcome: 'invalid', reasons: ['dose-window-expired', 'needs-2-doses'] });
    expect((await decide(makeVac({ dob, doses: [] }), hkNoon('2022-10-01'))).reasons).toEqual(['doses-insufficient', 'needs-1-dose']);
  });
  it('a 4-year-old is exempt by age', async () => {
    expect((await decide(makeVac({ dob: '05-05-2018', doses: [] }), hkNoon('2022-10-01'))).reasons).toEqual(['age-exempt']);
  });
});

describe('final stage (30 Nov): 3 doses from 12, 2 doses at 5-11', () => {
  const now = hkNoon('2022-12-01');
  it('adult: 2 doses refused however recent, with "3 doses needed"', async () => {
    const v = await decide(makeVac({ doses: doses('01-09-2022', '01-11-2022') }), now);
    expect(v).toMatchObject({ outcome: 'invalid', reasons: ['doses-insufficient', 'needs-3-doses'], display: { doses: 2 } });
  });
  it('12th birthday in Hong Kong time: 11-year-olds need 2, 12-year-olds 3', async () => {
    const rec = makeVac({ dob: '05-12-2010', doses: doses('01-03-2022', '01-05-2022') });
    expect((await decide(rec, before(hkMidnight('2022-12-05')))).outcome).toBe('valid');
    expect((await decide(rec, hkMidnight('2022-12-05'))).reasons).toEqual(['doses-insufficient', 'needs-3-doses']);
  });
  it('partial DOBs get the benefit of the doubt (01-01-yyyy = year only, 01-MM-yyyy = month only)', async () => {
    const two = doses('01-03-2022', '01-05-2022');
    // year only: read as 31 Dec 2010, so still 11 on 20 Dec 2022
    expect((await decide(makeVac({ dob: '01-01-2010', doses: two }), hkNoon('2022-12-20'))).outcome).toBe('valid');
    expect((await decide(makeVac({ dob: '01-01-2010', doses: two }), hkNoon('2022-12-31'), 'hk-2022-11-30')).reasons).toEqual(['doses-insufficient', 'needs-3-doses']);
    // month only: 01-12-2010 read as 31 Dec 2010
    expect((await decide(makeVac({ dob: '01-12-2010', doses: two }), hkNoon('2022-12-20'))).outcome).toBe('valid');
    // an exact day other than the 1st is taken as is
    expect((await decide(makeVac({ dob: '02-12-2010', doses: two }), hkNoon('2022-12-20'))).outcome).toBe('invalid');
  });
  it('5-11 with 1 dose is refused, needing 2', async () => {
    expect((await decide(makeVac({ dob: '05-05-2014', doses: doses('01-11-2022') }), now)).reasons).toEqual(['doses-insufficient', 'needs-2-doses']);
  });
});

describe('recovered persons (001)', () => {
  const now = hkNoon('2022-12-01');
  it('2 doses suffice at the final stage', async () => {
    expect(await decide(makeVac({ recovered: true, doses: doses('01-06-2021', '01-07-2021') }), now)).toMatchObject({ outcome: 'valid', reasons: ['recovered'] });
  });
  it('1 dose: valid within 6 months of it, then dose-window-expired', async () => {
    const rec = makeVac({ recovered: true, doses: doses('01-10-2022') });
    expect(await decide(rec, now)).toMatchObject({ outcome: 'valid', reasons: ['recovered'], display: { validUntil: '2023-04-01' } });
    expect((await decide(rec, hkNoon('2023-04-02'), 'hk-2022-11-30')).reasons).toEqual(['dose-window-expired', 'needs-2-doses']);
  });
  it('no dose: the record has no recovery date, so it cannot be admitted', async () => {
    const v = await decide(makeVac({ recovered: true, doses: [] }), now);
    expect(v.outcome).toBe('invalid');
    expect(v.reasons).toContain('recovery-date-unknown');
  });
  it('a 2-dose non-recovered adult in the same situation is refused', async () => {
    expect((await decide(makeVac({ doses: doses('01-06-2021', '01-07-2021') }), now)).outcome).toBe('invalid');
  });
});

describe('MEC across stages', () => {
  it('exempt at stage 1 and the final stage while in date', async () => {
    expect((await decide(makeMec({ validUntil: '30-06-2022' }), hkNoon('2022-03-01'))).outcome).toBe('exempt');
    expect((await decide(makeMec({ validUntil: '30-06-2022' }), hkNoon('2022-07-01'))).reasons).toEqual(['exemption-expired']);
  });
});

describe('profiles and rule files', () => {
  it('the default profile pins the final stage and says so', () => {
    const p = loadRuleProfile();
    if (!p.ok) throw new Error(p.error);
    expect(p.profile.id).toBe('hk-2022-11-30');
    expect(p.profile.pinned?.id).toBe('hk-2022-11-30');
    expect(p.profile.label.en).toMatch(/pinned/i);
    expect(p.profile.label.zh).toMatch(/固定/);
  });
  it('unknown profile ids are an error naming the choices', () => {
    const p = loadRuleProfile('hk-2099-01-01');
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.error).toContain('by-date');
  });
  it('a rule file with invalid CertLogic is refused at load time, naming the clause', () => {
    const f = structuredClone(BUILTIN_RULE_FILES[4]) as { vac: { when: unknown }[] };
    f.vac[1]!.when = { between: [1, 2] };
    const r = loadRuleSet(f);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/hk-2022-11-30.*vac\[1\].*between/);
  });
  it('a new stage is a file: it takes over by date, and a file with a shipped id replaces it', async () => {
    const next = {
      version: 1, id: 'hk-2022-12-15', label: { en: 'Hypothetical stage', zh: '假設階段' }, validFrom: '2022-12-15T00:00:00+08:00',
      vac: [{ name: 'four-doses', when: { '>=': [{ var: 'record.doses' }, 4] }, outcome: 'valid', reasons: [] },
        { name: 'short', when: true, outcome: 'invalid', reasons: ['doses-insufficient', 'needs-4-doses'] }],
      mec: [{ name: 'all', when: true, outcome: 'exempt', reasons: [] }],
    };
    const p = loadRuleProfile('by-date', [next]);
    if (!p.ok) throw new Error(p.error);
    const c = { ...ctx({ now: hkNoon('2022-12-16') }), rules: p.profile };
    // a new file may bring its own reason codes (the screen falls back to the outcome for unknown ones)
    const v = (await verify(makeVac(), c)).verdict;
    expect(v).toMatchObject({ outcome: 'invalid', ruleSet: 'hk-2022-12-15', reasons: ['doses-insufficient', 'needs-4-doses'] });
    const replaced = loadRuleProfile('hk-2022-11-30', [{ ...next, id: 'hk-2022-11-30' }]);
    if (!replaced.ok) throw new Error(replaced.error);
    expect(replaced.profile.pinned?.label.en).toBe('Hypothetical stage');
  });
});
