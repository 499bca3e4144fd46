// Shared by the fuzz targets: the fixed seed, the hang and memory bounds, mutation arbitraries and the
// verification contexts (demo trust store, plus the public EU DCC and SMART Health Card test issuers so that
// mutated third-party codes reach the stages behind the signature check).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { Verdict } from '../../main/api/verdict.ts';
import { nodeSignatureVerifier } from '../../main/kiosk/node-verifier.ts';
import {
  DEFAULT_RULE_PROFILE, loadRuleProfile, loadTrustStore, loadTrustStoreText, mergeTrustStores,
  type TrustStore, type VerifyContext, type VerifyOutput,
} from '../../main/verify/index.ts';
import { demoTrustPath } from '../fixtures/hk/sign.ts';

/** The corpus `npm test` runs is fixed: same seed, same inputs, every run. `npm run fuzz` overrides both. */
export const FIXED_SEED = 20_221_130;
/** A gross per-input bound on CPU time (not wall time, so that a loaded machine cannot trip it): it catches a hang
 *  or a super-linear blow-up, it is not a speed assertion. */
export const HANG_MS = 1000;
/** Growth of heap + array buffers across ONE input that means something was inflated or copied unbounded. */
export const MEMORY_BYTES = 64 * 1024 * 1024;

export const testdata = resolve(import.meta.dirname, '../../../shared/testdata');

/** Runs fn once, and fails on a hang or an unbounded allocation. Rethrows whatever fn throws. */
export async function bounded<T>(what: string, fn: () => T | Promise<T>): Promise<T> {
  const m0 = memory();
  const c0 = process.cpuUsage();
  const r = await fn();
  const c = process.cpuUsage(c0);
  const ms = (c.user + c.system) / 1000;
  const grew = memory() - m0;
  if (ms > HANG_MS) throw new Error(`${what}: took ${ms.toFixed(0)} ms of CPU for one input (hang bound ${HANG_MS} ms)`);
  if (grew > MEMORY_BYTES) throw new Error(`${what}: grew memory by ${(grew / 1048576).toFixed(0)} MB for one input`);
  return r;
}

function memory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

// ---- mutations ------------------------------------------------------------------------------------------------

type StrOp =
  | { k: 'replace'; at: number; text: string }
  | { k: 'insert'; at: number; text: string }
  | { k: 'delete'; at: number; len: number }
  | { k: 'duplicate'; at: number; len: number }
  | { k: 'truncate'; at: number }
  | { k: 'swap'; at: number; to: number };

function strOp(chars: fc.Arbitrary<string>): fc.Arbitrary<StrOp> {
  const text = fc.string({ unit: chars, minLength: 1, maxLength: 8 });
  return fc.oneof(
    fc.record({ k: fc.constant('replace' as const), at: fc.nat(), text }),
    fc.record({ k: fc.constant('insert' as const), at: fc.nat(), text }),
    fc.record({ k: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ k: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }) }),
    fc.record({ k: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ k: fc.constant('swap' as const), at: fc.nat(), to: fc.nat() }),
  );
}

function applyStr(s: string, op: StrOp): string {
  const n = s.length;
  const at = n === 0 ? 0 : op.at % (n + 1);
  switch (op.k) {
    case 'replace': return s.slice(0, at) + op.text + s.slice(at + op.text.length);
    case 'insert': return s.slice(0, at) + op.text + s.slice(at);
    case 'delete': return s.slice(0, at) + s.slice(at + op.len);
    case 'duplicate': return s.slice(0, at + op.len) + s.slice(at, at + op.len) + s.slice(at + op.len);
    case 'truncate': return s.slice(0, at);
    case 'swap': {
      if (n < 2) return s;
      const a = op.at % n;
      const b = op.to % n;
      const c = [...s];
      [c[a], c[b]] = [c[b]!, c[a]!];
      return c.join('');
    }
  }
}

/** Characters a mutation inserts: mostly the format's own alphabet (so that the text still gets deep), some anything. */
export function charsOf(alphabet: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...alphabet) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.constantFrom('\u0000', '\n', '\r', '|', ':', '/', '.', '\uFEFF', '\uD800', '\u202E', ' ') },
  );
}

/** One to four edits of a valid text. */
export function mutatedString(base: fc.Arbitrary<string> | string, alphabet: string): fc.Arbitrary<string> {
  const b = typeof base === 'string' ? fc.constant(base) : base;
  return fc.tuple(b, fc.array(strOp(charsOf(alphabet)), { minLength: 1, maxLength: 4 })).map(([s, ops]) => ops.reduce(applyStr, s));
}

type ByteOp =
  | { k: 'flip'; at: number; bit: number }
  | { k: 'set'; at: number; v: number }
  | { k: 'insert'; at: number; bytes: Uint8Array }
  | { k: 'delete'; at: number; len: number }
  | { k: 'truncate'; at: number };

const byteOp: fc.Arbitrary<ByteOp> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ k: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('set' as const), at: fc.nat(), v: fc.constantFrom(0, 1, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1f, 0x7f, 0x80, 0x9f, 0xbf, 0xd2, 0xff) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 32 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('truncate' as const), at: fc.nat() }) },
);

function applyBytes(b: Uint8Array, op: ByteOp): Uint8Array {
  const n = b.length;
  const at = n === 0 ? 0 : op.at % n;
  switch (op.k) {
    case 'flip': { const c = b.slice(); if (n) c[at]! ^= 1 << op.bit; return c; }
    case 'set': { const c = b.slice(); if (n) c[at] = op.v; return c; }
    case 'insert': return concat(b.subarray(0, at), op.bytes, b.subarray(at));
    case 'delete': return concat(b.subarray(0, at), b.subarray(at + op.len));
    case 'truncate': return b.slice(0, at);
  }
}

/** One to three byte-level edits (bit flips favour CBOR major-type and length bytes). */
export function mutatedBytes(base: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc.array(byteOp, { minLength: 1, maxLength: 3 }).map((ops) => ops.reduce(applyBytes, base));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A JSON value with one subtree replaced by arbitrary JSON (or removed), at a random path. */
export function mutatedJson(base: unknown): fc.Arbitrary<unknown> {
  const paths = jsonPaths(base);
  return fc.tuple(fc.constantFrom(...paths), fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined))).map(([path, v]) => {
    const copy = structuredClone(base) as unknown;
    if (path.length === 0) return v;
    let node = copy as Record<string | number, unknown>;
    for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    if (v === undefined && !Array.isArray(node)) delete node[last];
    else node[last] = v;
    return copy;
  });
}

function jsonPaths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (out.length > 2000) return out;
  if (Array.isArray(v)) v.slice(0, 50).forEach((x, i) => jsonPaths(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) jsonPaths(x, [...prefix, k], out);
  return out;
}

// ---- contexts -------------------------------------------------------------------------------------------------

/** The real demo trust store, loaded as the kiosk loads it. */
export function demoTrust(): TrustStore {
  const r = loadTrustStoreText(readFileSync(demoTrustPath, 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.store;
}

/** Every EU DCC conformance vector: its QR text, signing certificate and validation clock. */
export interface DccVector { file: string; prefix: string; certificate?: string; clock?: string }

export function dccVectors(): DccVector[] {
  const out: DccVector[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.json')) {
        try {
          const j = JSON.parse(readFileSync(p, 'utf8')) as { PREFIX?: unknown; TESTCTX?: { CERTIFICATE?: unknown; VALIDATIONCLOCK?: unknown } };
          if (typeof j.PREFIX !== 'string' || !j.PREFIX.startsWith('HC1:')) continue;
          out.push({
            file: p.slice(testdata.length + 1),
            prefix: j.PREFIX,
            ...(typeof j.TESTCTX?.CERTIFICATE === 'string' ? { certificate: j.TESTCTX.CERTIFICATE } : {}),
            ...(typeof j.TESTCTX?.VALIDATIONCLOCK === 'string' ? { clock: j.TESTCTX.VALIDATIONCLOCK } : {}),
          });
        } catch {
          // a vector that is not JSON is not ours to judge
        }
      }
    }
  };
  walk(join(testdata, 'eu-dcc'));
  return out;
}

/** The SMART Health Card spec examples' numeric QR texts (a chunked card joined by a space, as a scanner session). */
export function shcExamples(): string[] {
  const dir = join(testdata, 'shc');
  const files = readdirSync(dir).filter((f) => /qr-code-numeric-value-\d+\.txt$/.test(f)).sort();
  const byCard = new Map<string, string[]>();
  for (const f of files) {
    const card = f.slice(0, 'example-00'.length);
    byCard.set(card, [...(byCard.get(card) ?? []), readFileSync(join(dir, f), 'utf8').trim()]);
  }
  return [...byCard.values()].map((parts) => parts.join(' '));
}

/** Demo store plus the public EU test signing certificates and the SMART example issuer (keys and CRL). */
export function extendedTrust(): TrustStore {
  const certs = [...new Set(dccVectors().map((v) => v.certificate).filter((c): c is string => !!c))];
  const wk = join(testdata, 'shc/issuer/.well-known');
  const jwks = JSON.parse(readFileSync(join(wk, 'jwks.json'), 'utf8')) as unknown;
  const crls = readdirSync(join(wk, 'crl')).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(wk, 'crl', f), 'utf8')) as unknown);
  const eu = loadTrustStore({ version: 1, name: 'EU DCC test signers (TEST ONLY)', eudcc: certs.map((certificate) => ({ certificate })) });
  // a certificate the loader refuses would make the whole store fail: keep only those it takes
  const euStore = eu.ok ? eu : loadTrustStore({
    version: 1, name: 'EU DCC test signers (TEST ONLY)',
    eudcc: certs.filter((c) => loadTrustStore({ version: 1, name: 't', eudcc: [{ certificate: c }] }).ok).map((certificate) => ({ certificate })),
  });
  const shc = loadTrustStore({ version: 1, name: 'SMART example issuer (TEST ONLY)', shc: [{ iss: 'https://spec.smarthealth.cards/examples/issuer', jwks, crls }] });
  if (!euStore.ok) throw new Error(euStore.error);
  if (!shc.ok) throw new Error(shc.error);
  return mergeTrustStores(demoTrust(), euStore.store, shc.store);
}

export function verifyContext(trust: TrustStore, now: Date, venue: 'active' | 'passive' = 'active', profile = DEFAULT_RULE_PROFILE): VerifyContext {
  const rules = loadRuleProfile(profile);
  if (!rules.ok) throw new Error(rules.error);
  return { now, venue, trust, rules: rules.profile, crypto: nodeSignatureVerifier };
}

/** A verify() result must be a complete verdict the screen can show: the API schema says what that is. */
export function assertVerdict(out: VerifyOutput, input: string): void {
  const parsed = Verdict.safeParse(out?.verdict);
  if (!parsed.success) throw new Error(`verdict failed the API schema for input of length ${input.length}: ${parsed.error.issues[0]?.message}`);
}

/** fc.assert parameters: the fixed corpus in `npm test`, overridden by the longer `npm run fuzz`. */
export function params(numRuns: number): fc.Parameters<unknown> {
  const scale = Number(process.env.FUZZ_SCALE ?? '1');
  const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : FIXED_SEED;
  return { seed, numRuns: Math.max(1, Math.round(numRuns * scale)), endOnFailure: true };
}
