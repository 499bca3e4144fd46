// QR images from a file (`kiosk verify @pass.png`): PNG/JPEG decoded by zxing-wasm. Property: edited images
// resolve to a text or null, never reject, within the hang bound. (Decompression-bomb PNGs: image-bomb.test.ts.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { decodeQrFromImageBytes } from '../../../main/qr/decode-image.ts';
import { bounded, dccVectors, mutatedBytes, testdata } from '../support.ts';
import type { FuzzTarget } from './types.ts';

/** A few conformance vectors' QR PNGs (the 2DCODE field). */
function qrPngs(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const v of dccVectors().slice(0, 40)) {
    const j = JSON.parse(readFileSync(join(testdata, v.file), 'utf8')) as { '2DCODE'?: unknown };
    if (typeof j['2DCODE'] === 'string') out.push(new Uint8Array(Buffer.from(j['2DCODE'], 'base64')));
    if (out.length >= 3) break;
  }
  return out;
}

export const imageTargets: FuzzTarget[] = [
  {
    name: 'QR image decoder: edited PNGs and arbitrary bytes',
    runs: 300,
    async run(p) {
      const pngs = qrPngs();
      const input = fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...pngs).chain((b) => mutatedBytes(b)) },
        { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }).map((b) => Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...b])) },
        { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }).map((b) => Uint8Array.from([0xff, 0xd8, 0xff, ...b])) },
      );
      await fc.assert(fc.asyncProperty(input, async (bytes) => {
        const r = await bounded('decodeQrFromImageBytes', () => decodeQrFromImageBytes(bytes));
        if (r !== null && typeof r !== 'string') throw new Error('neither text nor null');
      }), p);
    },
  },
];
