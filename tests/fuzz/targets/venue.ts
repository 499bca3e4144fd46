// HKEN: venue codes arrive from a scanner (the operator scans the venue's poster) and from the settings file.
// Properties: decodeVenueCode never throws; whatever it accepts obeys the limits the poster and screen rely on.
import fc from 'fast-check';
import { decodeVenueCode, encodeVenueCode, venueHash } from '../../../main/venue/hken.ts';
import { DEMO_VENUE } from '../../../main/venue/demo.ts';
import { bounded, mutatedJson, mutatedString } from '../support.ts';
import type { FuzzTarget } from './types.ts';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';
const CONTROL = /[\u0000-\u001f\u007f]/;

function checkAccepted(input: unknown): void {
  const r = decodeVenueCode(input);
  if (typeof r !== 'object' || r === null || typeof r.ok !== 'boolean') throw new Error('not a DecodeResult');
  if (!r.ok) {
    if (typeof r.error !== 'string' || r.error.length === 0) throw new Error('refusal without a reason');
    return;
  }
  const v = r.venue;
  if (!/^[A-Za-z0-9]{8}$/.test(v.venueId) || !/^[A-Za-z0-9]$/.test(v.venueCode)) throw new Error('accepted a malformed venue id');
  for (const [t, max] of [[v.nameZh, 200], [v.nameEn, 200], [v.type, 100]] as const) {
    if (typeof t !== 'string' || t.length > max || CONTROL.test(t)) throw new Error('accepted a name the poster cannot print');
  }
  if (v.nameZh.trim() === '' && v.nameEn.trim() === '') throw new Error('accepted a venue without a name');
  if (r.hashValid !== (v.hash === venueHash(v.venueId))) throw new Error('hashValid disagrees with the spec hash');
}

const base64Json = (j: unknown) => Buffer.from(JSON.stringify(j) ?? 'null', 'utf8').toString('base64');

export const venueTargets: FuzzTarget[] = [
  {
    name: 'HKEN: arbitrary values and texts',
    runs: 1500,
    async run(p) {
      const input = fc.oneof(
        fc.anything({ maxDepth: 2 }),
        fc.string({ unit: 'grapheme', maxLength: 200 }).map((s) => 'HKEN:' + s),
        fc.string({ unit: fc.constantFrom(...B64), maxLength: 400 }).map((s) => 'HKEN:0DEMO0001' + s),
      );
      await fc.assert(fc.asyncProperty(input, async (x) => { await bounded('decodeVenueCode', () => checkAccepted(x)); }), p);
    },
  },
  {
    name: 'HKEN: edits of a valid code',
    runs: 1500,
    async run(p) {
      const code = encodeVenueCode(DEMO_VENUE);
      await fc.assert(fc.asyncProperty(mutatedString(code, B64), async (x) => { await bounded('decodeVenueCode', () => checkAccepted(x)); }), p);
    },
  },
  {
    name: 'HKEN: valid framing around hostile JSON',
    runs: 1500,
    async run(p) {
      const json = { metadata: DEMO_VENUE.metadata, nameZh: DEMO_VENUE.nameZh, nameEn: DEMO_VENUE.nameEn, type: DEMO_VENUE.type, hash: venueHash(DEMO_VENUE.venueId) };
      const input = fc.oneof(mutatedJson(json), fc.jsonValue({ maxDepth: 3 })).map((j) => `HKEN:0${DEMO_VENUE.venueId}${base64Json(j)}`);
      await fc.assert(fc.asyncProperty(input, async (x) => { await bounded('decodeVenueCode', () => checkAccepted(x)); }), p);
    },
  },
];
