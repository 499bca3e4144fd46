// YYYY-MM-DD of a claim's instant; its own file so that the SMART Health Card path does not load the EU DCC stack.

/** YYYY-MM-DD, or undefined for an instant a Date cannot hold (claims are signed, but still just numbers). */
export function isoDate(ms: number): string | undefined {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().slice(0, 10);
}
