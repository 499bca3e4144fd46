// Hong Kong records: format -> issuer -> signature -> layout -> rules, each stage failing with its own reason.
import type { Credential, Verdict, VerdictDisplay } from '../../api/verdict.ts';
import { utf8 } from '../bytes.ts';
import type { VerifyContext } from '../context.ts';
import { applyRuleSet } from '../rules/evaluate.ts';
import { selectRuleSet } from '../rules/load.ts';
import type { RuleData } from '../rules/types.ts';
import type { HkIssuerKey } from '../trust/types.ts';
import type { VerifyOutput } from '../types.ts';
import { refused, unreadable } from '../verdicts.ts';
import { hkToday } from './dates.ts';
import { parseEnvelope, type HkEnvelope, type HkType } from './parse.ts';
import { readMec, readVac, type MecRecord, type VacRecord } from './record.ts';

const CREDENTIAL: Record<HkType, Credential> = { VAC: 'hk-vac', MEC: 'hk-mec', EVT: 'hk-evt' };

/** Issuer keys that may have signed this record: by type and version major digit (EVT: by type only). */
function candidates(env: HkEnvelope, keys: HkIssuerKey[]): { keys: HkIssuerKey[] } | { reason: 'issuer-unknown' | 'key-version-unknown' } {
  const issuers = keys.filter((k) => k.types.includes(env.type) && (env.versionMajor === null || k.versionMajor === env.versionMajor));
  if (issuers.length === 0) return { reason: 'issuer-unknown' };
  if (env.keyVersion === null) return { keys: issuers };
  const versioned = issuers.filter((k) => k.keyVersion === undefined || k.keyVersion === env.keyVersion);
  if (versioned.length === 0) return { reason: 'key-version-unknown' };
  return { keys: versioned };
}

async function findSigner(env: HkEnvelope, keys: HkIssuerKey[], ctx: VerifyContext): Promise<HkIssuerKey | null> {
  const data = utf8(env.signed);
  for (const key of keys) {
    const ok = await ctx.crypto.verify({ alg: 'ES256', spki: key.spki, data, signature: env.signature, encoding: 'der' });
    if (ok === true) return key;
  }
  return null;
}

function ruleData(rec: VacRecord | MecRecord, ctx: VerifyContext): RuleData {
  const nowMs = ctx.now.getTime();
  const vac = rec.kind === 'VAC' ? rec : null;
  const d = vac?.doses ?? [];
  return {
    external: { now: new Date(nowMs).toISOString(), today: hkToday(nowMs), venue: ctx.venue },
    record: {
      type: rec.kind,
      layout: vac?.layout ?? 'current',
      dob: rec.dob,
      doses: vac?.total ?? 0,
      lastDose: d[d.length - 1] ?? null,
      secondLastDose: d[d.length - 2] ?? null,
      thirdLastDose: d[d.length - 3] ?? null,
      recovered: vac?.recovered ?? false,
      validUntil: rec.kind === 'MEC' ? rec.validUntil : null,
    },
  };
}

export async function verifyHk(text: string, ctx: VerifyContext): Promise<VerifyOutput> {
  const parsed = parseEnvelope(text);
  if (!parsed.ok && 'uncheckedType' in parsed) {
    // its layout is not public: neither admit nor call it unreadable; the guard checks the record by eye
    const verdict: Verdict = {
      outcome: 'not-applicable', credential: 'unknown', reasons: [...parsed.reasons], stages: { format: true },
      display: { recordType: `HKSARG ${parsed.uncheckedType}` }, demo: false,
    };
    return { verdict };
  }
  if (!parsed.ok) return { verdict: unreadable(parsed.type ? CREDENTIAL[parsed.type] : 'unknown', parsed.reasons, { format: false }) };
  const env = parsed.env;
  const credential = CREDENTIAL[env.type];
  const stages: Record<string, boolean> = { format: true };

  const found = candidates(env, ctx.trust.hk);
  if ('reason' in found) {
    stages.issuer = false;
    return { verdict: refused(credential, [found.reason], stages, { display: { recordType: env.type } }) };
  }
  stages.issuer = true;
  const signer = await findSigner(env, found.keys, ctx);
  stages.signature = signer !== null;
  if (!signer) return { verdict: refused(credential, ['signature-invalid'], stages, { display: { recordType: env.type } }) };

  const base = { credential, demo: signer.demo };
  if (env.type === 'EVT') {
    // a testing record is genuine but is not a Vaccine Pass credential
    return {
      verdict: {
        ...base, outcome: 'not-applicable', reasons: ['not-a-pass'], stages,
        display: { recordType: 'EVT', id: env.fields[5]!.slice(0, 100), issuer: signer.id },
      },
    };
  }

  const read = env.type === 'VAC' ? readVac(env.fields) : readMec(env.fields);
  stages.layout = read.ok;
  if (!read.ok) {
    return { verdict: { ...refused(credential, [read.reason], stages, { display: { recordType: env.type, issuer: signer.id } }), demo: signer.demo } };
  }
  const rec = read.record;
  const display: VerdictDisplay = {
    name: rec.maskedName,
    id: rec.maskedId,
    recordType: rec.kind,
    issuer: signer.id,
  };
  if (rec.kind === 'VAC') {
    display.doses = rec.total;
    const last = rec.doses[rec.doses.length - 1];
    if (last) display.lastDose = last;
  } else {
    display.validUntil = rec.validUntil;
  }
  const identity = {
    family: 'hk' as const, recordType: rec.kind, maskedId: rec.maskedId, maskedName: rec.maskedName, dob: rec.dobRaw ?? '', reference: rec.reference,
  };

  const set = selectRuleSet(ctx.rules, ctx.now.getTime());
  if (!set) {
    const verdict: Verdict = { ...base, outcome: 'not-applicable', reasons: ['vaccine-pass-not-in-force'], stages, display };
    return { verdict, identity };
  }
  const result = applyRuleSet(set, ruleData(rec, ctx));
  stages.rules = result.ok && (result.outcome === 'valid' || result.outcome === 'exempt');
  if (!result.ok) {
    return { verdict: { ...base, outcome: 'invalid', reasons: [result.reason], stages, display, ruleSet: set.id }, identity };
  }
  if (result.validUntil) display.validUntil = result.validUntil;
  const verdict: Verdict = { ...base, outcome: result.outcome, reasons: result.reasons, stages, display, ruleSet: set.id };
  return { verdict, identity };
}
