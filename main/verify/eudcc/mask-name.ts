// Names are shown masked the Hong Kong way: the first word whole, every later word as its first letter and "**"
// (e.g. "CHAN Tai Man" -> "CHAN T** M**"). The full name never leaves the verifier.
const MAX = 120;

export function maskName(fullName: string): string | undefined {
  const words = fullName.normalize('NFC').split(/\s+/u).filter((w) => w.length > 0);
  if (words.length === 0) return undefined;
  const first = Array.from(words[0]!).slice(0, 60).join('');
  const rest = words.slice(1).map((w) => `${Array.from(w)[0]!}**`);
  const masked = [first, ...rest].join(' ');
  return masked.length > MAX ? masked.slice(0, MAX) : masked;
}

/** Surname first, then given names, as the HK records print them; each part may be missing. */
export function maskSurnameGiven(surname: unknown, given: unknown): string | undefined {
  const parts = [surname, given].filter((p): p is string => typeof p === 'string' && p.trim().length > 0);
  return parts.length ? maskName(parts.join(' ')) : undefined;
}
