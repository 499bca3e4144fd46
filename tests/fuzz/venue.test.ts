// Fixed-seed fuzz corpus (targets in ./targets/venue.ts).
import { describe, it } from 'vitest';
import { params } from './support.ts';
import { venueTargets } from './targets/venue.ts';

describe('fuzz: venue', () => {
  for (const t of venueTargets) it(t.name, () => t.run(params(t.runs)));
});
