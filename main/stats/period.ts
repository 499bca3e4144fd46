// Bucket keys for the counts, in the kiosk's local time (the venue's day is what the operator asks about).
// Nothing finer than the hour ever leaves this file.
const pad = (n: number): string => String(n).padStart(2, '0');

/** 'YYYY-MM-DDTHH:00' (local time) */
export function hourKey(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:00`;
}

/** 'YYYY-MM-DD' (local time) */
export function dayKey(ms: number): string {
  return hourKey(ms).slice(0, 10);
}

export const HOUR_KEY_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:00$/;
export const DAY_KEY_RE = /^\d{4}-\d{2}-\d{2}$/;
/** what a query bound may be: a day, an hour, or an hour written without ':00' */
export const BOUND_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}(:00)?)?$/;

/** true when the period falls within [from, to]; a day bound covers every hour of that day */
export function inRange(period: string, from?: string, to?: string): boolean {
  if (from !== undefined && period.slice(0, from.length) < from) return false;
  if (to !== undefined && period.slice(0, to.length) > to) return false;
  return true;
}
