// EU DCC validity stage (main/verify/eudcc/index.ts): the signer certificate's validity must cover the pass's
// iat..exp, and a pass without iat or exp is refused for that reason. The signer is a fixed openssl certificate
// valid exactly through 2021 (tests/fixtures/eudcc/make-signer.sh); the COSE_Sign1 and its Sig_structure are built
// in tests/fixtures/eudcc/mint.ts with cbor-x and node:crypto, not with the verifier's own cose.ts. Each test names the mutant it kills.
import { describe, expect, it } from 'vitest';
import { Verdict } from '../../main/api/verdict.ts';
import { nodeSignatureVerifier } from '../../main/kiosk/node-verifier.ts';
import { verifyEuDcc } from '../../main/verify/eudcc/index.ts';
import { loadRuleProfile, type VerifyContext } from '../../main/verify/index.ts';
import type { TrustStore } from '../../main/verify/trust/types.ts';
import { mintDcc as mint, SIGNER_NOT_AFTER as NOT_AFTER, SIGNER_NOT_BEFORE as NOT_BEFORE, signerDer as der } from '../fixtures/eudcc/mint.ts';

const profile = loadRuleProfile();
if (!profile.ok) throw new Error(profile.error);
const s = (iso: string) => Date.parse(iso) / 1000;

const trust: TrustStore = { name: 't', demo: false, hk: [], shc: [], status: [], eudcc: [{ certificate: Buffer.from(der).toString('base64'), der, demo: false, store: 't' }] };
const ctx = (nowIso: string): VerifyContext => ({ now: new Date(nowIso), venue: 'active', trust, rules: profile.ok ? profile.profile : (null as never), crypto: nodeSignatureVerifier });

async function check(claims: { iat?: number; exp?: number }, nowIso: string) {
  const out = await verifyEuDcc(mint(claims), ctx(nowIso));
  Verdict.parse(out.verdict);
  return out.verdict;
}

describe('EU DCC validity against the signer certificate', () => {
  it('a pass inside the signer\'s validity ends valid with the rules stage on (the fixture is sound)', async () => {
    const v = await check({ iat: s('2021-06-01T00:00:00Z'), exp: s('2021-12-01T00:00:00Z') }, '2021-06-02T00:00:00Z');
    expect(v.outcome).toBe('valid');
    expect(v.stages).toMatchObject({ signature: true, validity: true, keyUsage: true, schema: true, rules: true });
    expect(v.reasons).toEqual([]);
    expect(v.demo).toBe(false);
  });

  it('kills: signer-validity check dropped (exp after the certificate\'s notAfter)', async () => {
    const v = await check({ iat: s('2021-06-01T00:00:00Z'), exp: NOT_AFTER + 1 }, '2021-07-01T00:00:00Z');
    expect(v.outcome).toBe('invalid');
    expect(v.stages.validity).toBe(false);
    expect(v.reasons).toEqual(['validity:signer-certificate']);
  });

  it('kills: signer-validity check dropped (iat before the certificate\'s notBefore)', async () => {
    const v = await check({ iat: NOT_BEFORE - 1, exp: s('2021-09-01T00:00:00Z') }, '2021-07-01T00:00:00Z');
    expect(v.outcome).toBe('invalid');
    expect(v.reasons).toEqual(['validity:signer-certificate']);
  });

  it('kills: signer-validity `<` / `>` -> `<=` / `>=` (iat = notBefore and exp = notAfter are inside)', async () => {
    const v = await check({ iat: NOT_BEFORE, exp: NOT_AFTER }, '2021-07-01T00:00:00Z');
    expect(v.outcome).toBe('valid');
    expect(v.stages.validity).toBe(true);
  });

  it('kills: missing-claims check dropped (no iat: refused as validity:claims-missing, not by a RangeError later)', async () => {
    const v = await check({ exp: s('2021-12-01T00:00:00Z') }, '2021-07-01T00:00:00Z');
    expect(v.outcome).toBe('invalid');
    expect(v.credential).toBe('eu-dcc');
    expect(v.stages).toMatchObject({ signature: true, validity: false });
    expect(v.reasons).toEqual(['validity:claims-missing']);
  });

  it('kills: missing-claims check dropped (no exp: refused as validity:claims-missing)', async () => {
    const v = await check({ iat: s('2021-06-01T00:00:00Z') }, '2021-07-01T00:00:00Z');
    expect(v.outcome).toBe('invalid');
    expect(v.reasons).toEqual(['validity:claims-missing']);
    expect(v.display.validUntil).toBeUndefined();
  });

  it('kills: iat/exp against the scan time `<` / `>` moved (now = iat and now = exp valid; a second outside refused)', async () => {
    const iat = s('2021-06-01T00:00:00Z');
    const exp = s('2021-09-01T00:00:00Z');
    expect((await check({ iat, exp }, '2021-06-01T00:00:00Z')).outcome).toBe('valid');
    expect((await check({ iat, exp }, '2021-09-01T00:00:00Z')).outcome).toBe('valid');
    const early = await check({ iat, exp }, '2021-05-31T23:59:59Z');
    expect(early.outcome).toBe('invalid');
    expect(early.reasons).toEqual(['not-yet-valid']);
    const late = await check({ iat, exp }, '2021-09-01T00:00:01Z');
    expect(late.outcome).toBe('invalid');
    expect(late.reasons).toEqual(['expired']);
  });

  it('kills: display validUntil from exp removed (shows the pass\'s expiry day)', async () => {
    const v = await check({ iat: s('2021-06-01T00:00:00Z'), exp: s('2021-11-20T12:00:00Z') }, '2021-06-02T00:00:00Z');
    expect(v.display).toMatchObject({ validUntil: '2021-11-20', recordType: 'vaccination', doses: 2, lastDose: '2021-05-29', issuer: 'Robert Koch-Institut (DE)' });
  });
});
