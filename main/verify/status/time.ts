// Hong Kong time arithmetic for the colour rules. Hong Kong is UTC+8 all year (no daylight saving since 1979),
// so every instant here is computed with Date.UTC and a fixed offset: the machine's own time zone never enters.
const DAY_MS = 86_400_000;
const HK_OFFSET_MS = 8 * 3_600_000;

/** 'YYYY-MM-DD' (a Hong Kong calendar date) -> days since 1970-01-01, or null when not a real date. */
export function hkDayNumber(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return Math.round(ms / DAY_MS);
}

/** Day number -> 'YYYY-MM-DD'. */
export function hkDateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The Hong Kong calendar day an instant falls on. */
export function hkDayOfInstant(ms: number): number {
  return Math.floor((ms + HK_OFFSET_MS) / DAY_MS);
}

/** 00:00 Hong Kong time on that day, as ms since epoch. */
export function hkStartOfDay(day: number): number {
  return day * DAY_MS - HK_OFFSET_MS;
}

/** Amber turns blue at 09:00 Hong Kong time on the last day of medical surveillance. */
export function amberEndsAt(lastDay: number): number {
  return hkStartOfDay(lastDay) + 9 * 3_600_000;
}

/** A red code given by date ends when that Hong Kong day ends (00:00 of the next day). */
export function redEndsAtEndOf(day: number): number {
  return hkStartOfDay(day + 1);
}

/**
 * An instant written with an explicit zone ('2022-09-01T09:00:00+08:00' or '...Z'). Text without a zone is refused:
 * it would be read in the machine's time zone, which is exactly the mistake this module exists to avoid.
 */
export function parseInstant(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}
