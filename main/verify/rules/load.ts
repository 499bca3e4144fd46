// Loads rule-set files and builds profiles. A rule file is checked for shape and dry-run against sample
// credentials, so that an invalid CertLogic expression is refused at load time, not at the door.
import { z } from 'zod';
import { CertLogicError, evaluate, isTruthy } from './certlogic.ts';
import { HK } from './evaluate.ts';
import type { RuleData, RuleProfile, RuleSet } from './types.ts';

const Clause = z.strictObject({
  name: z.string().min(1).max(80),
  note: z.string().max(500).optional(),
  when: z.unknown(),
  outcome: z.enum(['valid', 'exempt', 'invalid', 'not-applicable']),
  reasons: z.array(z.string().regex(/^[a-z0-9-]{1,60}$/)).max(8),
  validUntil: z.unknown().optional(),
});

const RuleFile = z.strictObject({
  version: z.literal(1),
  id: z.string().regex(/^[a-z0-9-]{1,60}$/),
  label: z.strictObject({ en: z.string().min(1).max(200), zh: z.string().min(1).max(200) }),
  validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/),
  scrapped: z.boolean().optional(),
  comment: z.string().max(2000).optional(),
  vac: z.array(Clause).min(1).max(100),
  mec: z.array(Clause).min(1).max(100),
});

const SAMPLES: RuleData[] = [
  { external: { now: '2022-12-01T02:00:00.000Z', today: '2022-12-01', venue: 'active' },
    record: { type: 'VAC', layout: 'current', dob: '1985-03-15', doses: 2, lastDose: '2022-01-25', secondLastDose: '2021-07-01', thirdLastDose: null, recovered: true, validUntil: null } },
  { external: { now: '2022-12-01T02:00:00.000Z', today: '2022-12-01', venue: 'passive' },
    record: { type: 'VAC', layout: 'current', dob: '2015', doses: 0, lastDose: null, secondLastDose: null, thirdLastDose: null, recovered: false, validUntil: null } },
  { external: { now: '2022-12-01T02:00:00.000Z', today: '2022-12-01', venue: 'active' },
    record: { type: 'MEC', layout: 'current', dob: '1990-08', doses: 0, lastDose: null, secondLastDose: null, thirdLastDose: null, recovered: false, validUntil: '2022-12-31' } },
  // the 2021 layout has no date of birth: a file must decide it before any clause that reads the age
  { external: { now: '2022-12-01T02:00:00.000Z', today: '2022-12-01', venue: 'active' },
    record: { type: 'VAC', layout: '2021', dob: null, doses: 1, lastDose: '2021-08-01', secondLastDose: null, thirdLastDose: null, recovered: false, validUntil: null } },
];

/** Every field set: a validUntil expression may read any of them. */
const FULL: RuleData = {
  external: { now: '2022-12-01T02:00:00.000Z', today: '2022-12-01', venue: 'active' },
  record: { type: 'VAC', layout: 'current', dob: '1985-03-15', doses: 3, lastDose: '2022-01-25', secondLastDose: '2021-07-01', thirdLastDose: '2021-06-01', recovered: false, validUntil: '2022-12-31' },
};

export type RuleSetResult = { ok: true; set: RuleSet } | { ok: false; error: string };

/** Validates one parsed rule file. Never throws. */
export function loadRuleSet(json: unknown): RuleSetResult {
  const parsed = RuleFile.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    const id = json && typeof json === 'object' && typeof (json as { id?: unknown }).id === 'string' ? `rule set "${(json as { id: string }).id}"` : 'rule set';
    return { ok: false, error: `${id}: ${i ? `${i.path.join('.') || '(file)'}: ${i.message}` : 'invalid'}` };
  }
  const f = parsed.data;
  const validFromMs = Date.parse(f.validFrom);
  if (Number.isNaN(validFromMs)) return { ok: false, error: `rule set "${f.id}": validFrom is not a date` };
  for (const kind of ['vac', 'mec'] as const) {
    const full = { ...FULL, record: { ...FULL.record, type: kind === 'vac' ? 'VAC' as const : 'MEC' as const } };
    const clauses = f[kind];
    const at = (i: number, e: unknown) => {
      const msg = e instanceof CertLogicError ? e.message : 'evaluation failed';
      return { ok: false as const, error: `rule set "${f.id}": ${kind}[${i}] ("${clauses[i]!.name}"): invalid CertLogic: ${msg}` };
    };
    // every expression once over a credential with every field set
    for (const [i, c] of clauses.entries()) {
      try {
        evaluate(c.when, full, HK);
        if (c.validUntil !== undefined) evaluate(c.validUntil, full, HK);
      } catch (e) {
        return at(i, e);
      }
    }
    // then each sample as the door runs it: in order, up to the clause that decides
    for (const sample of SAMPLES.filter((x) => x.record.type.toLowerCase() === kind)) {
      for (const [i, c] of clauses.entries()) {
        try {
          if (isTruthy(evaluate(c.when, sample, HK))) {
            if (c.validUntil !== undefined) evaluate(c.validUntil, sample, HK);
            break;
          }
        } catch (e) {
          return at(i, e);
        }
      }
    }
  }
  const set: RuleSet = {
    version: 1, id: f.id, label: f.label, validFrom: f.validFrom, validFromMs, scrapped: f.scrapped ?? false,
    vac: f.vac.map((c) => ({ ...c })), mec: f.mec.map((c) => ({ ...c })),
  };
  return { ok: true, set };
}

/**
 * The checks' results for frozen rule files (the built-in ones): a frozen file cannot change, so it is checked once
 * per process, and `kiosk verify` starts from a snapshot that holds them (main/cli/snapshot/verify-snapshot.ts).
 */
const checkedFrozen = new WeakMap<object, RuleSetResult>();

function checkRuleFile(f: unknown): RuleSetResult {
  if (!f || typeof f !== 'object' || !Object.isFrozen(f)) return loadRuleSet(f);
  let r = checkedFrozen.get(f);
  if (!r) checkedFrozen.set(f, (r = loadRuleSet(f)));
  return r;
}

export type RuleProfileResult = { ok: true; profile: RuleProfile } | { ok: false; error: string };

/**
 * Builds a profile from rule files: 'by-date' (the stage in force at the scan time) or a stage id pinned
 * regardless of the date. Later files with the same id replace earlier ones (an operator's update wins).
 */
export function buildRuleProfile(profile: string, files: unknown[]): RuleProfileResult {
  const byId = new Map<string, RuleSet>();
  for (const f of files) {
    const r = checkRuleFile(f);
    if (!r.ok) return r;
    byId.set(r.set.id, r.set);
  }
  const stages = [...byId.values()].sort((a, b) => a.validFromMs - b.validFromMs);
  if (stages.length === 0) return { ok: false, error: 'no rule sets' };
  if (profile === 'by-date') {
    return {
      ok: true,
      profile: {
        id: 'by-date',
        label: { en: 'By scan date: the stage in force at the time of the scan', zh: '按掃描日期：採用掃描當時生效的階段' },
        stages,
        pinned: null,
      },
    };
  }
  const pinned = byId.get(profile);
  if (!pinned) return { ok: false, error: `unknown rule profile "${profile.slice(0, 80)}" (use by-date or one of: ${stages.map((s) => s.id).join(', ')})` };
  return {
    ok: true,
    profile: {
      id: pinned.id,
      label: { en: `${pinned.label.en} - pinned, whatever the date`, zh: `${pinned.label.zh}（固定採用，不論日期）` },
      stages,
      pinned,
    },
  };
}

/** The stage that decides a scan at `nowMs`, or null before the first stage came into force. */
export function selectRuleSet(profile: RuleProfile, nowMs: number): RuleSet | null {
  if (profile.pinned) return profile.pinned;
  let current: RuleSet | null = null;
  for (const s of profile.stages) if (s.validFromMs <= nowMs) current = s;
  return current;
}
