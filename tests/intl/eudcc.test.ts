// EU DCC verifier behaviour beyond the upstream vectors: strict Base45, bounded inflate, tampering, COSE tag
// variants, the venue rule set, masking and hostile input. Vectors are read in place from ../shared/testdata.
import { readFileSync } from 'node:fs';
import base45 from 'base45';
import { zlibSync, deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { webCryptoVerifier } from '../../main/verify/crypto/webcrypto.ts';
import { decodeBase45Strict } from '../../main/verify/eudcc/base45.ts';
import { inflateRawBounded, MAX_INFLATED_BYTES, unzlibBounded } from '../../main/verify/eudcc/bounded-inflate.ts';
import { DEFAULT_EU_RULE_SET, verifyEuDcc, type EuDccContextExtras } from '../../main/verify/eudcc/index.ts';
import { loadEuRuleSet } from '../../main/verify/eudcc/rules.ts';
import { loadRuleProfile, type VerifyContext } from '../../main/verify/index.ts';
import type { TrustStore } from '../../main/verify/trust/types.ts';

const ROOT = '../shared/testdata/eu-dcc';
const enc = new TextEncoder();

interface Vector {
  PREFIX: string;
  COSE: string;
  JSON: Record<string, unknown>;
  TESTCTX: { CERTIFICATE: string; VALIDATIONCLOCK: string };
}
function vector(rel: string): Vector {
  return JSON.parse(readFileSync(`${ROOT}/${rel}`, 'utf8')) as Vector;
}
const profile = loadRuleProfile();
if (!profile.ok) throw new Error(profile.error);

function trustFor(v: Vector, demo = false): TrustStore {
  const der = new Uint8Array(Buffer.from(v.TESTCTX.CERTIFICATE, 'base64'));
  return { name: 't', demo, hk: [], shc: [], status: [], eudcc: [{ certificate: v.TESTCTX.CERTIFICATE, der, demo, store: 't' }] };
}
function ctxFor(v: Vector, extra: EuDccContextExtras = {}, trust = trustFor(v)): VerifyContext & EuDccContextExtras {
  let clock = v.TESTCTX.VALIDATIONCLOCK.replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
  if (!/(Z|[+-]\d\d:\d\d)$/.test(clock)) clock += 'Z';
  return { now: new Date(clock), venue: 'active', trust, rules: profile.ok ? profile.profile : (null as never), crypto: webCryptoVerifier, ...extra };
}
function hc1(cose: Uint8Array): string {
  return `HC1:${base45.encode(zlibSync(cose))}`;
}
const hex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

// DE/1: ES256, tag 18, kid in the protected header; CH/*: PS256 (RSA)
const DE1 = vector('DE/2DCode/raw/1.json');

describe('Base45 (RFC 9285)', () => {
  it('decodes the RFC examples', () => {
    expect(decodeBase45Strict('BB8')).toEqual(enc.encode('AB'));
    expect(decodeBase45Strict('%69 VD92EX0')).toEqual(enc.encode('Hello!!'));
    expect(decodeBase45Strict('UJCLQE7W581')).toEqual(enc.encode('base-45'));
    expect(decodeBase45Strict('QED8WEX0')).toEqual(enc.encode('ietf!'));
    expect(decodeBase45Strict('')).toEqual(new Uint8Array(0));
  });
  it('refuses what section 6 says to refuse', () => {
    expect(decodeBase45Strict('GGW')).toBeNull(); // 16 + 16*45 + 32*45^2 = 65536 > 65535
    expect(decodeBase45Strict('BB8A')).toBeNull(); // a dangling single character
    expect(decodeBase45Strict('ZZ')).toBeNull(); // 35 + 35*45 = 1610 > 255 in a final pair
    expect(decodeBase45Strict('bb8')).toBeNull(); // lower case is outside the alphabet
    expect(decodeBase45Strict('BB\u00e9')).toBeNull();
  });
});

describe('bounded inflate', () => {
  it('inflates normal data and checks the Adler-32 trailer', () => {
    const data = enc.encode('x'.repeat(5000));
    const z = zlibSync(data);
    const r = unzlibBounded(z);
    expect(r.ok && r.bytes).toEqual(data);
    const bad = z.slice();
    bad[bad.length - 1]! ^= 1;
    expect(unzlibBounded(bad)).toEqual({ ok: false, reason: 'decode:inflate' });
  });
  it('refuses output over 64 KiB without inflating it all', () => {
    const bomb = zlibSync(new Uint8Array(50 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(unzlibBounded(bomb)).toEqual({ ok: false, reason: 'decode:inflate-too-large' });
    expect(inflateRawBounded(deflateSync(new Uint8Array(MAX_INFLATED_BYTES + 1)))).toEqual({ ok: false, reason: 'decode:inflate-too-large' });
    const exact = inflateRawBounded(deflateSync(new Uint8Array(MAX_INFLATED_BYTES)));
    expect(exact.ok && exact.bytes.length).toBe(MAX_INFLATED_BYTES);
  });
  it('refuses a non-zlib stream', () => {
    expect(unzlibBounded(enc.encode('not compressed at all')).ok).toBe(false);
  });
  it('answers a compression bomb in a QR as unreadable at the inflate stage', async () => {
    const out = await verifyEuDcc(`HC1:${base45.encode(zlibSync(new Uint8Array(2 * 1024 * 1024), { level: 9 }))}`, ctxFor(DE1));
    expect(out.verdict.outcome).toBe('unreadable');
    expect(out.verdict.stages).toEqual({ prefix: true, base45: true, inflate: false });
    expect(out.verdict.reasons).toEqual(['decode:inflate-too-large']);
  });
});

describe('EU DCC verification', () => {
  it('refuses other prefixes at the prefix stage', async () => {
    for (const text of [`HC2:${DE1.PREFIX.slice(4)}`, DE1.PREFIX.slice(4), `hc1:${DE1.PREFIX.slice(4)}`]) {
      const out = await verifyEuDcc(text, ctxFor(DE1));
      expect(out.verdict.stages).toEqual({ prefix: false });
      expect(out.verdict.outcome).toBe('unreadable');
    }
  });

  it('fails the signature when one byte of the signature or payload changes', async () => {
    const cose = hex(DE1.COSE);
    expect((await verifyEuDcc(hc1(cose), ctxFor(DE1, { euRules: null }))).verdict.stages.signature).toBe(true);
    const sig = cose.slice();
    sig[sig.length - 1]! ^= 0x01;
    const out = await verifyEuDcc(hc1(sig), ctxFor(DE1));
    expect(out.verdict.stages.signature).toBe(false);
    expect(out.verdict.outcome).toBe('invalid');
    expect(out.verdict.display).toEqual({}); // nothing from an unsigned payload is shown
    expect(out.identity).toBeUndefined();
    // a byte inside the "dob" text of the signed payload
    const body = cose.slice();
    const at = Buffer.from(body).indexOf(Buffer.from(String(DE1.JSON.dob)));
    expect(at).toBeGreaterThan(0);
    body[at + 3] = body[at + 3] === 0x31 ? 0x32 : 0x31;
    expect((await verifyEuDcc(hc1(body), ctxFor(DE1))).verdict.stages.signature).toBe(false);
  });

  it('accepts an untagged COSE_Sign1 and refuses another tag', async () => {
    const cose = hex(DE1.COSE);
    expect(cose[0]).toBe(0xd2); // tag 18
    const untagged = await verifyEuDcc(hc1(cose.subarray(1)), ctxFor(DE1, { euRules: null }));
    expect(untagged.verdict.stages.cose).toBe(true);
    expect(untagged.verdict.stages.signature).toBe(true);
    const tag98 = Uint8Array.from([0xd8, 0x62, ...cose.subarray(1)]); // COSE_Sign (98) is not COSE_Sign1
    expect((await verifyEuDcc(hc1(tag98), ctxFor(DE1))).verdict.stages.cose).toBe(false);
  });

  it('refuses an unknown signer with issuer-unknown', async () => {
    const empty: TrustStore = { name: 'e', demo: false, hk: [], eudcc: [], shc: [], status: [] };
    const out = await verifyEuDcc(DE1.PREFIX, ctxFor(DE1, {}, empty));
    expect(out.verdict.outcome).toBe('invalid');
    expect(out.verdict.reasons).toContain('issuer-unknown');
  });

  it('answers every hostile input with a verdict', async () => {
    const inputs = ['HC1:', 'HC1:A', `HC1:${'0'.repeat(9000)}`, `HC1:${'%'.repeat(300)}`, 'HC1:\u0000\uffff', `HC1:${base45.encode(zlibSync(enc.encode('[]')))}`,
      `HC1:${base45.encode(zlibSync(Uint8Array.from([0x9f, 0x9f, 0x9f, 0x9f])))}`, `HC1:${base45.encode(zlibSync(new Uint8Array(Array(2000).fill(0x81))))}`];
    for (const text of inputs) {
      const out = await verifyEuDcc(text, ctxFor(DE1));
      expect(['unreadable', 'invalid']).toContain(out.verdict.outcome);
      expect(out.verdict.credential).toBe('eu-dcc');
    }
  });
});

describe('EU DCC at a Vaccine Pass venue (default rule set)', () => {
  const rules = DEFAULT_EU_RULE_SET;

  it('admits a complete vaccination course and shows only the masked name', async () => {
    const v = vector('CH/2DCode/raw/1.json');
    const entry = (v.JSON.v as Record<string, unknown>[])[0]!;
    expect(entry.dn).toBeGreaterThanOrEqual(entry.sd as number); // the vector is a complete course
    const out = await verifyEuDcc(v.PREFIX, ctxFor(v));
    expect(out.verdict.outcome).toBe('valid');
    expect(out.verdict.stages.rules).toBe(true);
    expect(out.verdict.ruleSet).toBe(rules.id);
    const nam = v.JSON.nam as Record<string, string>;
    const words = `${nam.fn} ${nam.gn}`.split(/\s+/);
    expect(out.verdict.display.name).toBe([words[0], ...words.slice(1).map((w) => `${w[0]}**`)].join(' '));
    expect(out.verdict.display.doses).toBe(entry.dn);
    const shown = JSON.stringify(out.verdict);
    expect(shown).not.toContain(nam.gn);
    expect(shown).not.toContain(String(v.JSON.dob));
    expect(shown).not.toContain(String(entry.ci));
    expect(out.identity).toMatchObject({ family: 'eudcc', uci: entry.ci, country: entry.co });
  });

  it('answers a test certificate not-applicable unless the rule set accepts tests', async () => {
    const v = vector('CH/2DCode/raw/2.json');
    expect(v.JSON.t).toBeDefined();
    const out = await verifyEuDcc(v.PREFIX, ctxFor(v));
    expect(out.verdict.outcome).toBe('not-applicable');
    expect(out.verdict.reasons).toEqual(['testing-record']);
    const testsToo = loadEuRuleSet({ id: 'tests-too', accept: ['v', 't'], rules: [] });
    expect(testsToo.ok).toBe(true);
    if (!testsToo.ok) return;
    expect((await verifyEuDcc(v.PREFIX, ctxFor(v, { euRules: testsToo.ruleSet }))).verdict.outcome).toBe('valid');
  });

  it('refuses an incomplete course with the failing rule', async () => {
    const v = vector('CZ/2DCode/raw/15.json');
    const entry = (v.JSON.v as Record<string, number>[])[0]!;
    expect(entry.dn).toBeLessThan(entry.sd!);
    const out = await verifyEuDcc(v.PREFIX, ctxFor(v));
    expect(out.verdict.outcome).toBe('invalid');
    expect(out.verdict.stages.rules).toBe(false);
    expect(out.verdict.reasons).toContain('rules-failed:VR-HK-0002');
  });

  it('is not-applicable when the HK rule profile has no Vaccine Pass at the scan time', async () => {
    const v = vector('CH/2DCode/raw/1.json'); // signed and scanned in August 2021: before the pass began (24 Feb 2022)
    const byDate = loadRuleProfile('by-date');
    if (!byDate.ok) throw new Error(byDate.error);
    const out = await verifyEuDcc(v.PREFIX, { ...ctxFor(v), rules: byDate.profile });
    expect(out.verdict.outcome).toBe('not-applicable');
    expect(out.verdict.reasons).toEqual(['vaccine-pass-not-in-force']);
    expect(out.verdict.stages.signature).toBe(true);
  });

  it('says demo when a demo store signed it', async () => {
    const v = vector('CH/2DCode/raw/1.json');
    expect((await verifyEuDcc(v.PREFIX, ctxFor(v, {}, trustFor(v, true)))).verdict.demo).toBe(true);
    expect((await verifyEuDcc(v.PREFIX, ctxFor(v))).verdict.demo).toBe(false);
  });

  it('refuses an invalid rule file with the path of the problem', () => {
    const r = loadEuRuleSet({ id: 'x', accept: ['q'], rules: [] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^accept/);
  });
});

describe('EU DCC under arbitrary input (property)', () => {
  it('answers any text and any compressed bytes with a verdict, never valid without a trusted signature', async () => {
    const fc = await import('fast-check');
    const ctx = ctxFor(DE1);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 400 }).map((s) => `HC1:${s}`), fc.uint8Array({ maxLength: 600 }).map((b) => hc1(b))), async (text) => {
        const out = await verifyEuDcc(text, ctx);
        expect(['unreadable', 'invalid']).toContain(out.verdict.outcome);
        expect(out.verdict.credential).toBe('eu-dcc');
      }),
      { numRuns: 300 },
    );
  });

  it('compiles every shipped schema up front', async () => {
    const { prepareEuDcc } = await import('../../main/verify/eudcc/index.ts');
    expect(() => prepareEuDcc()).not.toThrow();
  });
});
