// Image decompression bombs (kiosk verify @image.png): a tiny PNG declaring gigapixels is refused from its
// header before any decoding (main/qr/decode-image.ts, MAX_IMAGE_PIXELS).
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeQrFromImageBytes } from '../../main/qr/decode-image.ts';



const CRC = new Int32Array(256).map((_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c; });
const crc32 = (buf: Uint8Array) => { let c = -1; for (const b of buf) c = CRC[(c ^ b) & 0xff]! ^ (c >>> 8); return (c ^ -1) >>> 0; };
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A valid grey PNG of side x side black pixels: a few hundred KB that inflate to side^2 bytes. */
export function pngBomb(side: number): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc((side + 1) * side);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

describe('image decompression bombs (fixed: refused from the declared size)', () => {
  // before the fix a 389 KB PNG declaring 20000x20000 pixels was decoded in full: 3.6 s and ~900 MB RSS
  it('refuses a PNG decompression bomb from its header, without decoding it', async () => {
    const bomb = pngBomb(20_000);
    expect(bomb.length).toBeLessThan(512 * 1024);
    const rss0 = process.memoryUsage().rss;
    expect(await decodeQrFromImageBytes(bomb)).toBeNull();
    expect(process.memoryUsage().rss - rss0).toBeLessThan(64 * 1024 * 1024);
  });
});
