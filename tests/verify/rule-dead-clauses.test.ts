// No clause of a shipped HK rule file is dead. The first truthy clause decides (main/verify/rules/evaluate.ts), and
// CertLogic's `and` is truthy exactly when every operand is, so a clause whose `and` operands include every operand
// of an earlier clause's condition can never decide: whenever it would match, the earlier one has already matched.
// Such a clause is a mutant nobody can kill (its outcome flipped or the clause deleted changes nothing), and it
// reads as a rule the kiosk applies when it never does. Two were found by `npm run mutate:rules` and removed
// (hk-2022-04-30 `recovered-2-doses` behind `2-doses`, hk-2022-09-30 `5-11-recovered-2-doses` behind
// `5-11-2-doses`); this test keeps new ones out.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Clause { name: string; when: unknown }
const dir = new URL('../../resources/rules/', import.meta.url);
const files = readdirSync(dir).filter((f) => /^hk-.*\.json$/.test(f));

/** canonical text of a value: object keys sorted, so that key order cannot hide a repeated condition */
function canon(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}
/** the operands a condition needs all of: those of a top-level `and`, else the condition itself */
function conjuncts(when: unknown): Set<string> {
  if (when && typeof when === 'object' && !Array.isArray(when) && Object.keys(when).length === 1 && 'and' in when) {
    return new Set(((when as { and: unknown[] }).and).map(canon));
  }
  return new Set([canon(when)]);
}
/** clauses that an earlier clause always decides first */
export function shadowed(clauses: readonly Clause[]): string[] {
  const out: string[] = [];
  clauses.forEach((c, j) => {
    const mine = conjuncts(c.when);
    const by = clauses.slice(0, j).find((e) => [...conjuncts(e.when)].every((x) => mine.has(x)));
    if (by) out.push(`${c.name} (behind ${by.name})`);
  });
  return out;
}

describe('rule data: no dead clauses', () => {
  it('the detector finds a clause behind an earlier, weaker one (and not a clause that is merely more specific later)', () => {
    const twoDoses = { '>=': [{ var: 'record.doses' }, 2] };
    const recovered = { var: 'record.recovered' };
    expect(shadowed([
      { name: 'any-2', when: twoDoses },
      { name: 'recovered-2', when: { and: [recovered, twoDoses] } },
    ])).toEqual(['recovered-2 (behind any-2)']);
    expect(shadowed([
      { name: 'recovered-2', when: { and: [recovered, twoDoses] } },
      { name: 'any-2', when: twoDoses },
    ])).toEqual([]);
  });

  it.each(files)('kills: an unkillable outcome flip (no clause of %s can never decide)', (file) => {
    expect(files.length).toBeGreaterThanOrEqual(6);
    const data = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { vac: Clause[]; mec: Clause[] };
    expect(shadowed(data.vac)).toEqual([]);
    expect(shadowed(data.mec)).toEqual([]);
  });
});
