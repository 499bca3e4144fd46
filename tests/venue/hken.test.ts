// The LeaveHomeSafe venue code, checked against the published sample and an independent Node implementation.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMO_VENUE, DEMO_VENUE_CODE } from '../../main/venue/demo.ts';
import { decodeVenueCode, encodeVenueCode, HKEN_MAX_LENGTH } from '../../main/venue/hken.ts';

// published in Victorlauni/LeaveHomeSafe-QR-decoder (README) and ../shared/docs/hk-formats.md §4
const SAMPLE =
  'HKEN:0gxr8l5A6eyJtZXRhZGF0YSI6bnVsbCwibmFtZVpoIjoi6Imv55Sw6auU6IKy6aSoIiwibmFtZUVuIjoiTGV1bmcgVGluIFNwb3J0cyBDZW50cmUiLCJ0eXBlIjoiU1BPUlRTQ1VMVFVSQUxSRUNSRUFUSU9OQUwiLCJoYXNoIjoiZTczODE4YjFjN2U4MDUzM2E4MjI3NjE5NzZhMmMwNTJmMWUwNTQzZTQ2ODM0MDk1ODZmZDg5OTRhM2MxZmU3NiJ9';
const sha = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
/** the layout from the spec, written with Node's Buffer rather than the module's own helpers */
const build = (code: string, id: string, json: string): string => `HKEN:${code}${id}${Buffer.from(json, 'utf8').toString('base64')}`;

describe('HKEN venue code', () => {
  it('decodes the published sample to the published names, type and a valid hash', () => {
    const d = decodeVenueCode(SAMPLE);
    expect(d).toEqual({
      ok: true,
      hashValid: true,
      venue: {
        venueCode: '0',
        venueId: 'gxr8l5A6',
        nameZh: '良田體育館',
        nameEn: 'Leung Tin Sports Centre',
        type: 'SPORTSCULTURALRECREATIONAL',
        metadata: null,
        hash: sha('HKENgxr8l5A62020'),
      },
    });
  });

  it('encodes the sample back to the exact published text (key order included)', () => {
    expect(
      encodeVenueCode({ venueId: 'gxr8l5A6', nameZh: '良田體育館', nameEn: 'Leung Tin Sports Centre', type: 'SPORTSCULTURALRECREATIONAL' }),
    ).toBe(SAMPLE);
  });

  it('encodes metadata first, as the official generator did', () => {
    const code = encodeVenueCode({
      venueId: 'AbC12345',
      nameZh: '測試',
      nameEn: 'Test',
      type: 'RESTAURANT',
      metadata: { typeEn: 'Restaurant', typeZh: '食肆' },
      venueCode: '1',
    });
    const json = `{"metadata":{"typeEn":"Restaurant","typeZh":"食肆"},"nameZh":"測試","nameEn":"Test","type":"RESTAURANT","hash":"${sha('HKENAbC123452020')}"}`;
    expect(code).toBe(build('1', 'AbC12345', json));
  });

  it('reports a hash that does not match the venue id', () => {
    const json = `{"metadata":null,"nameZh":"甲","nameEn":"A","type":"X","hash":"${sha('HKENzzzzzzzz2020')}"}`;
    const d = decodeVenueCode(build('0', 'yyyyyyyy', json));
    expect(d.ok && d.hashValid).toBe(false);
    expect(d.ok).toBe(true);
  });

  it('accepts the CR/LF a scanner adds, nothing else around the code', () => {
    expect(decodeVenueCode(SAMPLE + '\r\n').ok).toBe(true);
    expect(decodeVenueCode(SAMPLE + '\n').ok).toBe(true);
    expect(decodeVenueCode(' ' + SAMPLE).ok).toBe(false);
    expect(decodeVenueCode(SAMPLE + ' ').ok).toBe(false);
  });

  const valid = (over: Record<string, unknown>): string =>
    JSON.stringify({ metadata: null, nameZh: '甲', nameEn: 'A', type: 'X', hash: sha('HKENabcdefgh2020'), ...over });

  /** base64 whose unused trailing bits are set: decoders accept it, the official generator never wrote it */
  function nonCanonical(json: string): string {
    let j = json;
    while (Buffer.byteLength(j) % 3 !== 1) j += ' ';
    const b64 = Buffer.from(j).toString('base64');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const last = b64[b64.length - 3]!;
    const bent = b64.slice(0, -3) + alphabet[alphabet.indexOf(last) + 1] + '==';
    expect(Buffer.from(bent, 'base64').toString()).toBe(j); // same bytes, different text
    return bent;
  }

  it.each([
    ['lowercase prefix', SAMPLE.replace('HKEN:', 'hken:')],
    ['other prefix', SAMPLE.replace('HKEN:', 'HKXX:')],
    ['short id', 'HKEN:0abc' + Buffer.from(valid({})).toString('base64')],
    ['id with a symbol', build('0', 'abcd-fgh', valid({}))],
    ['no data', 'HKEN:0abcdefgh'],
    ['not base64', 'HKEN:0abcdefgh%%%%'],
    ['base64 with spaces', 'HKEN:0abcdefgh' + Buffer.from(valid({})).toString('base64').replace(/(.{8})/, '$1 ')],
    ['non-canonical base64', 'HKEN:0abcdefgh' + nonCanonical(valid({}))],
    ['not UTF-8', 'HKEN:0abcdefgh' + Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64')],
    ['not JSON', build('0', 'abcdefgh', '{nope')],
    ['an array', build('0', 'abcdefgh', '[1,2]')],
    ['an extra field', build('0', 'abcdefgh', valid({ addressEn: 'x' }))],
    ['a missing field', build('0', 'abcdefgh', JSON.stringify({ metadata: null, nameZh: '甲', nameEn: 'A', hash: sha('HKENabcdefgh2020') }))],
    ['a number for a name', build('0', 'abcdefgh', valid({ nameEn: 5 }))],
    ['metadata of the wrong shape', build('0', 'abcdefgh', valid({ metadata: { typeEn: 1, typeZh: 'x' } }))],
    ['metadata with an extra field', build('0', 'abcdefgh', valid({ metadata: { typeEn: 'a', typeZh: 'b', c: 'd' } }))],
    ['uppercase hash', build('0', 'abcdefgh', valid({ hash: sha('HKENabcdefgh2020').toUpperCase() }))],
    ['no names', build('0', 'abcdefgh', valid({ nameZh: ' ', nameEn: '' }))],
    ['a control character', build('0', 'abcdefgh', valid({ nameEn: 'A\u0007' }))],
    ['a name over 200 characters', build('0', 'abcdefgh', valid({ nameEn: 'A'.repeat(201) }))],
    ['too long', 'HKEN:0abcdefgh' + 'A'.repeat(HKEN_MAX_LENGTH)],
  ])('refuses %s with a reason', (_what, text) => {
    const d = decodeVenueCode(text);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.error.length).toBeGreaterThan(3);
  });

  it('never throws, whatever it is given', () => {
    for (const v of [undefined, null, 42, {}, [], Symbol('x')]) expect(decodeVenueCode(v).ok).toBe(false);
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), (s) => {
        decodeVenueCode('HKEN:0abcdefgh' + s);
        decodeVenueCode(s);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (b) => {
        decodeVenueCode('HKEN:0abcdefgh' + Buffer.from(b).toString('base64'));
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips any valid venue', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9]{8}$/),
        fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim() !== '' && !/[\u0000-\u001f\u007f]/.test(s)),
        fc.string({ maxLength: 60 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s)),
        (venueId, nameZh, nameEn) => {
          const d = decodeVenueCode(encodeVenueCode({ venueId, nameZh, nameEn, type: 'RESTAURANT' }));
          expect(d).toMatchObject({ ok: true, hashValid: true, venue: { venueId, nameZh, nameEn } });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses to encode an invalid venue id', () => {
    expect(() => encodeVenueCode({ venueId: 'short', nameZh: '甲', nameEn: 'A', type: 'X' })).toThrow(RangeError);
  });

  it('embeds a demo venue that is plainly fictional and decodes with a valid hash', () => {
    const d = decodeVenueCode(DEMO_VENUE_CODE);
    expect(d.ok && d.hashValid).toBe(true);
    if (!d.ok) return;
    expect(d.venue.venueId).toBe('DEMO0001');
    expect(d.venue.nameZh).toContain('示範');
    expect(d.venue.nameEn).toContain('DEMO');
    expect(d.venue.nameZh).toBe(DEMO_VENUE.nameZh);
  });
});
