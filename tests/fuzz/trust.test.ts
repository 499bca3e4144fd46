// Fixed-seed fuzz corpus (targets in ./targets/trust.ts).
import { describe, it } from 'vitest';
import { params } from './support.ts';
import { trustTargets } from './targets/trust.ts';

describe('fuzz: trust', () => {
  for (const t of trustTargets) it(t.name, () => t.run(params(t.runs)));
});
