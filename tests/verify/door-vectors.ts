// Door vectors minted from the rule text (hk-formats.md section 2 and its corrections), signed with fresh keys.
// Each says what the door must answer; the expected outcomes are written from the rules, not from the code.
// Used by the rule tests (verify) and by the one-decision-path test (kiosk verify == kiosk core).
import type { Dose } from '../fixtures/hk/sign.ts';
import type { FreshIssuer } from './fresh-issuer.ts';

export interface DoorVector {
  name: string;
  text: string;
  /** scan instant, ISO 8601 with the Hong Kong offset */
  now: string;
  profile: string;
  venue?: 'active' | 'passive';
  expect: { outcome: string; reasons?: string[]; validUntil?: string };
}

/** HK wall-clock time -> ISO instant; '23:59' means the last second of the day. */
export const hk = (date: string, time: '00:00' | '12:00' | '23:59') => `${date}T${time === '23:59' ? '23:59:59' : `${time}:00`}+08:00`;
const doses = (...dates: string[]): Dose[] => dates.map((date) => ({ date, code: 'BNT' }));

const ADULT = '15-03-1985';

export function doorVectors(i: FreshIssuer): DoorVector[] {
  const v: DoorVector[] = [];
  const add = (name: string, text: string, now: string, profile: string, expect: DoorVector['expect'], venue?: 'active' | 'passive') =>
    v.push({ name, text, now, profile, expect, ...(venue ? { venue } : {}) });

  // ---- stage boundaries at 00:00 and 23:59 Hong Kong time (by-date) ----
  const oneRecent = i.vac({ dob: ADULT, doses: doses('01-03-2022') });
  add('stage 1 last minute: adult with 1 dose valid', oneRecent, hk('2022-04-29', '23:59'), 'by-date', { outcome: 'valid', reasons: [] });
  add('stage 2 first minute: adult with 1 dose needs 2', oneRecent, hk('2022-04-30', '00:00'), 'by-date', { outcome: 'invalid', reasons: ['doses-insufficient', 'needs-2-doses'] });
  const twoOld = i.vac({ dob: ADULT, doses: doses('01-06-2021', '01-09-2021') });
  add('stage 2 last minute: adult with 2 old doses valid', twoOld, hk('2022-05-30', '23:59'), 'by-date', { outcome: 'valid', reasons: [] });
  add('stage 3 first minute: 2nd dose older than 6 months', twoOld, hk('2022-05-31', '00:00'), 'by-date', { outcome: 'invalid', reasons: ['dose-window-expired', 'needs-3-doses'] });
  const child7 = i.vac({ dob: '20-03-2015', doses: [] });
  add('stage 3 last minute: 7-year-old with no dose is outside the pass', child7, hk('2022-09-29', '23:59'), 'by-date', { outcome: 'valid', reasons: ['age-exempt'] });
  add('stage 4 first minute: 7-year-old with no dose needs a dose', child7, hk('2022-09-30', '00:00'), 'by-date', { outcome: 'invalid', reasons: ['doses-insufficient', 'needs-1-dose'] });
  const twoAug = i.vac({ dob: ADULT, doses: doses('01-03-2022', '10-08-2022') });
  add('stage 4 last minute: 2 doses, 2nd within 5 months', twoAug, hk('2022-11-29', '23:59'), 'by-date', { outcome: 'valid', reasons: [] });
  add('stage 5 first minute: 3 doses needed', twoAug, hk('2022-11-30', '00:00'), 'by-date', { outcome: 'invalid', reasons: ['doses-insufficient', 'needs-3-doses'] });
  add('stage 5 last minute: 2 doses refused', twoAug, hk('2022-12-28', '23:59'), 'by-date', { outcome: 'invalid', reasons: ['doses-insufficient', 'needs-3-doses'] });
  add('scrapped from 29 Dec 00:00', twoAug, hk('2022-12-29', '00:00'), 'by-date', { outcome: 'not-applicable', reasons: ['vaccine-pass-scrapped'] });
  add('before 24 Feb 2022: not in force', oneRecent, hk('2022-02-23', '23:59'), 'by-date', { outcome: 'not-applicable', reasons: ['vaccine-pass-not-in-force'] });
  add('stage 1 first minute: adult with 1 dose valid', oneRecent, hk('2022-02-24', '00:00'), 'by-date', { outcome: 'valid', reasons: [] });

  // ---- calendar months: the window ends on the same day, or the month's last day ----
  const dec31 = i.vac({ dob: ADULT, doses: doses('01-07-2021', '31-12-2021') });
  add('31 Dec + 6 months: valid through 30 Jun 23:59', dec31, hk('2022-06-30', '23:59'), 'by-date', { outcome: 'valid', reasons: [], validUntil: '2022-06-30' });
  add('31 Dec + 6 months: refused on 1 Jul 00:00', dec31, hk('2022-07-01', '00:00'), 'by-date', { outcome: 'invalid', reasons: ['dose-window-expired', 'needs-3-doses'] });
  const aug31 = i.vac({ dob: ADULT, doses: doses('01-03-2022', '31-08-2022') });
  add('31 Aug 2022 + 6 months: valid through 28 Feb 2023', aug31, hk('2023-02-28', '23:59'), 'hk-2022-05-31', { outcome: 'valid', reasons: [], validUntil: '2023-02-28' });
  add('31 Aug 2022 + 6 months: refused on 1 Mar 2023', aug31, hk('2023-03-01', '00:00'), 'hk-2022-05-31', { outcome: 'invalid', reasons: ['dose-window-expired', 'needs-3-doses'] });
  const aug31leap = i.vac({ dob: ADULT, doses: doses('01-03-2023', '31-08-2023') });
  add('31 Aug 2023 + 6 months: valid through 29 Feb 2024 (leap year)', aug31leap, hk('2024-02-29', '23:59'), 'hk-2022-05-31', { outcome: 'valid', reasons: [], validUntil: '2024-02-29' });
  add('31 Aug 2023 + 6 months: refused on 1 Mar 2024', aug31leap, hk('2024-03-01', '00:00'), 'hk-2022-05-31', { outcome: 'invalid', reasons: ['dose-window-expired', 'needs-3-doses'] });
  const may31 = i.vac({ dob: ADULT, doses: doses('01-01-2022', '31-05-2022') });
  add('31 May + 5 months (stage 4): valid through 31 Oct', may31, hk('2022-10-31', '23:59'), 'by-date', { outcome: 'valid', reasons: [], validUntil: '2022-10-31' });
  add('31 May + 5 months (stage 4): refused on 1 Nov', may31, hk('2022-11-01', '00:00'), 'by-date', { outcome: 'invalid', reasons: ['dose-window-expired', 'needs-3-doses'] });
  const child1dose = i.vac({ dob: '20-03-2014', doses: doses('31-08-2022') });
  add('5-11 one dose 31 Aug + 3 months: valid through 30 Nov', child1dose, hk('2022-11-30', '23:59'), 'hk-2022-09-30', { outcome: 'valid', reasons: [], validUntil: '2022-11-30' });
  add('5-11 one dose 31 Aug + 3 months: refused on 1 Dec', child1dose, hk('2022-12-01', '00:00'), 'hk-2022-09-30', { outcome: 'invalid', reasons: ['dose-window-expired', 'needs-2-doses'] });
  const recovered = i.vac({ dob: ADULT, doses: doses('31-12-2021'), recovered: true });
  add('recovered, 1 dose 31 Dec + 6 months: valid through 30 Jun', recovered, hk('2022-06-30', '23:59'), 'hk-2022-11-30', { outcome: 'valid', reasons: ['recovered'], validUntil: '2022-06-30' });
  add('recovered, 1 dose 31 Dec + 6 months: refused on 1 Jul', recovered, hk('2022-07-01', '00:00'), 'hk-2022-11-30', { outcome: 'invalid', reasons: ['dose-window-expired', 'needs-2-doses'] });

  // ---- stage 2, ages 12-17: one dose, but a second once the first is six months old ----
  const teen = (d: string[]) => i.vac({ dob: '15-03-2008', doses: doses(...d) });
  add('12-17 one dose 31 Oct 2021: valid through 30 Apr 2022', teen(['31-10-2021']), hk('2022-04-30', '23:59'), 'hk-2022-04-30', { outcome: 'valid', reasons: [], validUntil: '2022-04-30' });
  add('12-17 one dose 31 Oct 2021: refused on 1 May 2022', teen(['31-10-2021']), hk('2022-05-01', '00:00'), 'hk-2022-04-30', { outcome: 'invalid', reasons: ['dose-window-expired', 'needs-2-doses'] });
  add('12-17 one dose six months old at stage 2 start is refused', teen(['01-09-2021']), hk('2022-04-30', '00:00'), 'by-date', { outcome: 'invalid', reasons: ['dose-window-expired', 'needs-2-doses'] });
  add('12-17 two doses valid', teen(['01-09-2021', '01-10-2021']), hk('2022-05-20', '12:00'), 'by-date', { outcome: 'valid', reasons: [] });
  add('12-17 no dose needs 1', teen([]), hk('2022-05-20', '12:00'), 'by-date', { outcome: 'invalid', reasons: ['doses-insufficient', 'needs-1-dose'] });

  // ---- birthdays today / tomorrow ----
  add('stage 2: 18 today with 1 recent dose needs 2', i.vac({ dob: '10-05-2004', doses: doses('01-03-2022') }), hk('2022-05-10', '00:00'), 'by-date', { outcome: 'invalid', reasons: ['doses-insufficient', 'needs-2-doses'] });
  add('stage 2: 18 tomorrow with 1 recent dose valid', i.vac({ dob: '11-05-2004', doses: doses('01-03-2022') }), hk('2022-05-10', '23:59'), 'by-date', { outcome: 'valid', reasons: [] });
  add('stage 3: 12 today with no dose is refused', i.vac({ dob: '15-06-2010', doses: [] }), hk('2022-06-15', '00:00'), 'by-date', { outcome: 'invalid', reasons: ['doses-insufficient', 'needs-2-doses'] });
  add('stage 3: 12 tomorrow with no dose is outside the pass', i.vac({ dob: '16-06-2010', doses: [] }), hk('2022-06-15', '23:59'), 'by-date', { outcome: 'valid', reasons: ['age-exempt'] });
  add('stage 5: 5 today with no dose is refused', i.vac({ dob: '10-12-2017', doses: [] }), hk('2022-12-10', '00:00'), 'by-date', { outcome: 'invalid', reasons: ['doses-insufficient', 'needs-2-doses'] });
  add('stage 5: 5 tomorrow with no dose is outside the pass', i.vac({ dob: '11-12-2017', doses: [] }), hk('2022-12-10', '23:59'), 'by-date', { outcome: 'valid', reasons: ['age-exempt'] });
  add('born 29 Feb 2008: not yet 12 on 28 Feb 2020', i.vac({ dob: '29-02-2008', doses: [] }), hk('2020-02-28', '12:00'), 'hk-2022-02-24', { outcome: 'valid', reasons: ['age-exempt'] });
  add('born 29 Feb 2008: 12 on 29 Feb 2020', i.vac({ dob: '29-02-2008', doses: [] }), hk('2020-02-29', '00:00'), 'hk-2022-02-24', { outcome: 'invalid', reasons: ['doses-insufficient', 'needs-1-dose'] });

  // ---- age first: an expired exemption of a child outside the pass is no refusal ----
  const mecChild = i.mec({ dob: '20-03-2014', validUntil: '31-05-2022', reference: 'MECCHILD01' });
  add('stage 3: expired MEC of an 8-year-old is outside the pass', mecChild, hk('2022-06-15', '12:00'), 'by-date', { outcome: 'valid', reasons: ['age-exempt'] });
  add('stage 5: expired MEC of an 8-year-old is refused', mecChild, hk('2022-12-10', '12:00'), 'by-date', { outcome: 'invalid', reasons: ['exemption-expired'] });
  add('stage 5: expired MEC of a 4-year-old is outside the pass', i.mec({ dob: '20-03-2018', validUntil: '31-05-2022' }), hk('2022-12-10', '12:00'), 'by-date', { outcome: 'valid', reasons: ['age-exempt'] });
  const mecAdult = i.mec({ dob: '02-08-1990', validUntil: '15-06-2022' });
  add('MEC: last valid day at 23:59', mecAdult, hk('2022-06-15', '23:59'), 'by-date', { outcome: 'exempt', reasons: [], validUntil: '2022-06-15' });
  add('MEC: expired at 00:00 the next day', mecAdult, hk('2022-06-16', '00:00'), 'by-date', { outcome: 'invalid', reasons: ['exemption-expired'] });

  // ---- field counts and layouts ----
  const good = i.vac({ dob: ADULT }).split('|');
  add('VAC with 20 fields is malformed', i.sign([...good.slice(0, 17), '', ''].join('|') + '|'), hk('2022-12-10', '12:00'), 'hk-2022-11-30', { outcome: 'unreadable', reasons: ['malformed', 'field-count'] });
  add('VAC with 18 fields is malformed', i.sign(good.slice(0, 17).join('|') + '|'), hk('2022-12-10', '12:00'), 'hk-2022-11-30', { outcome: 'unreadable', reasons: ['malformed', 'field-count'] });
  const mecFields = i.mec().split('|');
  add('MEC with 19 fields is malformed', i.sign(mecFields.slice(0, 18).join('|') + '|'), hk('2022-12-10', '12:00'), 'hk-2022-11-30', { outcome: 'unreadable', reasons: ['malformed', 'field-count'] });
  const old1 = i.vac2021({ doses: ['20-08-2021'] });
  const old2 = i.vac2021({ doses: ['20-07-2021', '20-08-2021'] });
  add('2021 layout, 1 dose, stage 1: judged on its doses', old1, hk('2022-03-15', '12:00'), 'by-date', { outcome: 'valid', reasons: [] });
  add('2021 layout, 2 doses, stage 2: judged on its doses', old2, hk('2022-05-10', '12:00'), 'by-date', { outcome: 'valid', reasons: [] });
  add('2021 layout, 1 dose, stage 2: the age is not on it', old1, hk('2022-05-10', '12:00'), 'by-date', { outcome: 'invalid', reasons: ['doses-insufficient', 'needs-2-doses', 'age-not-on-record'] });
  add('2021 layout, recovered (field 15), 1 recent dose, stage 2', i.vac2021({ doses: ['20-12-2021'], recoveredAt: 15 }), hk('2022-05-10', '12:00'), 'by-date', { outcome: 'valid', reasons: ['recovered'], validUntil: '2022-06-20' });
  add('2021 layout from stage 3 first minute: outdated', old2, hk('2022-05-31', '00:00'), 'by-date', { outcome: 'invalid', reasons: ['record-outdated'] });
  add('2021 layout, final stage: outdated', old2, hk('2022-12-10', '12:00'), 'hk-2022-11-30', { outcome: 'invalid', reasons: ['record-outdated'] });

  // ---- Hong Kong records the kiosk cannot check ----
  for (const type of ['RCV', 'PVP', 'TVP']) {
    add(`HKSARG|${type}| gets its own answer`, i.other(type), hk('2022-12-10', '12:00'), 'hk-2022-11-30', { outcome: 'not-applicable', reasons: ['hk-record-unchecked'] });
  }
  add('HKSARG with an unreadable type is unreadable', 'HKSARG|???|1|x', hk('2022-12-10', '12:00'), 'hk-2022-11-30', { outcome: 'unreadable', reasons: ['unknown-record-type'] });

  // ---- plain cases ----
  add('3 doses valid (final stage)', i.vac(), hk('2022-12-10', '12:00'), 'hk-2022-11-30', { outcome: 'valid', reasons: [] });
  add('3 doses valid at a passive venue', i.vac(), hk('2022-12-10', '12:00'), 'hk-2022-11-30', { outcome: 'valid', reasons: [] }, 'passive');
  add('tampered record', i.vac().replace('CHAN T** M**', 'CHAN X** M**'), hk('2022-12-10', '12:00'), 'hk-2022-11-30', { outcome: 'invalid', reasons: ['signature-invalid'] });
  return v;
}
