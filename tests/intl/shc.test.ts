// SMART Health Cards: the spec examples in ../shared/testdata/shc verify with the example issuer's keys, and
// tampering, DER signatures, revocation, chunking and time are each caught at their own stage.
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { webCryptoVerifier } from '../../main/verify/crypto/webcrypto.ts';
import { loadRuleProfile, verify, type VerifyContext } from '../../main/verify/index.ts';
import { ShcChunkCollector, verifySmartHealthCard } from '../../main/verify/shc/index.ts';
import type { ShcIssuer, TrustStore } from '../../main/verify/trust/types.ts';

const DIR = '../shared/testdata/shc/';
const read = (f: string) => readFileSync(DIR + f, 'utf8').trim();
const ISS = 'https://spec.smarthealth.cards/examples/issuer';
const jwks = JSON.parse(read('issuer/.well-known/jwks.json')) as { keys: Record<string, unknown>[] };
const CRL_KID = '3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s';
const crl = JSON.parse(read(`issuer/.well-known/crl/${CRL_KID}.json`)) as Record<string, unknown>;
const profile = loadRuleProfile();
if (!profile.ok) throw new Error(profile.error);

function trust(crls: Record<string, unknown>[] = [crl], demo = true): TrustStore {
  const issuer: ShcIssuer = { iss: ISS, jwks, crls, demo, store: 'example' };
  return { name: 'example', demo, hk: [], eudcc: [], status: [], shc: [issuer] };
}

function payloadOf(n: string): { nbf: number; vc: { rid?: string } } {
  return JSON.parse(read(`example-${n}-b-jws-payload-expanded.json`));
}
/** one day after the card's nbf: inside its validity (the examples carry no exp) */
function ctxAt(n: string, t: TrustStore = trust(), offsetMs = 86_400_000): VerifyContext {
  return { now: new Date(payloadOf(n).nbf * 1000 + offsetMs), venue: 'active', trust: t, rules: profile.ok ? profile.profile : (null as never), crypto: webCryptoVerifier };
}

/** shc:/ numeric encoding of a JWS (the spec: each char as two digits, code - 45) */
function numeric(jws: string): string {
  return `shc:/${Array.from(jws, (c) => String(c.charCodeAt(0) - 45).padStart(2, '0')).join('')}`;
}
function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

const ALL_STAGES = ['prefix', 'numeric', 'jws', 'inflate', 'signature', 'validity', 'revocation', 'schema'];

describe('SMART Health Card examples', () => {
  it.each(['00', '01'])('example %s (single QR) verifies as valid through verify()', async (n) => {
    const text = read(`example-${n}-f-qr-code-numeric-value-0.txt`);
    const out = await verify(`${text}\r\n`, ctxAt(n));
    expect(out.verdict.outcome).toBe('valid');
    expect(out.verdict.credential).toBe('shc');
    expect(Object.keys(out.verdict.stages)).toEqual(ALL_STAGES);
    expect(Object.values(out.verdict.stages).every(Boolean)).toBe(true);
    expect(out.verdict.demo).toBe(true);
    const header = JSON.parse(Buffer.from(read(`example-${n}-d-jws.txt`).split('.')[0]!, 'base64url').toString());
    expect(out.identity).toEqual({ family: 'shc', iss: ISS, kid: header.kid, ...(payloadOf(n).vc.rid ? { rid: payloadOf(n).vc.rid } : {}) });
  });

  it('shows the patient masked, never the full name or birth date', async () => {
    const bundle = JSON.parse(read('example-00-a-fhirBundle.json'));
    const patient = bundle.entry.find((e: { resource: { resourceType: string } }) => e.resource.resourceType === 'Patient').resource;
    const words = [patient.name[0].family, ...patient.name[0].given].join(' ').split(/\s+/);
    const out = await verifySmartHealthCard(read('example-00-f-qr-code-numeric-value-0.txt'), ctxAt('00'));
    expect(out.verdict.display.name).toBe([words[0], ...words.slice(1).map((w: string) => `${w[0]}**`)].join(' '));
    const shown = JSON.stringify(out.verdict);
    expect(shown).not.toContain(patient.birthDate);
    for (const g of patient.name[0].given as string[]) if (g.replace('.', '').length > 1) expect(shown).not.toContain(g);
    const shots = bundle.entry.filter((e: { resource: { resourceType: string } }) => e.resource.resourceType === 'Immunization').length;
    expect(out.verdict.display.doses).toBe(shots);
  });

  it('assembles multi-chunk example 02 in any scan order', async () => {
    const chunks = [0, 1, 2].map((i) => read(`example-02-f-qr-code-numeric-value-${i}.txt`));
    expect(chunks.every((c) => /^shc:\/\d\/3\//.test(c))).toBe(true);
    const joined = await verifySmartHealthCard([chunks[2], chunks[0], chunks[1]].join(' '), ctxAt('02'));
    expect(joined.verdict.outcome).toBe('valid');
    // across scans, through the collector
    const collector = new ShcChunkCollector(60_000);
    expect(collector.add(chunks[1]!, 0)).toEqual({ status: 'partial', have: 1, total: 3 });
    expect(collector.add(chunks[1]!, 10)).toEqual({ status: 'partial', have: 1, total: 3 }); // a repeated scan
    expect(collector.add(chunks[0]!, 20)).toEqual({ status: 'partial', have: 2, total: 3 });
    const done = collector.add(chunks[2]!, 30);
    expect(done.status).toBe('complete');
    if (done.status !== 'complete') return;
    expect((await verifySmartHealthCard(done.text, ctxAt('02'))).verdict.outcome).toBe('valid');
    // a lone chunk is not a card
    const lone = await verifySmartHealthCard(chunks[0]!, ctxAt('02'));
    expect(lone.verdict).toMatchObject({ outcome: 'unreadable', stages: { prefix: true, numeric: false }, reasons: ['decode:chunks-incomplete'] });
    // a partial set expires
    expect(collector.add(chunks[0]!, 0)).toMatchObject({ status: 'partial', have: 1 });
    expect(collector.add(chunks[1]!, 120_000)).toMatchObject({ status: 'partial', have: 1 });
    // chunk 2 of another card replaces the set instead of mixing two cards
    const other = chunks[1]!.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    expect(collector.add(other, 120_010)).toMatchObject({ status: 'partial', have: 1 });
    expect(collector.add(chunks[0]!, 120_020)).toMatchObject({ status: 'partial', have: 2 });
    expect(collector.add('HC1:not a chunk', 120_030)).toEqual({ status: 'not-a-chunk' });
  });
});

describe('SMART Health Cards and the HK rule profile', () => {
  it('are not-applicable once the Vaccine Pass was scrapped (by-date, 2023)', async () => {
    const byDate = loadRuleProfile('by-date');
    if (!byDate.ok) throw new Error(byDate.error);
    expect(new Date(payloadOf('00').nbf * 1000).getUTCFullYear()).toBe(2023); // after 29 Dec 2022
    const out = await verifySmartHealthCard(read('example-00-f-qr-code-numeric-value-0.txt'), { ...ctxAt('00'), rules: byDate.profile });
    expect(out.verdict.outcome).toBe('not-applicable');
    expect(out.verdict.reasons).toEqual(['vaccine-pass-scrapped']);
  });
});

describe('SMART Health Card failures', () => {
  const jws = read('example-00-d-jws.txt');
  const [h, p, s] = jws.split('.') as [string, string, string];

  it('fails signature when one byte of the JWS signature changes', async () => {
    const sig = Buffer.from(s, 'base64url');
    sig[10]! ^= 0x01;
    const out = await verifySmartHealthCard(numeric(`${h}.${p}.${b64url(sig)}`), ctxAt('00'));
    expect(out.verdict.stages.signature).toBe(false);
    expect(out.verdict.outcome).toBe('invalid');
    expect(out.verdict.display).toEqual({});
  });

  it('fails signature when the payload changes (one byte of the claims, re-deflated)', async () => {
    const claims = read('example-00-c-jws-payload-minified.json');
    const forged = claims.replace('"nbf":1', '"nbf":2');
    expect(forged).not.toBe(claims);
    const out = await verifySmartHealthCard(numeric(`${h}.${b64url(deflateRawSync(forged))}.${s}`), ctxAt('00'));
    expect(out.verdict.stages.inflate).toBe(true);
    expect(out.verdict.stages.signature).toBe(false);
  });

  it('refuses a DER-encoded ECDSA signature', async () => {
    const raw = Buffer.from(s, 'base64url');
    const int = (b: Buffer) => {
      let i = 0;
      while (i < b.length - 1 && b[i] === 0) i++;
      const v = b.subarray(i);
      return v[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v;
    };
    const r = int(raw.subarray(0, 32));
    const sv = int(raw.subarray(32));
    const der = Buffer.concat([Buffer.from([0x30, r.length + sv.length + 4, 0x02, r.length]), r, Buffer.from([0x02, sv.length]), sv]);
    const out = await verifySmartHealthCard(numeric(`${h}.${p}.${b64url(der)}`), ctxAt('00'));
    expect(out.verdict.stages.signature).toBe(false);
  });

  it('refuses an issuer the trust store does not hold', async () => {
    const none: TrustStore = { name: 'none', demo: false, hk: [], eudcc: [], shc: [], status: [] };
    const out = await verifySmartHealthCard(numeric(jws), ctxAt('00', none));
    expect(out.verdict.reasons).toContain('issuer-unknown');
    expect(out.verdict.outcome).toBe('invalid');
  });

  it('is not valid before nbf, nor after exp', async () => {
    const early = await verifySmartHealthCard(numeric(jws), ctxAt('00', trust(), -60_000));
    expect(early.verdict.stages.validity).toBe(false);
    expect(early.verdict.reasons).toContain('not-yet-valid');
    // nbf is fractional: one millisecond before it is still too early, at it is fine
    const nbfMs = payloadOf('00').nbf * 1000;
    expect(Number.isInteger(payloadOf('00').nbf)).toBe(false);
    expect((await verifySmartHealthCard(numeric(jws), ctxAt('00', trust(), -1))).verdict.stages.validity).toBe(false);
    expect((await verifySmartHealthCard(numeric(jws), ctxAt('00', trust(), Math.ceil(nbfMs) - nbfMs))).verdict.stages.validity).toBe(true);
  });

  it('revokes by rid with the timestamp rule of the spec', async () => {
    const { nbf, vc } = payloadOf('00');
    const rid = vc.rid!;
    const withRids = (rids: string[]) => trust([{ ...crl, rids }]);
    const run = async (rids: string[]) => (await verifySmartHealthCard(numeric(jws), ctxAt('00', withRids(rids)))).verdict;
    expect((await run([rid])).stages.revocation).toBe(false);
    expect((await run([rid])).reasons).toContain('revoked');
    expect((await run([`${rid}.${Math.floor(nbf) + 10}`])).stages.revocation).toBe(false); // issued before the timestamp
    expect((await run([`${rid}.${Math.floor(nbf) - 10}`])).stages.revocation).toBe(true); // issued after it
    expect((await run(['someoneElse'])).stages.revocation).toBe(true);
    // the published CRL does not list this card
    expect((await verifySmartHealthCard(numeric(jws), ctxAt('00'))).verdict.stages.revocation).toBe(true);
    // a CRL of another kid does not apply
    expect((await verifySmartHealthCard(numeric(jws), ctxAt('00', trust([{ ...crl, kid: 'other', rids: [rid] }])))).verdict.stages.revocation).toBe(true);
  });

  it('answers malformed numeric text as unreadable', async () => {
    for (const text of ['shc:/', 'shc:/1', 'shc:/99', 'shc:/5676abc', 'shc:/4/3/56', `shc:/${'5'.repeat(20_000)}`, 'shc:/0/1/56']) {
      const out = await verifySmartHealthCard(text, ctxAt('00'));
      expect(out.verdict.outcome).toBe('unreadable');
      expect(out.verdict.credential).toBe('shc');
    }
  });
});

describe('support output', () => {
  it('decodes the payload without verifying, for --show-payload', async () => {
    const { decodeSmartHealthCard } = await import('../../main/verify/shc/index.ts');
    const d = decodeSmartHealthCard(read('example-00-f-qr-code-numeric-value-0.txt'));
    expect(d?.payload).toEqual(JSON.parse(read('example-00-c-jws-payload-minified.json')));
    expect(decodeSmartHealthCard('shc:/99')).toBeNull();
  });
});

describe('SMART Health Cards under arbitrary input (property)', () => {
  it('answers any digits and any JWS-like text with a verdict, never valid', async () => {
    const fc = await import('fast-check');
    const digits = fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 300 }).map((a) => `shc:/${a.map((n) => String(n).padStart(2, '0')).join('')}`);
    const jwsLike = fc.tuple(fc.base64String({ maxLength: 80 }), fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 80 }))
      .map(([h, p, s]) => numeric(`${h.replace(/=/g, '')}.${b64url(deflateRawSync(p))}.${b64url(s)}`));
    await fc.assert(
      fc.asyncProperty(fc.oneof(digits, jwsLike), async (text) => {
        const out = await verifySmartHealthCard(text, ctxAt('00'));
        expect(['unreadable', 'invalid']).toContain(out.verdict.outcome);
      }),
      { numRuns: 300 },
    );
  });
});
