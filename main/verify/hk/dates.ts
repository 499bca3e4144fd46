// Date fields of HK records (dd-MM-yyyy) and the Hong Kong calendar day of a scan instant.

/** dd-MM-yyyy -> YYYY-MM-DD when it is a real calendar date, else null. */
export function hkDateToIso(s: string): string | null {
  const m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(s);
  if (!m) return null;
  const [, dd, mm, yyyy] = m as unknown as [string, string, string, string];
  const d = Number(dd);
  const mo = Number(mm);
  const y = Number(yyyy);
  if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1) return null;
  if (d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return null;
  return `${yyyy}-${mm}-${dd}`;
}

/**
 * A record DOB in the form the rules read: records write `01-MM-yyyy` when only the month is known and
 * `01-01-yyyy` when only the year is, so those are read as partial dates (YYYY-MM, YYYY), which CertLogic's
 * dccDateOfBirth turns into the last consistent day: the holder gets the benefit of the doubt, as in the EU rules.
 */
export function hkDobForRules(s: string): string | null {
  const iso = hkDateToIso(s);
  if (!iso) return null;
  if (iso.endsWith('-01-01')) return iso.slice(0, 4);
  if (iso.endsWith('-01')) return iso.slice(0, 7);
  return iso;
}

const HK_OFFSET_MS = 8 * 3600_000; // Hong Kong has kept UTC+8 without daylight saving since 1979

/** The calendar date in Hong Kong at an instant, YYYY-MM-DD. */
export function hkToday(nowMs: number): string {
  return new Date(nowMs + HK_OFFSET_MS).toISOString().slice(0, 10);
}
