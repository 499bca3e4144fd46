// Tone patterns as in Hong Kong's official scanner: two tones valid, one tone exemption, five tones refused.
// The table in the README ("Using it at the door") lists every outcome's tones; a test counts them in the page.
// - unreadable: five tones, as the README promises: the official scanner gave five for anything it could not
//   accept, and a silent kiosk after a scan reads as "nothing happened";
// - not-applicable (a test record, a venue poster, a Hong Kong record to check by eye): three middle tones, a
//   count no verdict on a pass uses, so the guard looks at the screen.
export interface Tone {
  /** start offset from the first tone, ms */
  at: number;
  durationMs: number;
  hz: number;
}

const OK_HZ = 1320;
const EXEMPT_HZ = 990;
const LOOK_HZ = 660;
const REFUSE_HZ = 440;

function series(count: number, hz: number, durationMs: number, gapMs: number): Tone[] {
  return Array.from({ length: count }, (_, i) => ({ at: i * (durationMs + gapMs), durationMs, hz }));
}

export function tonesFor(outcome: string): Tone[] {
  switch (outcome) {
    case 'valid': return series(2, OK_HZ, 140, 90);
    case 'exempt': return series(1, EXEMPT_HZ, 260, 0);
    case 'not-applicable': return series(3, LOOK_HZ, 120, 90);
    case 'invalid':
    case 'red':
    case 'amber':
    case 'unreadable': return series(5, REFUSE_HZ, 110, 70);
    // an outcome this screen does not know is shown as unreadable (lookOf), and sounds like it
    default: return series(5, REFUSE_HZ, 110, 70);
  }
}

/** Gain for a settings volume (0..1) and mute flag; perceived loudness is roughly logarithmic. */
export function gainFor(volume: number, muted: boolean): number {
  if (muted || !Number.isFinite(volume) || volume <= 0) return 0;
  const v = Math.min(1, volume);
  return v * v * 0.6;
}
