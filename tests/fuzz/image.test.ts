// Fixed-seed fuzz corpus (targets in ./targets/image.ts).
import { describe, it } from 'vitest';
import { params } from './support.ts';
import { imageTargets } from './targets/image.ts';

describe('fuzz: image', () => {
  for (const t of imageTargets) it(t.name, () => t.run(params(t.runs)));
});
