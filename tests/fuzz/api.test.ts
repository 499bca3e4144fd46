// Fixed-seed fuzz corpus (targets in ./targets/api.ts).
import { describe, it } from 'vitest';
import { params } from './support.ts';
import { apiTargets } from './targets/api.ts';

describe('fuzz: api', () => {
  for (const t of apiTargets) it(t.name, () => t.run(params(t.runs)));
});
