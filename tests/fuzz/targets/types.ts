// A fuzz target: a named property with its share of the fixed corpus. The tests run each with the fixed seed;
// `npm run fuzz` runs the same targets longer with a fresh seed.
import type fc from 'fast-check';

export interface FuzzTarget {
  name: string;
  /** inputs in the fixed corpus (scaled by FUZZ_SCALE in the long run) */
  runs: number;
  run(params: fc.Parameters<unknown>): Promise<void>;
}
