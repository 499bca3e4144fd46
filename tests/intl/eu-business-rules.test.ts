// The national business rules in ../shared/testdata/eu-business-rules run against their own test payloads
// through the EU DCC rules module (shared CertLogic evaluator, data context { payload, external }).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EuRule, runRule } from '../../main/verify/eudcc/rules.ts';

const ROOT = '../shared/testdata/eu-business-rules';

interface Case { rule: string; test: string; logic: unknown; payload: unknown; external: unknown; expected: boolean }

function collect(): Case[] {
  const cases: Case[] = [];
  for (const country of readdirSync(ROOT).sort()) {
    const cdir = join(ROOT, country);
    if (!statSync(cdir).isDirectory() || country === 'valuesets') continue;
    for (const id of readdirSync(cdir).sort()) {
      const ruleFile = join(cdir, id, 'rule.json');
      let rule: unknown;
      try {
        rule = JSON.parse(readFileSync(ruleFile, 'utf8'));
      } catch {
        continue;
      }
      const parsed = EuRule.parse(rule); // every upstream rule fits the gateway format we load
      let tests: string[] = [];
      try {
        tests = readdirSync(join(cdir, id, 'tests')).filter((f) => f.endsWith('.json')).sort();
      } catch {
        tests = [];
      }
      for (const t of tests) {
        const tc = JSON.parse(readFileSync(join(cdir, id, 'tests', t), 'utf8')) as { payload: unknown; external: unknown; expected: boolean };
        cases.push({ rule: `${country}/${id}`, test: t, logic: parsed.Logic, payload: tc.payload, external: tc.external, expected: tc.expected });
      }
    }
  }
  return cases;
}

const cases = collect();

describe('EU business rules test data', () => {
  it('has the rule tests', () => {
    expect(cases.length).toBeGreaterThan(200);
    expect(cases.some((c) => c.expected === false)).toBe(true);
  });
  it.each(cases.map((c) => [`${c.rule} ${c.test}`, c] as const))('%s', (_name, c) => {
    expect(runRule({ Logic: c.logic }, { payload: c.payload, external: c.external })).toBe(c.expected);
  });
});
