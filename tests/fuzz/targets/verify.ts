// verify(text, ctx) is what every scanner, camera and file feeds. Properties: it resolves (never rejects) to a
// schema-valid verdict within the hang bound, and no edit of a signed HK record is ever admitted.
import fc from 'fast-check';
import { cleanScan, verify, type VerifyContext } from '../../../main/verify/index.ts';
import { nodeSignatureVerifier } from '../../../main/kiosk/node-verifier.ts';
import { prepareEuDcc } from '../../../main/verify/eudcc/index.ts';
import { evtUnsigned, makeEvt, makeMec, makeOldVac2021, makeVac, mecUnsigned, signHk, vacUnsigned } from '../../fixtures/hk/sign.ts';
import { BASE45_ALPHABET, SHC_JWS_ALPHABET, b64url, coseToHc1, deflateRaw, fromB64url, hc1ToCose, inflateRaw, jwsToNumeric, numericToJws } from '../codecs.ts';
import {
  assertVerdict, bounded, dccVectors, demoTrust, extendedTrust, mutatedBytes, mutatedJson, mutatedString, shcExamples, verifyContext,
} from '../support.ts';
import type { FuzzTarget } from './types.ts';

const FINAL_STAGE = new Date('2022-12-05T04:00:00Z');
/** after the SMART examples' nbf (June 2023), so that unedited examples are valid and edits reach every stage */
const SHC_NOW = new Date('2024-01-01T00:00:00Z');
const ADMITTED = new Set(['valid', 'exempt']);

let cache: { demo: VerifyContext; ext: VerifyContext } | undefined;
function contexts() {
  if (!cache) {
    // the kiosk compiles the EU payload schemas at start; a first scan paying for it is not a hang
    prepareEuDcc();
    cache = { demo: verifyContext(demoTrust(), FINAL_STAGE), ext: verifyContext(extendedTrust(), FINAL_STAGE) };
  }
  return cache;
}

async function verifyChecked(text: string, ctx: VerifyContext) {
  const out = await bounded('verify', () => verify(text, ctx));
  assertVerdict(out, text);
  return out;
}

const HK_ALPHABET = '|0123456789-,.*() ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/=';

/** Signed records of every type and layout, built once (signing is the slow part). */
function hkRecords(): string[] {
  return [
    makeVac(), makeVac({ version: '2.00' }), makeVac({ version: '4.00', recovered: true }), makeVac({ doses: [{ date: '01-06-2021', code: 'SV' }], total: 1 }),
    makeMec(), makeMec({ version: '4.00' }), makeEvt(), makeEvt({ downloaded: null }), makeOldVac2021(),
  ];
}

const signedPart = (s: string) => s.slice(0, s.lastIndexOf('|') + 1);

/** Field values that look like what the parser expects, and some that only nearly do. */
const fieldValue = fc.oneof(
  fc.constantFrom('', '0', '1', '999', '001', '002', 'BNT', 'SV', 'CS', 'XYZ', '29-02-2022', '31-04-2022', '00-00-0000', '01-01-1900', '31-12-9999',
    '15-03-1985,3', '15-03-1985,0', '15-03-1985,-1', '15-03-1985,99999999999999999999', ',', ',,', '01-06-2021,BNT', '28-Jan-2022 10:53', '99-Xyz-2022 25:61',
    '****456(7)', 'CHAN T** M**', 'Negative', 'Positive', 'PCR', 'RAT', '01-12-2022 10:00', '3.00', '9.99', '1e3', 'NaN', '-0', '\u00a0'),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);

function resignedMutations(unsigned: string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...unsigned), fc.array(fc.tuple(fc.nat(), fieldValue), { minLength: 1, maxLength: 3 })).map(([u, edits]) => {
    const fields = u.slice(0, -1).split('|');
    for (const [i, v] of edits) {
      // keep the prefix and type so that the record reaches field parsing; the rest is fair game
      const at = 2 + (i % (fields.length - 2));
      fields[at] = v.replace(/\|/g, '/');
    }
    return signHk(fields.join('|') + '|', fields[1] === 'EVT' ? 'evt' : undefined);
  });
}

function dccBases(): { text: string; now: Date }[] {
  return dccVectors().map((v) => ({ text: v.prefix, now: v.clock && !Number.isNaN(Date.parse(v.clock)) ? new Date(v.clock) : FINAL_STAGE }));
}

export const verifyTargets: FuzzTarget[] = [
  {
    name: 'verify: arbitrary text',
    runs: 1500,
    async run(p) {
      const { demo } = contexts();
      const text = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }));
      await fc.assert(fc.asyncProperty(text, async (t) => { await verifyChecked(t, demo); }), p);
    },
  },
  {
    name: 'verify: known prefixes with arbitrary bodies',
    runs: 1500,
    async run(p) {
      const { ext } = contexts();
      const body = (alphabet: string) => fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 600 });
      const text = fc.oneof(
        fc.tuple(fc.constantFrom('HKSARG|VAC|', 'HKSARG|MEC|', 'HKSARG|EVT|', 'HKSARG|'), body(HK_ALPHABET)).map(([a, b]) => a + b),
        fc.tuple(fc.constantFrom('HC1:', 'HC1: ', 'HC1:NCF', 'HC2:'), body(BASE45_ALPHABET)).map(([a, b]) => a + b),
        fc.tuple(fc.constantFrom('shc:/', 'shc:/1/2/', 'shc:/2/2/', 'shc:/10/10/', 'shc:/0/1/'), body('0123456789')).map(([a, b]) => a + b),
        fc.tuple(fc.constantFrom('HKEN:', 'HKEN:0DEMO0001', 'HKEN:0ABCDEFGH'), body('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=')).map(([a, b]) => a + b),
      );
      await fc.assert(fc.asyncProperty(text, async (t) => { await verifyChecked(t, ext); }), p);
    },
  },
  {
    name: 'verify: edited HK records are never admitted',
    runs: 2000,
    async run(p) {
      const { demo } = contexts();
      const records = hkRecords();
      const signed = new Set(records.map(signedPart));
      const input = fc.constantFrom(...records).chain((r) => mutatedString(r, HK_ALPHABET));
      await fc.assert(fc.asyncProperty(input, async (t) => {
        const out = await verifyChecked(t, demo);
        // a different signed text can only pass with a forged signature
        if (ADMITTED.has(out.verdict.outcome) && !signed.has(signedPart(cleanScan(t)))) {
          throw new Error(`an edited record was admitted (${out.verdict.outcome}, ${out.verdict.credential})`);
        }
      }), p);
    },
  },
  {
    name: 'verify: re-signed HK records with hostile field values',
    runs: 1500,
    async run(p) {
      const { demo } = contexts();
      const unsigned = [vacUnsigned(), vacUnsigned({ version: '4.00', recovered: true }), mecUnsigned(), evtUnsigned(), evtUnsigned({ downloaded: null })];
      await fc.assert(fc.asyncProperty(resignedMutations(unsigned), async (t) => { await verifyChecked(t, demo); }), p);
    },
  },
  {
    name: 'verify: HC1 texts with edits in the Base45 text',
    runs: 800,
    async run(p) {
      const { ext } = contexts();
      const bases = dccBases();
      const input = fc.constantFrom(...bases).chain((b) => mutatedString(b.text, BASE45_ALPHABET).map((text) => ({ text, now: b.now })));
      await fc.assert(fc.asyncProperty(input, async ({ text, now }) => { await verifyChecked(text, { ...ext, now }); }), p);
    },
  },
  {
    name: 'verify: HC1 with edited COSE/CBOR bytes (re-compressed, re-encoded)',
    runs: 1500,
    async run(p) {
      const { ext } = contexts();
      const bases = dccBases().flatMap((b) => {
        const cose = hc1ToCose(b.text);
        return cose ? [{ cose, now: b.now }] : [];
      });
      const input = fc.constantFrom(...bases).chain((b) => mutatedBytes(b.cose).map((cose) => ({ text: coseToHc1(cose), now: b.now })));
      await fc.assert(fc.asyncProperty(input, async ({ text, now }) => { await verifyChecked(text, { ...ext, now }); }), p);
    },
  },
  {
    name: 'verify: shc:/ numeric texts with edits',
    runs: 800,
    async run(p) {
      const ctx = { ...contexts().ext, now: SHC_NOW };
      const input = fc.constantFrom(...shcExamples()).chain((s) => mutatedString(s, '0123456789/ '));
      await fc.assert(fc.asyncProperty(input, async (t) => { await verifyChecked(t, ctx); }), p);
    },
  },
  {
    name: 'verify: shc:/ with edited JWS text is admitted only with the signed part intact',
    runs: 800,
    async run(p) {
      const ctx = { ...contexts().ext, now: SHC_NOW };
      const singles = shcExamples().filter((s) => !s.includes(' ')).map(numericToJws);
      const signedParts = new Set(singles.map((j) => j.slice(0, j.lastIndexOf('.'))));
      const input = fc.constantFrom(...singles).chain((j) => mutatedString(j, SHC_JWS_ALPHABET));
      await fc.assert(fc.asyncProperty(input, async (jws) => {
        const text = jwsToNumeric(jws);
        const out = await verifyChecked(text, ctx);
        // judged on what the kiosk was sent: a character outside the numeric alphabet (an 'р' for an 'X') encodes
        // lossily, and may encode back to the untouched card. The signature's last base64url character carries spare
        // bits, so only the signed part is compared.
        const sent = numericToJws(text);
        if (out.verdict.outcome === 'valid' && !signedParts.has(sent.slice(0, sent.lastIndexOf('.')))) throw new Error('an edited card was admitted');
      }), p);
    },
  },
  {
    name: 'verify: shc:/ with edited, re-compressed payloads is never admitted',
    runs: 800,
    async run(p) {
      const ctx = { ...contexts().ext, now: SHC_NOW };
      const singles = shcExamples().filter((s) => !s.includes(' ')).map(numericToJws);
      const input = fc.constantFrom(...singles).chain((jws) => {
        const [h, b, s] = jws.split('.') as [string, string, string];
        const raw = inflateRaw(fromB64url(b));
        const payload = JSON.parse(new TextDecoder().decode(raw)) as unknown;
        return fc.oneof(
          mutatedJson(payload).map((j) => new TextEncoder().encode(JSON.stringify(j) ?? '')),
          mutatedBytes(raw),
        ).map((bytes) => jwsToNumeric(`${h}.${b64url(deflateRaw(bytes))}.${s}`));
      });
      await fc.assert(fc.asyncProperty(input, async (t) => {
        const out = await verifyChecked(t, ctx);
        if (out.verdict.outcome === 'valid') throw new Error('a card with an edited payload was admitted');
      }), p);
    },
  },
  {
    name: 'verify: valid codes under arbitrary clocks and venue modes',
    runs: 600,
    async run(p) {
      const { ext } = contexts();
      const texts = [...hkRecords(), ...shcExamples(), ...dccBases().slice(0, 20).map((b) => b.text)];
      const input = fc.record({
        text: fc.constantFrom(...texts),
        now: fc.oneof(fc.date({ noInvalidDate: false }), fc.constantFrom(new Date(0), new Date(8.64e15), new Date(-8.64e15), new Date(NaN))),
        venue: fc.constantFrom('active' as const, 'passive' as const),
      });
      await fc.assert(fc.asyncProperty(input, async ({ text, now, venue }) => { await verifyChecked(text, { ...ext, now, venue }); }), p);
    },
  },
  {
    name: 'node signature verifier: arbitrary keys, data and signatures',
    runs: 1000,
    async run(p) {
      const demoSpki = demoTrust().hk[0]!.spki;
      const input = fc.record({
        alg: fc.constantFrom('ES256' as const, 'PS256' as const),
        spki: fc.oneof(fc.uint8Array({ maxLength: 120 }), mutatedBytes(demoSpki), fc.constant(demoSpki)),
        data: fc.uint8Array({ maxLength: 64 }),
        signature: fc.oneof(fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ minLength: 64, maxLength: 64 })),
        encoding: fc.constantFrom('der' as const, 'raw' as const),
      });
      await fc.assert(fc.asyncProperty(input, async (req) => {
        const r = await bounded('node verifier', () => nodeSignatureVerifier.verify(req));
        if (r !== false) throw new Error('a random signature verified');
      }), p);
    },
  },
];
