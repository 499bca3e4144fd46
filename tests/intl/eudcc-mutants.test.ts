// Mutation-testing kills for main/verify/eudcc/index.ts (runEuDcc: decoding, signature, validity, key usage,
// schema, rules, and the verdict and identity it returns). Passes are minted in tests/fixtures/eudcc/mint.ts with
// cbor-x and node:crypto (not the verifier's cose.ts) and signed by the fixed openssl signers of that folder: the
// main one (valid through 2021, no DGC key usage: every type) and a vaccination-only one. Expected values are
// worked out here by hand from the minted parts and the DCC spec. Each test names the mutant(s) it kills.
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import base45 from 'base45';
import { Encoder } from 'cbor-x';
import { zlibSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { Verdict } from '../../main/api/verdict.ts';
import { nodeSignatureVerifier } from '../../main/kiosk/node-verifier.ts';
import { decodeEuDcc, DEFAULT_EU_RULE_SET, runEuDcc, verifyEuDcc, type EuDccEnv } from '../../main/verify/eudcc/index.ts';
import { loadEuRuleSet, type EuRuleSet } from '../../main/verify/eudcc/rules.ts';
import { loadRuleProfile, type VerifyContext } from '../../main/verify/index.ts';
import type { EuDccSigner, TrustStore } from '../../main/verify/trust/types.ts';
import type { SignatureVerifier } from '../../main/verify/types.ts';
import { mintParts, signerDer, signerKid, vaccinationPayload, vOnlySignerDer, type CoseParts } from '../fixtures/eudcc/mint.ts';

const cbor = new Encoder({ mapsAsObjects: false, useRecords: false, tagUint8Array: false });
const IAT = Date.UTC(2021, 5, 1) / 1000; // 2021-06-01T00:00:00Z
const EXP = Date.UTC(2021, 11, 1) / 1000; // 2021-12-01T00:00:00Z
const NOW = Date.UTC(2021, 6, 1); // 2021-07-01T00:00:00Z
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const signer = (der: Uint8Array, demo = false, store = 'main'): EuDccSigner => ({ certificate: b64(der), der, demo, store });
const MAIN = signer(signerDer);
const V_ONLY = signer(vOnlySignerDer, false, 'v-only');
const spkiOf = (der: Uint8Array) => new Uint8Array(new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' }));
const kidOf = (der: Uint8Array) => new Uint8Array(createHash('sha256').update(der).digest().subarray(0, 8));
/** The Swiss upstream vector's signer: an RSA certificate (its passes are PS256). */
const CH1 = JSON.parse(readFileSync('../shared/testdata/eu-dcc/CH/2DCode/raw/1.json', 'utf8')) as { PREFIX: string; TESTCTX: { CERTIFICATE: string; VALIDATIONCLOCK: string } };
const CH_RSA_DER = new Uint8Array(Buffer.from(CH1.TESTCTX.CERTIFICATE, 'base64'));

const env = (over: Partial<EuDccEnv> = {}): EuDccEnv => ({ nowMs: NOW, signers: [MAIN], crypto: nodeSignatureVerifier, ruleSet: null, ...over });
const mint = (p: CoseParts = {}) => mintParts({ iat: IAT, exp: EXP, ...p });
async function run(p: CoseParts = {}, over: Partial<EuDccEnv> = {}) {
  const out = await runEuDcc(mint(p).text, env(over));
  Verdict.parse(out.verdict);
  return out;
}
function recording(inner: SignatureVerifier = nodeSignatureVerifier) {
  const calls: Parameters<SignatureVerifier['verify']>[0][] = [];
  const crypto: SignatureVerifier = { verify: async (req) => { calls.push(req); return inner.verify(req); } };
  return { calls, crypto };
}
const ruleSet = (json: unknown): EuRuleSet => {
  const r = loadEuRuleSet(json);
  if (!r.ok) throw new Error(r.error);
  return r.ruleSet;
};

const DECODED = { prefix: true, base45: true, inflate: true, cose: true };
/** The display of the DE/1 vaccination payload, by hand: surname whole, given name's first letter. */
const VAC_DISPLAY = { name: 'Mustermann E**', validUntil: '2021-12-01', recordType: 'vaccination', doses: 2, lastDose: '2021-05-29', issuer: 'Robert Koch-Institut (DE)' };
const VAC_ENTRY = vaccinationPayload.v[0]!;
const RECOVERY = {
  ver: '1.3.0', dob: '1964-08-12', nam: { fn: 'Mustermann', fnt: 'MUSTERMANN', gn: 'Erika', gnt: 'ERIKA' },
  r: [{ tg: '840539006', fr: '2021-01-10', co: 'DE', is: 'Robert Koch-Institut', df: '2021-01-29', du: '2021-06-29', ci: 'URN:UVCI:01DE/R1#Q' }],
};
const TEST = {
  ver: '1.3.0', dob: '1964-08-12', nam: { fn: 'Mustermann', fnt: 'MUSTERMANN', gn: 'Erika', gnt: 'ERIKA' },
  t: [{ tg: '840539006', tt: 'LP6464-4', sc: '2021-06-30T10:00:00Z', tr: '260415000', tc: 'Testzentrum', co: 'DE', is: 'Robert Koch-Institut', ci: 'URN:UVCI:01DE/T1#X' }],
};
const vac13 = (entry: Record<string, unknown>) => ({ ...vaccinationPayload, ver: '1.3.0', v: [{ ...VAC_ENTRY, ...entry }] });

describe('index.ts: the whole verdict and identity of a good pass', () => {
  it('kills: stage names, display fields, demo default, identity fields emptied (a good pass, no rules stage)', async () => {
    const m = mint();
    const out = await runEuDcc(m.text, env());
    const { signature, ...identity } = out.identity as { signature: Uint8Array };
    expect(out.verdict).toStrictEqual({
      outcome: 'valid', credential: 'eu-dcc', reasons: [],
      stages: { ...DECODED, signature: true, validity: true, keyUsage: true, schema: true },
      display: VAC_DISPLAY, demo: false,
    });
    expect(identity).toStrictEqual({ family: 'eudcc', uci: VAC_ENTRY.ci, country: 'DE' });
    expect(Buffer.from(signature).equals(Buffer.from(m.signature))).toBe(true);
  });

  it('kills: the verifier request (alg, key, Sig_structure, raw encoding) mutated; one call for one signer', async () => {
    const m = mint();
    const rec = recording();
    expect((await runEuDcc(m.text, env({ crypto: rec.crypto }))).verdict.outcome).toBe('valid');
    expect(rec.calls).toHaveLength(1);
    const c = rec.calls[0]!;
    expect(c.alg).toBe('ES256');
    expect(c.encoding).toBe('raw'); // COSE carries r || s, not DER (RFC 8152 section 8.1)
    expect(Buffer.from(c.spki).equals(Buffer.from(spkiOf(signerDer)))).toBe(true);
    expect(Buffer.from(c.data).equals(Buffer.from(m.sigStructure))).toBe(true);
    expect(Buffer.from(c.signature).equals(Buffer.from(m.signature))).toBe(true);
  });

  it('kills: decodeEuDcc answer mutated (claims and payload of a good pass; null for a non-DCC)', () => {
    expect(decodeEuDcc(mint().text)).toEqual({ claims: { iss: 'DE', iat: IAT, exp: EXP, hcert: vaccinationPayload }, payload: vaccinationPayload });
    expect(decodeEuDcc('HC1:A')).toBeNull();
    expect(decodeEuDcc(`HC1:${base45.encode(zlibSync(new TextEncoder().encode('not cose')))}`)).toBeNull();
  });
});

describe('index.ts: decoding stages (whole verdicts)', () => {
  const unreadable = (stages: Record<string, boolean>, reasons: string[]) => ({ outcome: 'unreadable', credential: 'eu-dcc', reasons, stages, display: {}, demo: false });

  it('kills: the 8192-character bound moved or its reason swapped (8192 characters read on; 8193 too-large; no HC1: unsupported)', async () => {
    // 'HC1:' + 8188 characters: exactly 8192, past the prefix; 8188 = 3 * 2729 + 1 leaves a dangling character
    expect((await runEuDcc(`HC1:${'0'.repeat(8188)}`, env())).verdict).toStrictEqual(unreadable({ prefix: true, base45: false }, ['decode:base45']));
    expect((await runEuDcc(`HC1:${'0'.repeat(8189)}`, env())).verdict).toStrictEqual(unreadable({ prefix: false }, ['too-large']));
    expect((await runEuDcc('X'.repeat(8192), env())).verdict).toStrictEqual(unreadable({ prefix: false }, ['unsupported']));
    expect((await runEuDcc('X'.repeat(8193), env())).verdict).toStrictEqual(unreadable({ prefix: false }, ['too-large']));
  });

  it('kills: inflate / cose / cwt failures mutated (each stage and reason of its own)', async () => {
    expect((await runEuDcc(`HC1:${base45.encode(new TextEncoder().encode('not compressed at all'))}`, env())).verdict)
      .toStrictEqual(unreadable({ prefix: true, base45: true, inflate: false }, ['decode:inflate']));
    expect((await runEuDcc(`HC1:${base45.encode(zlibSync(new TextEncoder().encode('not cose')))}`, env())).verdict)
      .toStrictEqual(unreadable({ ...DECODED, cose: false }, ['decode:cose']));
    // a well-formed COSE_Sign1 whose payload is a CBOR text, not a CWT map
    const cose = cbor.encode([cbor.encode(new Map<number, unknown>([[1, -7], [4, signerKid]])), new Map(), cbor.encode('x'), new Uint8Array(64)]);
    expect((await runEuDcc(`HC1:${base45.encode(zlibSync(cose))}`, env())).verdict).toStrictEqual(unreadable({ ...DECODED, cose: false }, ['decode:cwt']));
  });
});

describe('index.ts: the signature stage', () => {
  const refused = (reason: string, extra: Record<string, boolean> = {}) => ({
    outcome: 'invalid', credential: 'eu-dcc', reasons: [reason],
    stages: { ...DECODED, signature: false, validity: true, schema: true, ...extra }, display: {}, demo: false,
  });

  it('kills: kid check removed (no kid anywhere: signature:kid-missing, nothing shown)', async () => {
    const out = await run({ protectedHeader: new Map([[1, -7]]) });
    expect(out.verdict).toStrictEqual(refused('signature:kid-missing'));
    expect(out.identity).toBeUndefined();
  });

  it('kills: kid from the unprotected header ignored (RFC 8152: used when the protected one has none)', async () => {
    const out = await run({ protectedHeader: new Map([[1, -7]]), unprotectedHeader: new Map([[4, signerKid]]) });
    expect(out.verdict.outcome).toBe('valid');
  });

  it('kills: algorithm check removed or widened (ES384 and no alg: algorithm-unsupported, not signature-invalid)', async () => {
    expect((await run({ protectedHeader: new Map<number, unknown>([[1, -35], [4, signerKid]]) })).verdict).toStrictEqual(refused('signature:algorithm-unsupported'));
    expect((await run({ protectedHeader: new Map<number, unknown>([[4, signerKid]]) })).verdict).toStrictEqual(refused('signature:algorithm-unsupported'));
  });

  it('kills: ES256 length check removed (a 63- or 65-byte signature is signature-invalid without asking the verifier)', async () => {
    for (const edit of [(s: Uint8Array) => s.subarray(0, 63), (s: Uint8Array) => Uint8Array.from([...s, 0])]) {
      const rec = recording();
      expect((await run({ editSignature: edit }, { crypto: rec.crypto })).verdict).toStrictEqual(refused('signature-invalid'));
      expect(rec.calls).toEqual([]);
    }
  });

  it('kills: kid lookup mutated (a kid no signer has, even over a good signature by a trusted key, is issuer-unknown)', async () => {
    const rec = recording();
    const out = await run({ protectedHeader: new Map<number, unknown>([[1, -7], [4, new Uint8Array(8)]]) }, { crypto: rec.crypto });
    expect(out.verdict).toStrictEqual(refused('issuer-unknown'));
    expect(rec.calls).toEqual([]);
    // one byte short of the signer's kid is another kid
    expect((await run({ protectedHeader: new Map<number, unknown>([[1, -7], [4, signerKid.subarray(0, 7)]]) })).verdict).toStrictEqual(refused('issuer-unknown'));
  });

  it('kills: key-type check removed (an ES256 pass naming an RSA certificate, or PS256 naming an EC one, never reaches the verifier)', async () => {
    const rec = recording();
    const rsa = signer(CH_RSA_DER, false, 'ch');
    const es256OnRsa = await run({ protectedHeader: new Map<number, unknown>([[1, -7], [4, kidOf(CH_RSA_DER)]]) }, { signers: [rsa, MAIN], crypto: rec.crypto });
    expect(es256OnRsa.verdict).toStrictEqual(refused('signature-invalid'));
    const ps256OnEc = await run({ protectedHeader: new Map<number, unknown>([[1, -37], [4, signerKid]]) }, { crypto: rec.crypto });
    expect(ps256OnEc.verdict).toStrictEqual(refused('signature-invalid'));
    expect(rec.calls).toEqual([]);
  });

  it('kills: the PS256 path mutated (the Swiss upstream vector, RSA-PSS, verifies with its own certificate, asked as PS256)', async () => {
    const rec = recording();
    expect(CH1.TESTCTX.VALIDATIONCLOCK).toBe('2021-08-18T16:36:53+02:00');
    const out = await runEuDcc(CH1.PREFIX, env({ nowMs: Date.parse('2021-08-18T14:36:53Z'), signers: [signer(CH_RSA_DER, false, 'ch')], crypto: rec.crypto }));
    expect(out.verdict.stages.signature).toBe(true);
    expect(out.verdict.outcome).toBe('valid');
    expect(rec.calls.map((c) => [c.alg, c.encoding])).toEqual([['PS256', 'raw']]);
  });

  it('kills: unparseable trust entries not skipped (a garbage certificate beside the real one)', async () => {
    const out = await run({}, { signers: [signer(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00])), MAIN] });
    expect(out.verdict.outcome).toBe('valid');
    expect(out.verdict.stages.signature).toBe(true);
  });

  it('kills: same-kid list overwritten, or the search not stopping at the first verifying signer (first listed decides demo)', async () => {
    const rec = recording();
    const out = await run({}, { signers: [signer(signerDer, true, 'demo'), signer(signerDer, false, 'prod')], crypto: rec.crypto });
    expect(out.verdict.outcome).toBe('valid');
    expect(out.verdict.demo).toBe(true);
    expect(rec.calls).toHaveLength(1);
    const other = await run({}, { signers: [signer(signerDer, false, 'prod'), signer(signerDer, true, 'demo')] });
    expect(other.verdict.demo).toBe(false);
  });

  it('kills: the second same-kid entry stored empty (two copies of the signer, a bad signature: both tried, signature-invalid)', async () => {
    const rec = recording();
    const out = await run({ editSignature: (sig) => sig.map((b, i) => (i === 5 ? b ^ 1 : b)) }, { signers: [MAIN, signer(signerDer, true, 'copy')], crypto: rec.crypto });
    expect(out.verdict).toStrictEqual(refused('signature-invalid'));
    expect(rec.calls).toHaveLength(2);
  });

  it('kills: a failing verifier answer taken as good (a signature by another key under the signer\'s kid)', async () => {
    // signed by the vaccination-only key but naming the main signer's kid
    const out = await run({ signer: 'v-only', protectedHeader: new Map<number, unknown>([[1, -7], [4, signerKid]]) });
    expect(out.verdict).toStrictEqual(refused('signature-invalid'));
  });
});

describe('index.ts: the validity stage', () => {
  it('kills: the scan clock check dropped (a clock that is not a number refuses with validity:claims-missing, never valid)', async () => {
    const out = await run({}, { nowMs: Number.NaN });
    expect(out.verdict.outcome).toBe('invalid');
    expect(out.verdict.stages).toStrictEqual({ ...DECODED, signature: true, validity: false, keyUsage: true, schema: true });
    expect(out.verdict.reasons).toEqual(['validity:claims-missing']);
  });

  it('kills: the stage name of not-yet-valid / expired emptied (the validity stage itself is false)', async () => {
    const stages = { ...DECODED, signature: true, validity: false, keyUsage: true, schema: true };
    const early = await run({}, { nowMs: IAT * 1000 - 1000 });
    expect(early.verdict.reasons).toEqual(['not-yet-valid']);
    expect(early.verdict.stages).toStrictEqual(stages);
    const late = await run({}, { nowMs: EXP * 1000 + 1000 });
    expect(late.verdict.reasons).toEqual(['expired']);
    expect(late.verdict.stages).toStrictEqual(stages);
  });

  it('kills: the signer check run without a signer (an unsigned pass inside its dates: only signature-invalid)', async () => {
    const out = await run({ editSignature: (s) => s.map((b, i) => (i === 10 ? b ^ 1 : b)) });
    expect(out.verdict.outcome).toBe('invalid');
    expect(out.verdict.reasons).toEqual(['signature-invalid']);
    expect(out.verdict.stages.validity).toBe(true);
  });

  it('kills: display validUntil set without exp (no exp: no validUntil key at all; an exp no Date can hold neither)', async () => {
    const noExp = await runEuDcc(mintParts({ iat: IAT }).text, env());
    expect(noExp.verdict.display).toStrictEqual({ name: 'Mustermann E**', recordType: 'vaccination', doses: 2, lastDose: '2021-05-29', issuer: 'Robert Koch-Institut (DE)' });
    const huge = await run({ exp: 1e13 }); // 1e16 ms is past the 8.64e15 ms a Date can hold
    expect(huge.verdict.display).not.toHaveProperty('validUntil');
    expect(huge.verdict.reasons).toEqual(['validity:signer-certificate']);
  });
});

describe('index.ts: the key usage stage', () => {
  it('kills: `every` -> `some` (a vaccination-only signer on a pass holding v and r)', async () => {
    const both = { ...vac13({}), r: RECOVERY.r };
    const out = await run({ signer: 'v-only', payload: both }, { signers: [V_ONLY] });
    expect(out.verdict.stages.keyUsage).toBe(false);
    expect(out.verdict.reasons).toEqual(['issuer:key-usage', 'format:schema']);
  });

  it('kills: key usage not checked (a vaccination-only signer on a test certificate; its vaccination passes)', async () => {
    const t = await run({ signer: 'v-only', payload: TEST }, { signers: [V_ONLY] });
    expect(t.verdict.outcome).toBe('invalid');
    expect(t.verdict.reasons).toEqual(['issuer:key-usage']);
    const v = await run({ signer: 'v-only' }, { signers: [V_ONLY] });
    expect(v.verdict.outcome).toBe('valid');
    expect(v.verdict.stages.keyUsage).toBe(true);
  });

  it('kills: `types.length > 0` -> `>= 0` (a signed payload with no certificate entry at all)', async () => {
    const { v: _v, ...none } = vaccinationPayload;
    const out = await run({ payload: none });
    expect(out.verdict.stages.keyUsage).toBe(false);
    // schema 1.0.0 cannot say "one of v / t / r"; schema.ts's own check refuses it
    expect(out.verdict.reasons).toEqual(['issuer:key-usage', 'format:multiple-certificates']);
  });
});

describe('index.ts: what a signed pass that fails later shows', () => {
  it('kills: display and identity of a schema-failed pass mutated (name and exp date only; uci empty; country from iss)', async () => {
    const { v: _v, ...none } = vaccinationPayload;
    const out = await run({ payload: none, iss: 'SE' });
    expect(out.verdict.display).toStrictEqual({ name: 'Mustermann E**', validUntil: '2021-12-01' });
    const { signature: _s, ...identity } = out.identity as { signature: Uint8Array };
    expect(identity).toStrictEqual({ family: 'eudcc', uci: '', country: 'SE' });
    const noIss = await run({ payload: none, iss: null });
    expect((noIss.identity as { country: string }).country).toBe('');
    expect(out.verdict.stages).toStrictEqual({ ...DECODED, signature: true, validity: true, keyUsage: false, schema: false });
  });

  it('kills: identity country taken from iss over the entry (a good pass: the entry\'s co decides)', async () => {
    const out = await run({ iss: 'SE' });
    expect(out.verdict.outcome).toBe('valid');
    expect((out.identity as { country: string }).country).toBe('DE');
  });

  it('kills: name guards mutated (nam null, transliterated names only, a non-string transliteration)', async () => {
    const nul = await run({ payload: { ...vaccinationPayload, nam: null } });
    expect(nul.verdict.outcome).toBe('invalid');
    expect(nul.verdict.display).not.toHaveProperty('name');
    // ICAO 9303 '<' separates words: DE<LA<CRUZ is "DE LA CRUZ"
    const translit = await run({ payload: { ...vaccinationPayload, nam: { fnt: 'DE<LA<CRUZ', gnt: 'MARIA' } } });
    expect(translit.verdict.outcome).toBe('valid');
    expect(translit.verdict.display.name).toBe('DE L** C** M**');
    const odd = await run({ payload: { ...vaccinationPayload, nam: { fnt: 5, gn: 'Erika' } } });
    expect(odd.verdict.outcome).toBe('invalid');
    expect(odd.verdict.display.name).toBe('Erika');
  });

  it('kills: dose / date / until guards tied to the wrong type (stray fields in a recovery or vaccination entry)', async () => {
    const rec = await run({ payload: { ...RECOVERY, r: [{ ...RECOVERY.r[0], dn: 2, dt: '2021-05-29' }] } });
    expect(rec.verdict.display).toStrictEqual({ name: 'Mustermann E**', validUntil: '2021-06-29', recordType: 'recovery', issuer: 'Robert Koch-Institut (DE)' });
    const vac = await run({ payload: vac13({ du: '2022-01-01' }) });
    expect(vac.verdict.display).toStrictEqual(VAC_DISPLAY);
    const test = await run({ payload: TEST });
    expect(test.verdict.display).toStrictEqual({ name: 'Mustermann E**', validUntil: '2021-12-01', recordType: 'test', issuer: 'Robert Koch-Institut (DE)' });
  });

  it('kills: dose count bound moved (99 shown, 100 not: schema 1.3.0 has no maximum)', async () => {
    expect((await run({ payload: vac13({ dn: 99, sd: 99 }) })).verdict.display.doses).toBe(99);
    const many = await run({ payload: vac13({ dn: 100, sd: 100 }) });
    expect(many.verdict.display).not.toHaveProperty('doses');
  });

  it('kills: issuer text unbounded (at most 200 characters; the country pattern of the schema is unanchored)', async () => {
    const co = `DE${'x'.repeat(300)}`;
    const out = await run({ payload: vac13({ co }) });
    expect(out.verdict.outcome).toBe('valid');
    expect(out.verdict.display.issuer).toBe(`Robert Koch-Institut (${co}`.slice(0, 200));
    expect(out.verdict.display.issuer).toHaveLength(200);
  });
});

describe('index.ts: the rules stage', () => {
  const kidB64 = b64(kidOf(signerDer));
  const rule = (id: string, logic: unknown) => ({ Identifier: id, CertificateType: 'General', Logic: logic });
  const EXTERNAL = ruleSet({
    id: 'external-probe', accept: ['v'], valueSets: { tg: ['840539006'] },
    rules: [
      rule('CLOCK', { '===': [{ var: 'external.validationClock' }, '2021-07-01T00:00:00.000Z'] }),
      rule('EXP', { '===': [{ var: 'external.exp' }, '2021-12-01T00:00:00.000Z'] }),
      rule('IAT', { '===': [{ var: 'external.iat' }, '2021-06-01T00:00:00.000Z'] }),
      rule('ISSUER', { '===': [{ var: 'external.issuerCountryCode' }, 'DE'] }),
      rule('COUNTRY', { '===': [{ var: 'external.countryCode' }, 'DE'] }),
      rule('KID', { '===': [{ var: 'external.kid' }, kidB64] }),
      rule('VALUESET', { in: [{ var: 'payload.v.0.tg' }, { var: 'external.valueSets.tg' }] }),
      rule('PAYLOAD', { '===': [{ var: 'payload.v.0.dn' }, 2] }),
    ],
  });

  it('kills: each external field of the rules\' data mutated (clock, exp, iat, issuer country, kid, value sets)', async () => {
    const out = await run({}, { ruleSet: EXTERNAL });
    expect(out.verdict.reasons).toEqual([]);
    expect(out.verdict.outcome).toBe('valid');
    expect(out.verdict.stages.rules).toBe(true);
    expect(out.verdict.ruleSet).toBe('external-probe');
    // and the same rules do notice when a field is not what they ask
    const other = await run({ iss: 'SE' }, { ruleSet: EXTERNAL, nowMs: NOW + 1 });
    expect(other.verdict.outcome).toBe('invalid');
    expect(other.verdict.reasons).toEqual(['rules-failed:CLOCK', 'rules-failed:ISSUER', 'rules-failed:COUNTRY']);
    expect(other.verdict.stages.rules).toBe(false);
  });

  it('kills: the 32-reason cap removed or moved (40 failing rules give 32 reasons, in rule order)', async () => {
    const set = ruleSet({ id: 'all-fail', accept: ['v'], rules: Array.from({ length: 40 }, (_, i) => rule(`R${i}`, { '===': [{ var: 'payload.v.0.dn' }, 3] })) });
    const out = await run({}, { ruleSet: set });
    expect(out.verdict.outcome).toBe('invalid');
    expect(out.verdict.reasons).toEqual(Array.from({ length: 32 }, (_, i) => `rules-failed:R${i}`));
  });

  it('kills: `env.pass && ...` -> `||` (no pass given: in force, the rules decide)', async () => {
    const out = await run({}, { ruleSet: DEFAULT_EU_RULE_SET });
    expect(out.verdict.outcome).toBe('valid');
    expect(out.verdict.stages.rules).toBe(true);
    expect(out.verdict.ruleSet).toBe(DEFAULT_EU_RULE_SET.id);
    expect((await run({}, { ruleSet: DEFAULT_EU_RULE_SET, pass: 'in-force' })).verdict.outcome).toBe('valid');
  });

  it('kills: pass-not-in-force answer mutated (scrapped: not-applicable with its reason, before the rules)', async () => {
    const out = await run({}, { ruleSet: DEFAULT_EU_RULE_SET, pass: 'scrapped' });
    expect(out.verdict.outcome).toBe('not-applicable');
    expect(out.verdict.reasons).toEqual(['vaccine-pass-scrapped']);
    expect(out.verdict.stages).not.toHaveProperty('rules');
    expect(out.verdict.display).toStrictEqual(VAC_DISPLAY);
  });

  it('kills: the not-a-pass reason swapped (a recovery certificate at a vaccination-only venue), rule set id kept', async () => {
    const out = await run({ payload: RECOVERY }, { ruleSet: DEFAULT_EU_RULE_SET });
    expect(out.verdict.outcome).toBe('not-applicable');
    expect(out.verdict.reasons).toEqual(['not-a-pass']);
    expect(out.verdict.ruleSet).toBe(DEFAULT_EU_RULE_SET.id);
    const test = await run({ payload: TEST }, { ruleSet: DEFAULT_EU_RULE_SET });
    expect(test.verdict.reasons).toEqual(['testing-record']);
    expect(test.verdict.ruleSet).toBe(DEFAULT_EU_RULE_SET.id);
  });

  it('kills: rules run on a pass already refused (expired: invalid without a rules stage)', async () => {
    const out = await run({}, { ruleSet: DEFAULT_EU_RULE_SET, nowMs: EXP * 1000 + 1000 });
    expect(out.verdict.outcome).toBe('invalid');
    expect(out.verdict.reasons).toEqual(['expired']);
    expect(out.verdict.stages).not.toHaveProperty('rules');
  });
});

describe('index.ts: the kiosk entry point (verifyEuDcc)', () => {
  const profile = loadRuleProfile();
  if (!profile.ok) throw new Error(profile.error);
  const trust: TrustStore = { name: 't', demo: false, hk: [], shc: [], status: [], eudcc: [MAIN] };
  const ctx = (over: Partial<VerifyContext> = {}): VerifyContext => ({ now: new Date(NOW), venue: 'active', trust, rules: profile.ok ? profile.profile : (null as never), crypto: nodeSignatureVerifier, ...over });

  it('kills: the internal-error verdict mutated (a verifier that throws: unreadable, internal-error, nothing else)', async () => {
    const out = await verifyEuDcc(mint().text, ctx({ crypto: { verify: () => Promise.reject(new Error('boom')) } }));
    expect(out).toStrictEqual({ verdict: { outcome: 'unreadable', credential: 'eu-dcc', reasons: ['internal-error'], stages: {}, display: {}, demo: false } });
  });

  it('kills: trust store lookups mutated (no trust store: issuer-unknown; the store\'s signers are used)', async () => {
    const none = await verifyEuDcc(mint().text, ctx({ trust: undefined as never }));
    expect(none.verdict.outcome).toBe('invalid');
    expect(none.verdict.reasons).toEqual(['issuer-unknown']);
    const ok = await verifyEuDcc(mint().text, ctx({ now: new Date(NOW) }));
    expect(ok.verdict.stages.signature).toBe(true);
  });

  it('kills: euRules default swapped (undefined: the bundled venue rules run; null: no rules stage)', async () => {
    const dflt = await verifyEuDcc(mint().text, ctx());
    expect(dflt.verdict.outcome).toBe('valid');
    expect(dflt.verdict.stages.rules).toBe(true);
    expect(dflt.verdict.ruleSet).toBe(DEFAULT_EU_RULE_SET.id);
    const none = await verifyEuDcc(mint().text, { ...ctx(), euRules: null });
    expect(none.verdict.outcome).toBe('valid');
    expect(none.verdict.stages).not.toHaveProperty('rules');
    expect(none.verdict).not.toHaveProperty('ruleSet');
  });

  it('kills: the scan clock not read from a Date (ctx.now drives validity: a day after exp is expired)', async () => {
    const late = await verifyEuDcc(mint().text, { ...ctx({ now: new Date(EXP * 1000 + 86_400_000) }), euRules: null });
    expect(late.verdict.reasons).toEqual(['expired']);
    const inTime = await verifyEuDcc(mint().text, { ...ctx(), euRules: null });
    expect(inTime.verdict.outcome).toBe('valid');
  });

  it('kills: `v instanceof Date` forced either way (a clock that is not a Date is no clock: claims-missing, not a crash)', async () => {
    for (const now of [NOW, new Date(NOW).toISOString(), undefined]) {
      const out = await verifyEuDcc(mint().text, { ...ctx({ now: now as never }), euRules: null });
      expect(out.verdict.outcome).toBe('invalid');
      expect(out.verdict.reasons).toEqual(['validity:claims-missing']);
    }
  });
});

describe('index.ts: module-level values, through a fresh import', () => {
  it('kills: the record type names and the bundled rule set check (static mutants)', async () => {
    vi.resetModules();
    const fresh = await import('../../main/verify/eudcc/index.ts');
    expect(fresh.DEFAULT_EU_RULE_SET.id).toBe('eu-dcc-hk-venue-2022-11-30');
    const names: string[] = [];
    for (const payload of [vaccinationPayload, TEST, RECOVERY]) {
      const out = await fresh.runEuDcc(mint({ payload }).text, env());
      names.push(String(out.verdict.display.recordType));
    }
    expect(names).toEqual(['vaccination', 'test', 'recovery']);
  });
});
