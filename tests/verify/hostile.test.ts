// Hostile and broken input: every case yields a schema-valid verdict; nothing throws, nothing is admitted.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanScan, verify } from '../../main/verify/index.ts';
import { makeMec, makeVac } from '../fixtures/hk/sign.ts';
import { check, ctx } from './helpers.ts';

const c = ctx();
const good = makeVac();

const cases: [string, string][] = [
  ['empty', ''],
  ['whitespace only', ' \r\n\t '],
  ['BOM only', '\uFEFF'],
  ['1 MB of text', 'A'.repeat(1024 * 1024)],
  ['1 MB behind the HK prefix', 'HKSARG|VAC|' + 'x'.repeat(1024 * 1024)],
  ['just over the HK limit', 'HKSARG|VAC|3.00|1|' + 'x'.repeat(8200) + '|MEUCIQ=='],
  ['binary bytes', String.fromCharCode(...Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256))],
  ['invalid UTF-8 decoded', new TextDecoder().decode(new Uint8Array([0x48, 0x4b, 0x53, 0x41, 0x52, 0x47, 0x7c, 0xff, 0xfe, 0xc3, 0x28, 0x7c]))],
  ['lone surrogates', 'HKSARG|VAC|\ud800|\udfff|'],
  ['NUL bytes', 'HKSARG|VAC|3.00|1|\u0000|\u0000|x'],
  ['thousands of pipes', '|'.repeat(5000)],
  ['HK prefix + thousands of pipes', 'HKSARG|VAC' + '|'.repeat(5000)],
  ['HK prefix + too many pipes for a VAC', 'HKSARG|VAC' + '|'.repeat(41)],
  ['MEC with 5000 pipes', 'HKSARG|MEC' + '|'.repeat(5000)],
  ['EVT with 12 empty fields', 'HKSARG|EVT' + '|'.repeat(10)],
  ['prefix only', 'HKSARG|'],
  ['lower-case prefix', good.toLowerCase()],
  ['signature not base64', good.slice(0, good.lastIndexOf('|') + 1) + '!!!!'],
  ['signature base64 but not DER', good.slice(0, good.lastIndexOf('|') + 1) + btoa('x'.repeat(70))],
  ['signature empty', good.slice(0, good.lastIndexOf('|') + 1)],
  ['version garbage', good.replace('|3.00|', '|three|')],
  ['record truncated', good.slice(0, 60)],
  ['two records concatenated', good + good],
  ['record with newline inside', good.replace('|BNT|', '|BN\nT|')],
  ['HC1 garbage', 'HC1:' + '%'.repeat(3000)],
  ['shc garbage', 'shc:/' + '9'.repeat(3000)],
  ['HKEN garbage', 'HKEN:' + '\u0000'.repeat(100)],
  ['HKEN huge', 'HKEN:0ABCDEFGH' + 'A'.repeat(60_000)],
  ['JSON', '{"text":"HKSARG|VAC"}'],
  ['emoji', '🦠'.repeat(1000)],
  ['long runs of inner whitespace', 'x' + ' \t'.repeat(30_000) + 'y'],
  ['whitespace around nothing', ' '.repeat(60_000)],
];

describe('every hostile input yields a verdict', () => {
  for (const [name, text] of cases) {
    it(name, async () => {
      const { verdict } = await check(text, c);
      expect(['unreadable', 'invalid', 'not-applicable']).toContain(verdict.outcome);
      expect(verdict.reasons.length).toBeGreaterThan(0);
    });
  }

  it('size limits come before parsing: an oversized HK record is "too-large"', async () => {
    expect((await check('HKSARG|VAC|' + 'x'.repeat(9000), c)).verdict.reasons).toEqual(['too-large']);
    expect((await check('A'.repeat(1024 * 1024), c)).verdict.reasons).toEqual(['too-large']);
  });

  it('a non-string input does not throw', async () => {
    const out = await verify(undefined as unknown as string, c);
    expect(out.verdict.outcome).toBe('unreadable');
  });

  it('an invalid clock is a verdict too', async () => {
    const out = await verify(good, { ...c, now: new Date('nope') });
    expect(out.verdict.reasons).toEqual(['clock-invalid']);
  });

  it('a verifier that throws or lies with a non-boolean never admits', async () => {
    const throwing = { verify: async () => { throw new Error('boom'); } };
    expect((await verify(good, { ...c, crypto: throwing })).verdict.outcome).toBe('unreadable');
    const weird = { verify: async () => 1 as unknown as boolean };
    expect((await verify(good, { ...c, crypto: weird })).verdict.outcome).toBe('invalid');
  });
});

it('a non-canonical base64 signature (unused bits set) is refused, not read as the same signature', async () => {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let rec = '';
  for (let i = 0; !rec; i++) {
    const r = makeVac({ reference: `DEMO${i}` });
    if (r.endsWith('=')) rec = r;
  }
  const pad = rec.endsWith('==') ? 2 : 1;
  const at = rec.length - pad - 1;
  const twin = rec.slice(0, at) + A[A.indexOf(rec[at]!) + 1] + rec.slice(at + 1);
  expect(Buffer.from(twin.slice(twin.lastIndexOf('|') + 1), 'base64')).toEqual(Buffer.from(rec.slice(rec.lastIndexOf('|') + 1), 'base64'));
  expect((await check(rec, c)).verdict.outcome).toBe('valid');
  expect((await check(twin, c)).verdict.outcome).toBe('unreadable');
});

it('scanner whitespace is trimmed only at the ends', () => {
  expect(cleanScan('\uFEFF \t a b \r\n')).toBe('a b');
  expect(cleanScan('a\u00a0')).toBe('a\u00a0');
  expect(cleanScan('  ')).toBe('');
});

describe('properties', () => {
  it('arbitrary text never throws and never admits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.string().map((s) => 'HKSARG|' + s)), async (s) => {
        const { verdict } = await check(s, c);
        expect(verdict.outcome === 'valid' || verdict.outcome === 'exempt').toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('any change to a signed record (other than scanner whitespace) stops it being admitted', async () => {
    const records = [good, makeMec()];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...records), fc.nat(), fc.string({ minLength: 1, maxLength: 3 }), fc.nat({ max: 3 }),
        async (rec, pos, ins, del) => {
          const i = pos % rec.length;
          const mutated = rec.slice(0, i) + ins + rec.slice(i + del);
          const { verdict } = await check(mutated, c);
          if (cleanScan(mutated) !== rec) expect(verdict.outcome === 'valid' || verdict.outcome === 'exempt').toBe(false);
        },
      ),
      { numRuns: 400 },
    );
  });
});
