// Calendar-month arithmetic for the Hong Kong rules ("within six months of the 2nd dose"): a window starting on
// day D ends on day D of the month N months later, or on that month's last day when it has no day D
// (31 Dec + 6 months = 30 Jun; 31 Aug + 6 months = 28/29 Feb). JavaScript's setUTCMonth, and so CertLogic's
// plusTime with "month", roll over instead (31 Dec + 6 months = 1 Jul): never use them for these windows.

function daysInMonth(year: number, month1: number): number {
  return new Date(Date.UTC(year, month1, 0)).getUTCDate();
}

/** The UTC instant `months` calendar months after `ms` (negative goes back), clamped to the target month's last day. */
export function addCalendarMonthsMs(ms: number, months: number): number {
  const d = new Date(ms);
  const index = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(index / 12);
  const month0 = index - year * 12;
  const day = Math.min(d.getUTCDate(), daysInMonth(year, month0 + 1));
  const out = new Date(0);
  out.setUTCFullYear(year, month0, day);
  out.setUTCHours(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return out.getTime();
}

/** `YYYY-MM-DD` plus N calendar months, as `YYYY-MM-DD`. */
export function addCalendarMonths(isoDate: string, months: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${isoDate.slice(0, 40)}`);
  const start = new Date(0);
  start.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(addCalendarMonthsMs(start.getTime(), months)).toISOString().slice(0, 10);
}
