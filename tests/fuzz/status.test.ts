// Fixed-seed fuzz corpus (targets in ./targets/status.ts).
import { describe, it } from 'vitest';
import { params } from './support.ts';
import { statusTargets } from './targets/status.ts';

describe('fuzz: status', () => {
  for (const t of statusTargets) it(t.name, () => t.run(params(t.runs)));
});
