// Rule files are CertLogic data an operator may install from a USB stick. Properties: loadRuleSet never throws
// (a bad expression is refused at load time with a reason), even for hostile or deeply nested expressions.
import fc from 'fast-check';
import { BUILTIN_RULE_FILES } from '../../../main/verify/rules/builtin.ts';
import { loadRuleSet } from '../../../main/verify/rules/load.ts';
import { bounded, mutatedJson } from '../support.ts';
import type { FuzzTarget } from './types.ts';

const OPS = ['var', 'if', '===', 'and', '<', '>', '<=', '>=', 'in', '+', 'reduce', '!', '!==', 'plusTime', 'after', 'before', 'not-after', 'not-before', 'extractFromUVCI', 'dccDateOfBirth'];

/** CertLogic-shaped expressions: operators the evaluator knows, with arbitrary operands. */
const expr: fc.Arbitrary<unknown> = fc.letrec<{ e: unknown }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 1 }),
    fc.record({ var: fc.constantFrom('record.doses', 'record.dob', 'record.lastDose', 'external.now', 'external.venue', '', 'record', 'a.b.c.d', 'record.doses.0') }),
    fc.tuple(fc.constantFrom(...OPS), fc.array(tie('e'), { maxLength: 4 })).map(([op, args]) => ({ [op]: args })),
  ),
})).e;

export const ruleTargets: FuzzTarget[] = [
  {
    name: 'rule files: arbitrary JSON values',
    runs: 800,
    async run(p) {
      await fc.assert(fc.asyncProperty(fc.anything({ maxDepth: 4 }), async (x) => {
        const r = await bounded('loadRuleSet', () => loadRuleSet(x));
        if (!r.ok && !r.error) throw new Error('refusal without a reason');
      }), p);
    },
  },
  {
    name: 'rule files: built-in stages with edited structure and hostile expressions',
    runs: 1500,
    async run(p) {
      const files = BUILTIN_RULE_FILES as unknown[];
      const withExpr = fc.tuple(fc.constantFrom(...files), expr, fc.nat(), fc.constantFrom('when', 'validUntil'), fc.constantFrom('vac', 'mec')).map(([f, e, i, key, kind]) => {
        const copy = structuredClone(f) as Record<string, Record<string, unknown>[]>;
        const clauses = copy[kind]!;
        clauses[i % clauses.length]![key] = e;
        return copy;
      });
      const input = fc.oneof(fc.constantFrom(...files).chain((f) => mutatedJson(f)), withExpr);
      await fc.assert(fc.asyncProperty(input, async (x) => {
        const r = await bounded('loadRuleSet', () => loadRuleSet(x));
        if (!r.ok && !r.error) throw new Error('refusal without a reason');
      }), p);
    },
  },
];
