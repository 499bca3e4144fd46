// docs/rules.md documents every reason code the core and the shipped rule files emit, in English and Chinese.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { BUILTIN_RULE_FILES } from '../../main/verify/index.ts';
import { CORE_REASONS } from '../../main/verify/reasons.ts';

const doc = readFileSync(resolve(import.meta.dirname, '../../docs/rules.md'), 'utf8');
const rows = new Map<string, string[]>();
for (const line of doc.split('\n')) {
  const m = /^\| `([a-z0-9-]+)` \|(.*)\|\s*$/.exec(line);
  if (m) rows.set(m[1]!, m[2]!.split('|').map((c) => c.trim()));
}

it('every core reason code has an English and a Traditional Chinese line', () => {
  for (const code of CORE_REASONS) {
    const row = rows.get(code);
    expect(row, code).toBeDefined();
    const [, en, zh] = row!;
    expect(en!.length, code).toBeGreaterThan(5);
    expect(zh!, code).toMatch(/[\u4e00-\u9fff]/);
  }
});

it('every reason a shipped rule file uses is a documented core code', () => {
  const used = new Set<string>();
  for (const f of BUILTIN_RULE_FILES as { vac: { reasons: string[] }[]; mec: { reasons: string[] }[] }[]) {
    for (const c of [...f.vac, ...f.mec]) for (const r of c.reasons) used.add(r);
  }
  expect(used.size).toBeGreaterThan(5);
  for (const r of used) expect(CORE_REASONS as readonly string[], r).toContain(r);
});
