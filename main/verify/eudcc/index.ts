// EU Digital COVID Certificate (HC1:) verification as a chain of named stages:
// prefix -> base45 -> inflate -> cose -> signature -> validity -> keyUsage -> schema -> rules.
// Decoding stages stop the chain; the checks after the signature all run, so that the verdict (and the
// conformance runner) can see every reason, and the first failure decides the outcome.
import type { VerifyContext } from '../index.ts';
import type { EuDccSigner } from '../trust/types.ts';
import type { SignatureVerifier, VerifyOutput } from '../types.ts';
import type { Verdict, VerdictDisplay } from '../../api/verdict.ts';
import defaultRules from '../../../resources/rules/eu/hk-venue-vaccination.json' with { type: 'json' };
import { decodeBase45Strict } from './base45.ts';
import { unzlibBounded } from './bounded-inflate.ts';
import { headerParam, parseClaims, parseCoseSign1, sigStructure, type DccClaims } from './cose.ts';
import { ruleFailed } from './intl-reasons.ts';
import { maskSurnameGiven } from './mask-name.ts';
import { isoDate } from './iso-date.ts';
import { passInForce, passReason, type PassInForce } from './pass-in-force.ts';
import { loadEuRuleSet, runRuleSet, type EuRuleSet } from './rules.ts';
import { checkSchema, dccTypesOf, precompileSchemas } from './schema.ts';
import { parseSigningCert, type DccType, type SigningCert } from './signing-cert.ts';

/** A QR holds at most 4296 alphanumeric characters; anything longer is not a DCC. */
export const MAX_DCC_TEXT = 8192;

export const DEFAULT_EU_RULE_SET: EuRuleSet = (() => {
  const r = loadEuRuleSet(defaultRules);
  if (!r.ok) throw new Error(`bundled EU rule set invalid: ${r.error}`);
  return r.ruleSet;
})();

/** Everything the stages need, independent of how the kiosk assembles its context. */
export interface EuDccEnv {
  nowMs: number;
  signers: readonly EuDccSigner[];
  crypto: SignatureVerifier;
  /** null: stop after the schema stage (no rules stage), e.g. for conformance runs */
  ruleSet: EuRuleSet | null;
  /** whether the HK Vaccine Pass applies at the scan time (the venue's HK rule profile); default in force */
  pass?: PassInForce;
}

export type EuStage = 'prefix' | 'base45' | 'inflate' | 'cose' | 'signature' | 'validity' | 'keyUsage' | 'schema' | 'rules';

/** The decoded certificate, for support output (`kiosk verify --show-payload`); never logged or stored. */
export interface EuDccDecoded {
  claims: DccClaims;
  payload: unknown;
}

interface Indexed {
  signer: EuDccSigner;
  cert: SigningCert;
}

// kid index per trust array (the trust store's arrays are stable for its lifetime)
const indexCache = new WeakMap<readonly EuDccSigner[], Map<string, Indexed[]>>();

function kidKey(kid: Uint8Array): string {
  let s = '';
  for (let i = 0; i < kid.length; i++) s += String.fromCharCode(kid[i]!);
  return s;
}

function signersByKid(signers: readonly EuDccSigner[]): Map<string, Indexed[]> {
  let idx = indexCache.get(signers);
  if (!idx) {
    idx = new Map();
    for (const signer of signers) {
      const cert = parseSigningCert(signer.der);
      if (!cert) continue;
      const k = kidKey(cert.kid);
      const list = idx.get(k);
      if (list) list.push({ signer, cert });
      else idx.set(k, [{ signer, cert }]);
    }
    indexCache.set(signers, idx);
  }
  return idx;
}

function toMs(v: unknown): number {
  // ctx.now is a Date (main/verify/index.ts refuses any other clock before dispatching here); anything else is no
  // clock at all, NaN, which the validity stage refuses as validity:claims-missing
  if (v instanceof Date) return v.getTime();
  return NaN;
}

export { isoDate } from './iso-date.ts';

class Run {
  readonly stages: Record<string, boolean> = {};
  readonly reasons: string[] = [];
  pass(stage: EuStage): void {
    this.stages[stage] = true;
  }
  fail(stage: EuStage, reason: string): void {
    this.stages[stage] = false;
    if (this.reasons.length < 32) this.reasons.push(reason.slice(0, 80));
  }
  verdict(outcome: Verdict['outcome'], display: VerdictDisplay = {}, demo = false): Verdict {
    return { outcome, credential: 'eu-dcc', reasons: this.reasons, stages: this.stages, display, demo };
  }
}

const TYPE_NAMES: Record<DccType, string> = { v: 'vaccination', t: 'test', r: 'recovery' };

function entryOf(payload: unknown, type: DccType): Record<string, unknown> | undefined {
  const list = (payload as Record<string, unknown>)[type];
  const e = Array.isArray(list) ? list[0] : undefined;
  return e && typeof e === 'object' ? (e as Record<string, unknown>) : undefined;
}

function displayOf(payload: unknown, type: DccType | undefined, claims: DccClaims): VerdictDisplay {
  const p = payload as Record<string, unknown>;
  const nam = (p.nam && typeof p.nam === 'object' ? p.nam : {}) as Record<string, unknown>;
  const translit = (s: unknown) => (typeof s === 'string' ? s.replace(/</g, ' ') : undefined);
  const name = maskSurnameGiven(nam.fn ?? translit(nam.fnt), nam.gn ?? translit(nam.gnt));
  const d: VerdictDisplay = {};
  if (name) d.name = name;
  const until = claims.exp !== undefined ? isoDate(claims.exp * 1000) : undefined;
  if (until) d.validUntil = until;
  if (type) {
    d.recordType = TYPE_NAMES[type];
    const e = entryOf(payload, type);
    if (e) {
      if (type === 'v' && typeof e.dn === 'number' && Number.isInteger(e.dn) && e.dn >= 0 && e.dn <= 99) d.doses = e.dn;
      if (type === 'v' && typeof e.dt === 'string') d.lastDose = e.dt.slice(0, 40);
      if (type === 'r' && typeof e.du === 'string') d.validUntil = e.du.slice(0, 40);
      if (typeof e.co === 'string') d.issuer = (typeof e.is === 'string' ? `${e.is} (${e.co})` : e.co).slice(0, 200);
    }
  }
  return d;
}

/** prefix .. cose: text to COSE structure and claims. Returns null (with the failing stage recorded) on failure. */
function decode(text: string, run: Run) {
  if (text.length > MAX_DCC_TEXT || !text.startsWith('HC1:')) {
    run.fail('prefix', text.length > MAX_DCC_TEXT ? 'too-large' : 'unsupported');
    return null;
  }
  run.pass('prefix');
  const compressed = decodeBase45Strict(text, 4);
  if (!compressed) {
    run.fail('base45', 'decode:base45');
    return null;
  }
  run.pass('base45');
  const inflated = unzlibBounded(compressed);
  if (!inflated.ok) {
    run.fail('inflate', inflated.reason);
    return null;
  }
  run.pass('inflate');
  const cose = parseCoseSign1(inflated.bytes);
  const claims = cose ? parseClaims(cose.payloadBytes) : null;
  if (!cose || !claims) {
    run.fail('cose', cose ? 'decode:cwt' : 'decode:cose');
    return null;
  }
  run.pass('cose');
  return { cose, claims };
}

/** Startup warm-up for the kiosk: compiles the payload schemas ahead of the first scan. */
export function prepareEuDcc(): void {
  precompileSchemas();
}

/** Decodes without verifying (support output only). */
export function decodeEuDcc(text: string): EuDccDecoded | null {
  const d = decode(text, new Run());
  return d ? { claims: d.claims, payload: d.claims.hcert } : null;
}

export async function runEuDcc(text: string, env: EuDccEnv): Promise<VerifyOutput> {
  const run = new Run();
  const decoded = decode(text, run);
  if (!decoded) return { verdict: run.verdict('unreadable') };
  const { cose, claims } = decoded;
  const payload = claims.hcert;

  // signature: kid from the protected header, else the unprotected one; every certificate with that kid is tried
  const kid = headerParam(cose, 4);
  const alg = headerParam(cose, 1);
  let signedBy: Indexed | undefined;
  if (!(kid instanceof Uint8Array)) {
    run.fail('signature', 'signature:kid-missing');
  } else if (alg !== -7 && alg !== -37) {
    run.fail('signature', 'signature:algorithm-unsupported');
  } else if (alg === -7 && cose.signature.length !== 64) {
    run.fail('signature', 'signature-invalid');
  } else {
    const candidates = signersByKid(env.signers).get(kidKey(kid)) ?? [];
    if (candidates.length === 0) {
      run.fail('signature', 'issuer-unknown');
    } else {
      const data = sigStructure(cose);
      const want = alg === -7 ? 'EC' : 'RSA';
      for (const c of candidates) {
        if (c.cert.keyType !== want) continue;
        const ok = await env.crypto.verify({
          alg: alg === -7 ? 'ES256' : 'PS256',
          spki: c.cert.spki,
          data,
          signature: cose.signature,
          encoding: 'raw',
        });
        if (ok) {
          signedBy = c;
          break;
        }
      }
      if (signedBy) run.pass('signature');
      else run.fail('signature', 'signature-invalid');
    }
  }

  // validity: cert.notBefore <= iat <= now <= exp <= cert.notAfter
  const now = env.nowMs;
  if (claims.iat === undefined || claims.exp === undefined || !Number.isFinite(now)) {
    run.fail('validity', 'validity:claims-missing');
  } else {
    const iat = claims.iat * 1000;
    const exp = claims.exp * 1000;
    if (now < iat) run.fail('validity', 'not-yet-valid');
    else if (now > exp) run.fail('validity', 'expired');
    else if (signedBy && (iat < signedBy.cert.notBefore || exp > signedBy.cert.notAfter)) run.fail('validity', 'validity:signer-certificate');
    else run.pass('validity');
  }

  // keyUsage: the signing certificate's DGC extended key usage must cover the certificate type
  const types = dccTypesOf(payload);
  if (signedBy) {
    if (types.length > 0 && types.every((t) => signedBy.cert.allowed.has(t))) run.pass('keyUsage');
    else run.fail('keyUsage', 'issuer:key-usage');
  }

  const schema = checkSchema(payload);
  if (schema.ok) run.pass('schema');
  else run.fail('schema', schema.reason);

  if (!signedBy) return { verdict: run.verdict('invalid') };
  const display = displayOf(payload, schema.ok ? schema.type : undefined, claims);
  const demo = signedBy.signer.demo;
  const type = schema.ok ? schema.type : undefined;
  const e = type ? entryOf(payload, type) : undefined;
  const identity = {
    family: 'eudcc' as const,
    uci: typeof e?.ci === 'string' ? e.ci : '',
    country: typeof e?.co === 'string' ? e.co : claims.iss ?? '',
    signature: cose.signature,
  };
  if (run.reasons.length > 0 || !type) return { verdict: run.verdict('invalid', display, demo), identity };

  // rules: the venue's rule set, on { payload, external }
  if (env.ruleSet) {
    const set = env.ruleSet;
    if (env.pass && env.pass !== 'in-force') {
      run.reasons.push(passReason(env.pass));
      return { verdict: run.verdict('not-applicable', display, demo), identity };
    }
    if (!set.accept.includes(type)) {
      if (run.reasons.length < 32) run.reasons.push(type === 't' ? 'testing-record' : 'not-a-pass');
      return { verdict: { ...run.verdict('not-applicable', display, demo), ruleSet: set.id }, identity };
    }
    const result = runRuleSet(set, type, payload, {
      validationClock: new Date(now).toISOString(),
      valueSets: set.valueSets ?? {},
      ...(claims.iss !== undefined ? { issuerCountryCode: claims.iss, countryCode: claims.iss } : {}),
      exp: new Date(claims.exp! * 1000).toISOString(),
      iat: new Date(claims.iat! * 1000).toISOString(),
      kid: btoa(String.fromCharCode(...signedBy.cert.kid)),
    });
    if (result.ok) run.pass('rules');
    else {
      run.stages.rules = false;
      for (const id of result.failed) if (run.reasons.length < 32) run.reasons.push(ruleFailed(id));
    }
    return { verdict: { ...run.verdict(result.ok ? 'valid' : 'invalid', display, demo), ruleSet: set.id }, identity };
  }
  return { verdict: run.verdict('valid', display, demo), identity };
}

/** Optional context field for a venue's own EU rule set (resources/rules/eu/*.json loaded with loadEuRuleSet). */
export interface EuDccContextExtras {
  euRules?: EuRuleSet | null;
}

/** The kiosk entry point: `HC1:` texts dispatched by main/verify/index.ts. Never throws. */
export async function verifyEuDcc(text: string, ctx: VerifyContext & EuDccContextExtras): Promise<VerifyOutput> {
  try {
    return await runEuDcc(text, {
      nowMs: toMs(ctx.now),
      signers: ctx.trust?.eudcc ?? [],
      crypto: ctx.crypto,
      ruleSet: ctx.euRules === undefined ? DEFAULT_EU_RULE_SET : ctx.euRules,
      pass: passInForce(ctx.rules, toMs(ctx.now)),
    });
  } catch {
    return { verdict: { outcome: 'unreadable', credential: 'eu-dcc', reasons: ['internal-error'], stages: {}, display: {}, demo: false } };
  }
}
