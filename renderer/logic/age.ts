// Ages as a guard reads them: the largest whole unit (45 s, 12 min, 3 h, 2 d).
export type AgeUnit = 'seconds' | 'minutes' | 'hours' | 'days';

export function ageParts(seconds: number): { unit: AgeUnit; n: number } {
  const s = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  if (s < 60) return { unit: 'seconds', n: s };
  if (s < 3600) return { unit: 'minutes', n: Math.floor(s / 60) };
  if (s < 86_400) return { unit: 'hours', n: Math.floor(s / 3600) };
  return { unit: 'days', n: Math.floor(s / 86_400) };
}
