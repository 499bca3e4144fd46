// Times the operator reads are Hong Kong local time (UTC+8, no daylight saving since 1979), whatever the
// machine's time zone: '2022-09-15 12:00', or '12:03' for today's events.

const HK_OFFSET_MS = 8 * 3_600_000;

function parts(at: number | string): string | null {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(ms)) return null;
  return new Date(ms + HK_OFFSET_MS).toISOString();
}

/** '2022-09-15 12:00' */
export function hkDateTime(at: number | string | undefined): string {
  const iso = at === undefined ? null : parts(at);
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '';
}

/** '12:03' when it is the same Hong Kong day as `now`, else the date too */
export function hkTime(at: number | string | undefined, now: number = Date.now()): string {
  const iso = at === undefined ? null : parts(at);
  if (!iso) return '';
  return iso.slice(0, 10) === parts(now)!.slice(0, 10) ? iso.slice(11, 16) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** '12:03:04', for a test scan just received */
export function hkClock(at: number): string {
  return parts(at)?.slice(11, 19) ?? '';
}
