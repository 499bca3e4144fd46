// Fixed-seed fuzz corpus for verify() and the node signature verifier (targets in ./targets/verify.ts).
import { describe, it } from 'vitest';
import { params } from './support.ts';
import { verifyTargets } from './targets/verify.ts';

describe('fuzz: verify', () => {
  for (const t of verifyTargets) it(t.name, () => t.run(params(t.runs)));
});
