// Field meanings of signed HK records (VAC April-2022 and 2021 layouts, MEC), normalised for the rules.
// Layout history: ../shared/docs/hk-formats.md, "Corrections and details found since".
import { hkDateToIso, hkDobForRules } from './dates.ts';

export interface VacRecord {
  kind: 'VAC';
  /** 'current': the April-2022 layout; '2021': the older one (no date of birth, no dose count) */
  layout: 'current' | '2021';
  reference: string;
  maskedId: string;
  maskedName: string;
  /** null in the 2021 layout, which carries no date of birth */
  dobRaw: string | null;
  dob: string | null;
  total: number;
  /** listed dose dates (YYYY-MM-DD), oldest first: at most the last three */
  doses: string[];
  recovered: boolean;
}

export interface MecRecord {
  kind: 'MEC';
  reference: string;
  maskedId: string;
  maskedName: string;
  dobRaw: string;
  dob: string;
  validUntil: string;
}

export type RecordResult<T> = { ok: true; record: T } | { ok: false; reason: 'record-outdated' | 'malformed'; detail: string };

const DOB_COUNT = /^(\d{2}-\d{2}-\d{4}),(\d{1,2})$/;
// vaccine codes are not published: accept any short text (a comma would break the third-last dose field)
const CODE = /^[^,]{1,100}$/u;

function dose(date: string, code: string): { ok: true; date: string | null } | { ok: false } {
  if (date === '' && code === '') return { ok: true, date: null };
  const iso = hkDateToIso(date);
  if (!iso || !CODE.test(code)) return { ok: false };
  return { ok: true, date: iso };
}

function maskedOk(f: string[]): boolean {
  return !!f[5] && !!f[6] && f[5].length <= 100 && f[6].length <= 200;
}

/**
 * The 2021 layout (DH eHealth QrCodeFormatter before 30 Mar 2022): 1st dose date/English/Chinese vaccine name in
 * fields 7/8/9, 2nd dose in 12/13/14 (`NA` when there is none), `001` (recovered) in field 10 or 15, no DOB and
 * no dose count. Accepted in stages 1-2; the rule files refuse it from stage 3 (record-outdated).
 */
function readVac2021(f: string[]): RecordResult<VacRecord> {
  const flag10 = f[10] === '' || f[10] === '001';
  const flag15 = f[15] === '' || f[15] === '001';
  if (!flag10 || !flag15 || f[11] !== '' || f[16] !== '') return { ok: false, reason: 'malformed', detail: '2021 layout' };
  const first = f[7] === '' && f[8] === '' ? { ok: true as const, date: null } : dose(f[7]!, f[8]!);
  const second = f[12] === 'NA' || (f[12] === '' && f[13] === '') ? { ok: true as const, date: null } : dose(f[12]!, f[13]!);
  if (!first.ok || !second.ok) return { ok: false, reason: 'malformed', detail: 'dose' };
  const doses = [first.date, second.date].filter((d): d is string => d !== null);
  if (doses.length === 0) return { ok: false, reason: 'malformed', detail: 'dose count' };
  if (doses.length === 2 && doses[1]! < doses[0]!) return { ok: false, reason: 'malformed', detail: 'dose order' };
  if (!maskedOk(f)) return { ok: false, reason: 'malformed', detail: 'name/id' };
  return {
    ok: true,
    record: {
      kind: 'VAC', layout: '2021', reference: f[4]!, maskedId: f[5]!, maskedName: f[6]!, dobRaw: null, dob: null,
      total: doses.length, doses, recovered: f[10] === '001' || f[15] === '001',
    },
  };
}

/** Both VAC layouts have 19 fields (the field count is checked before the signature, parse.ts). */
export function readVac(f: string[]): RecordResult<VacRecord> {
  if (f.length !== 19) return { ok: false, reason: 'malformed', detail: 'field count' };
  if (!DOB_COUNT.test(f[15]!)) return readVac2021(f);
  const [, dobRaw, count] = DOB_COUNT.exec(f[15]!)!;
  const dob = hkDobForRules(dobRaw!);
  if (!dob) return { ok: false, reason: 'malformed', detail: 'dob' };
  if (f[10] !== '' && f[10] !== '001') return { ok: false, reason: 'malformed', detail: 'recovered' };
  const second = dose(f[7]!, f[8]!);
  const thirdParts = f[11] === '' ? ['', ''] : f[11]!.split(',');
  if (thirdParts.length !== 2) return { ok: false, reason: 'malformed', detail: 'third-last dose' };
  const third = dose(thirdParts[0]!, thirdParts[1]!);
  const last = dose(f[12]!, f[13]!);
  if (!second.ok || !third.ok || !last.ok) return { ok: false, reason: 'malformed', detail: 'dose' };
  const total = Number(count);
  // listed doses fill from the last one backwards, and there are as many as the total allows (at most three)
  const listed = [third.date, second.date, last.date];
  const expected = Math.min(total, 3);
  for (let i = 0; i < 3; i++) {
    const shouldBe = i >= 3 - expected;
    if ((listed[i] !== null) !== shouldBe) return { ok: false, reason: 'malformed', detail: 'dose count' };
  }
  const doses = listed.filter((d): d is string => d !== null);
  for (let i = 1; i < doses.length; i++) if (doses[i]! < doses[i - 1]!) return { ok: false, reason: 'malformed', detail: 'dose order' };
  if (!maskedOk(f)) return { ok: false, reason: 'malformed', detail: 'name/id' };
  return {
    ok: true,
    record: { kind: 'VAC', layout: 'current', reference: f[4]!, maskedId: f[5]!, maskedName: f[6]!, dobRaw: dobRaw!, dob, total, doses, recovered: f[10] === '001' },
  };
}

export function readMec(f: string[]): RecordResult<MecRecord> {
  if (f[9] !== '002') return { ok: false, reason: 'malformed', detail: 'exemption code' };
  const validUntil = hkDateToIso(f[10]!);
  const dob = hkDobForRules(f[16]!);
  if (!validUntil) return { ok: false, reason: 'malformed', detail: 'valid-until' };
  if (!dob) return { ok: false, reason: 'malformed', detail: 'dob' };
  if (!maskedOk(f)) return { ok: false, reason: 'malformed', detail: 'name/id' };
  return { ok: true, record: { kind: 'MEC', reference: f[4]!, maskedId: f[5]!, maskedName: f[6]!, dobRaw: f[16]!, dob, validUntil } };
}
