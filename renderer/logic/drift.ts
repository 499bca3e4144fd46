// Burn-in care: the idle content wanders slowly on a closed Lissajous path so no pixel shows the same thing all day.
// Periods are long and co-prime-ish so the path rarely repeats; the amplitude stays small enough to keep the layout.
const PERIOD_X_MS = 17 * 60_000;
const PERIOD_Y_MS = 23 * 60_000;

export function driftOffset(nowMs: number, amplitudePx = 24): { x: number; y: number } {
  const x = Math.sin((2 * Math.PI * nowMs) / PERIOD_X_MS) * amplitudePx;
  const y = Math.sin((2 * Math.PI * nowMs) / PERIOD_Y_MS + Math.PI / 3) * amplitudePx;
  return { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 };
}

/** How often the offset is recomputed; a CSS transition of the same length makes the move continuous. */
export const DRIFT_STEP_MS = 20_000;
