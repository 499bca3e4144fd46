// Fixed-seed fuzz corpus (targets in ./targets/settings.ts).
import { describe, it } from 'vitest';
import { params } from './support.ts';
import { settingsTargets } from './targets/settings.ts';

describe('fuzz: settings', () => {
  for (const t of settingsTargets) it(t.name, () => t.run(params(t.runs)));
});
