// SMART Health Card (shc:/) verification as named stages:
// prefix -> numeric -> jws -> inflate -> signature -> validity -> revocation -> schema.
// Decoding stages stop the chain; after the signature every check runs and the first failure decides.
import type { VerifyContext } from '../index.ts';
import type { ShcIssuer } from '../trust/types.ts';
import type { SignatureVerifier, VerifyOutput } from '../types.ts';
import type { Verdict, VerdictDisplay } from '../../api/verdict.ts';
import { inflateRawBounded } from '../eudcc/bounded-inflate.ts';
import { passInForce, passReason, type PassInForce } from '../eudcc/pass-in-force.ts';
import { isoDate } from '../eudcc/iso-date.ts';
import { maskSurnameGiven } from '../eudcc/mask-name.ts';
import { base64UrlToBytes } from './base64url.ts';
import { findIssuerKeys, type IssuerKey } from './issuer-key.ts';
import { assembleChunks, digitsToJws, MAX_SHC_TEXT, parseChunk, type ShcChunk } from './numeric.ts';
import { ShcPayload } from './payload.ts';
import { checkRevocation } from './revocation.ts';

export { ShcChunkCollector } from './chunk-collector.ts';

export interface ShcEnv {
  nowMs: number;
  issuers: readonly ShcIssuer[];
  crypto: SignatureVerifier;
  /** whether the HK Vaccine Pass applies at the scan time; default in force */
  pass?: PassInForce;
}

export type ShcStage = 'prefix' | 'numeric' | 'jws' | 'inflate' | 'signature' | 'validity' | 'revocation' | 'schema';

const MAX_HEADER = 512;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const ascii = new TextEncoder();

class Run {
  readonly stages: Record<string, boolean> = {};
  readonly reasons: string[] = [];
  pass(stage: ShcStage): void {
    this.stages[stage] = true;
  }
  fail(stage: ShcStage, reason: string): void {
    this.stages[stage] = false;
    if (this.reasons.length < 32) this.reasons.push(reason);
  }
  verdict(outcome: Verdict['outcome'], display: VerdictDisplay = {}, demo = false): Verdict {
    return { outcome, credential: 'shc', reasons: this.reasons, stages: this.stages, display, demo };
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

interface Decoded {
  signingInput: Uint8Array;
  signature: Uint8Array;
  kid: string;
  payload: Record<string, unknown>;
}

function decode(text: string, run: Run): Decoded | null {
  const t = text.trim();
  if (t.length > MAX_SHC_TEXT || !t.startsWith('shc:/')) {
    run.fail('prefix', t.length > MAX_SHC_TEXT ? 'too-large' : 'unsupported');
    return null;
  }
  run.pass('prefix');

  // numeric: one QR, or all chunks of a chunked card separated by whitespace
  const chunks: ShcChunk[] = [];
  for (const part of t.split(/\s+/)) {
    const c = parseChunk(part);
    if (!c) {
      run.fail('numeric', 'decode:numeric');
      return null;
    }
    chunks.push(c);
  }
  const assembled = assembleChunks(chunks);
  const jws = assembled.ok ? digitsToJws(assembled.digits) : null;
  if (!assembled.ok || jws === null) {
    run.fail('numeric', assembled.ok ? 'decode:numeric' : assembled.reason);
    return null;
  }
  run.pass('numeric');

  // jws: compact serialisation, header {alg: ES256, zip: DEF, kid}
  const parts = jws.split('.');
  const headerBytes = parts.length === 3 && parts[0]!.length <= MAX_HEADER ? base64UrlToBytes(parts[0]!) : null;
  const body = parts.length === 3 ? base64UrlToBytes(parts[1]!) : null;
  const signature = parts.length === 3 ? base64UrlToBytes(parts[2]!) : null;
  let header: unknown = null;
  try {
    header = headerBytes ? JSON.parse(utf8.decode(headerBytes)) : null;
  } catch {
    header = null;
  }
  if (!isObject(header) || !body || !signature) {
    run.fail('jws', 'decode:jws');
    return null;
  }
  if (header.alg !== 'ES256' || header.zip !== 'DEF' || typeof header.kid !== 'string' || header.crit !== undefined) {
    run.fail('jws', header.alg !== 'ES256' ? 'signature:algorithm-unsupported' : 'decode:jws-header');
    return null;
  }
  run.pass('jws');

  // inflate: raw DEFLATE, bounded, then UTF-8 JSON
  const inflated = inflateRawBounded(body);
  let payload: unknown = null;
  if (inflated.ok) {
    try {
      payload = JSON.parse(utf8.decode(inflated.bytes));
    } catch {
      payload = null;
    }
  }
  if (!inflated.ok || !isObject(payload)) {
    run.fail('inflate', inflated.ok ? 'decode:payload' : inflated.reason);
    return null;
  }
  run.pass('inflate');
  return { signingInput: ascii.encode(`${parts[0]}.${parts[1]}`), signature, kid: header.kid, payload };
}

function displayOf(p: ShcPayload): VerdictDisplay {
  const d: VerdictDisplay = {};
  const resources = p.vc.credentialSubject.fhirBundle.entry.map((e) => e.resource as Record<string, unknown>);
  const patient = resources.find((r) => r.resourceType === 'Patient');
  const name = patient && Array.isArray(patient.name) && isObject(patient.name[0]) ? patient.name[0] : undefined;
  if (name) {
    const given = Array.isArray(name.given) ? name.given.filter((g) => typeof g === 'string').join(' ') : undefined;
    const masked = maskSurnameGiven(name.family, given);
    if (masked) d.name = masked;
  }
  const shots = resources.filter((r) => r.resourceType === 'Immunization' && r.status === 'completed');
  if (shots.length > 0) {
    d.recordType = 'immunization';
    d.doses = Math.min(99, shots.length);
    const dates = shots.map((s) => s.occurrenceDateTime).filter((x): x is string => typeof x === 'string').sort();
    if (dates.length) d.lastDose = dates[dates.length - 1]!.slice(0, 10);
  } else if (resources.some((r) => r.resourceType === 'Observation' || r.resourceType === 'DiagnosticReport')) {
    d.recordType = 'laboratory';
  }
  const until = p.exp !== undefined ? isoDate(p.exp * 1000) : undefined;
  if (until) d.validUntil = until;
  d.issuer = p.iss.slice(0, 200);
  return d;
}

/** Decodes without verifying (support output, `kiosk verify --show-payload`); never logged or stored. */
export function decodeSmartHealthCard(text: string): { header: { kid: string }; payload: Record<string, unknown> } | null {
  const d = decode(text, new Run());
  return d ? { header: { kid: d.kid }, payload: d.payload } : null;
}

export async function runSmartHealthCard(text: string, env: ShcEnv): Promise<VerifyOutput> {
  const run = new Run();
  const decoded = decode(text, run);
  if (!decoded) return { verdict: run.verdict('unreadable') };
  const { payload, kid } = decoded;

  // signature: the issuer (by iss) and key (by kid = JWK thumbprint) from the trust store; raw r||s only
  const iss = typeof payload.iss === 'string' ? payload.iss : '';
  const candidates = iss ? findIssuerKeys(env.issuers, iss, kid) : [];
  let signedBy: { issuer: ShcIssuer; key: IssuerKey } | undefined;
  if (candidates.length === 0) {
    run.fail('signature', 'issuer-unknown');
  } else if (decoded.signature.length !== 64) {
    run.fail('signature', 'signature-invalid');
  } else {
    for (const c of candidates) {
      const ok = await env.crypto.verify({ alg: 'ES256', spki: c.key.spki, data: decoded.signingInput, signature: decoded.signature, encoding: 'raw' });
      if (ok) {
        signedBy = c;
        break;
      }
    }
    if (signedBy) run.pass('signature');
    else run.fail('signature', 'signature-invalid');
  }

  // validity: nbf (possibly fractional seconds) <= now <= exp (when present)
  const nbf = typeof payload.nbf === 'number' && Number.isFinite(payload.nbf) ? payload.nbf : undefined;
  const exp = typeof payload.exp === 'number' && Number.isFinite(payload.exp) ? payload.exp : undefined;
  if (nbf === undefined || !Number.isFinite(env.nowMs)) run.fail('validity', 'validity:claims-missing');
  else if (env.nowMs < nbf * 1000) run.fail('validity', 'not-yet-valid');
  else if (exp !== undefined && env.nowMs > exp * 1000) run.fail('validity', 'expired');
  else if (payload.exp !== undefined && exp === undefined) run.fail('validity', 'validity:claims-missing');
  else run.pass('validity');

  const vc = isObject(payload.vc) ? payload.vc : {};
  const rid = typeof vc.rid === 'string' ? vc.rid : undefined;
  if (signedBy) {
    if (checkRevocation(signedBy.issuer, signedBy.key.kid, rid, nbf ?? 0).revoked) run.fail('revocation', 'revoked');
    else run.pass('revocation');
  }

  const schema = ShcPayload.safeParse(payload);
  if (schema.success) run.pass('schema');
  else run.fail('schema', 'format:schema');

  if (!signedBy) return { verdict: run.verdict('invalid') };
  const display = schema.success ? displayOf(schema.data) : {};
  const identity = { family: 'shc' as const, iss, kid, ...(rid !== undefined ? { rid } : {}) };
  if (run.reasons.length === 0 && env.pass && env.pass !== 'in-force') {
    run.reasons.push(passReason(env.pass));
    return { verdict: run.verdict('not-applicable', display, signedBy.issuer.demo), identity };
  }
  const outcome = run.reasons.length === 0 ? 'valid' : 'invalid';
  return { verdict: run.verdict(outcome, display, signedBy.issuer.demo), identity };
}

function toMs(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Date.parse(v);
  return NaN;
}

/** The kiosk entry point: `shc:/` texts dispatched by main/verify/index.ts. Never throws. */
export async function verifySmartHealthCard(text: string, ctx: VerifyContext): Promise<VerifyOutput> {
  try {
    const nowMs = toMs(ctx.now);
    return await runSmartHealthCard(text, { nowMs, issuers: ctx.trust?.shc ?? [], crypto: ctx.crypto, pass: passInForce(ctx.rules, nowMs) });
  } catch {
    return { verdict: { outcome: 'unreadable', credential: 'shc', reasons: ['internal-error'], stages: {}, display: {}, demo: false } };
  }
}
