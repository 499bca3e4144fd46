// Fixed-seed fuzz corpus (targets in ./targets/rules.ts).
import { describe, it } from 'vitest';
import { params } from './support.ts';
import { ruleTargets } from './targets/rules.ts';

describe('fuzz: rules', () => {
  for (const t of ruleTargets) it(t.name, () => t.run(params(t.runs)));
});
