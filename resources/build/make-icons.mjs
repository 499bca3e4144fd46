// Draws the kiosk's icon (a QR finder pattern with a green tick on a dark tile) as PNGs of every size the
// installers ask for: node resources/build/make-icons.mjs. No image tools needed; output is committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const out = join(dirname(fileURLToPath(import.meta.url)), 'icons');
const CRC = new Int32Array(256).map((_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c; });
const crc32 = (buf) => { let c = -1; for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ -1) >>> 0; };
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) row.set(pixel((x + 0.5) / size, (y + 0.5) / size), 1 + x * 4);
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 6;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
const TILE = [16, 42, 56, 255], WHITE = [255, 255, 255, 255], GREEN = [34, 197, 94, 255], CLEAR = [0, 0, 0, 0];
function pixel(u, v) {
  // rounded tile
  const r = 0.18, cx = Math.min(Math.max(u, r), 1 - r), cy = Math.min(Math.max(v, r), 1 - r);
  if ((u - cx) ** 2 + (v - cy) ** 2 > r * r) return CLEAR;
  // three QR finder patterns
  for (const [fx, fy] of [[0.14, 0.14], [0.56, 0.14], [0.14, 0.56]]) {
    const dx = u - fx, dy = v - fy;
    if (dx >= 0 && dy >= 0 && dx < 0.3 && dy < 0.3) {
      const ring = Math.min(dx, dy, 0.3 - dx, 0.3 - dy);
      return ring < 0.045 || ring > 0.09 ? WHITE : TILE;
    }
  }
  // tick in the fourth corner
  const d1 = Math.abs((v - 0.74) - (u - 0.58)) / Math.SQRT2, d2 = Math.abs((v - 0.80) + (u - 0.66)) / Math.SQRT2;
  if (u > 0.55 && u < 0.67 && v > 0.68 && v < 0.84 && d1 < 0.035) return GREEN;
  if (u > 0.62 && u < 0.88 && v > 0.56 && v < 0.84 && d2 < 0.035) return GREEN;
  return TILE;
}
mkdirSync(out, { recursive: true });
for (const s of [16, 32, 48, 64, 128, 256, 512]) writeFileSync(join(out, `${s}x${s}.png`), png(s, pixel));
