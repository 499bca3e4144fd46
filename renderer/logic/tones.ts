// Tone patterns as in Hong Kong's official scanner: two tones valid, one tone exemption, five tones refused.
// Not-applicable and unreadable scans stay silent: the screen asks to try again, and a refusal tone would mislead.
export interface Tone {
  /** start offset from the first tone, ms */
  at: number;
  durationMs: number;
  hz: number;
}

const OK_HZ = 1320;
const EXEMPT_HZ = 990;
const REFUSE_HZ = 440;

function series(count: number, hz: number, durationMs: number, gapMs: number): Tone[] {
  return Array.from({ length: count }, (_, i) => ({ at: i * (durationMs + gapMs), durationMs, hz }));
}

export function tonesFor(outcome: string): Tone[] {
  switch (outcome) {
    case 'valid': return series(2, OK_HZ, 140, 90);
    case 'exempt': return series(1, EXEMPT_HZ, 260, 0);
    case 'invalid':
    case 'red':
    case 'amber': return series(5, REFUSE_HZ, 110, 70);
    default: return [];
  }
}

/** Gain for a settings volume (0..1) and mute flag; perceived loudness is roughly logarithmic. */
export function gainFor(volume: number, muted: boolean): number {
  if (muted || !Number.isFinite(volume) || volume <= 0) return 0;
  const v = Math.min(1, volume);
  return v * v * 0.6;
}
