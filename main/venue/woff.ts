// WOFF 1 to a plain sfnt (TrueType/OpenType) font, inflating with Node's zlib. fontkit would read WOFF itself,
// but its bundled inflater (tiny-inflate) rejects some valid table streams of the shipped slices ("Data error").
import { inflateSync } from 'node:zlib';

const WOFF_HEADER = 44;
const WOFF_ENTRY = 20;
const SFNT_HEADER = 12;
const SFNT_ENTRY = 16;
/** a poster slice is tens of kB; anything near this is not one of ours */
const MAX_SFNT = 32 * 1024 * 1024;

export function woffToSfnt(woff: Uint8Array): Buffer {
  const b = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  if (b.length < WOFF_HEADER || b.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF font');
  const flavor = b.readUInt32BE(4);
  const numTables = b.readUInt16BE(12);
  const totalSfntSize = b.readUInt32BE(16);
  if (numTables === 0 || numTables > 200 || b.length < WOFF_HEADER + numTables * WOFF_ENTRY) throw new Error('bad WOFF table directory');
  if (totalSfntSize > MAX_SFNT) throw new Error('WOFF font too large');
  const tables: { tag: string; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const o = WOFF_HEADER + i * WOFF_ENTRY;
    const tag = b.toString('latin1', o, o + 4);
    const offset = b.readUInt32BE(o + 4);
    const compLength = b.readUInt32BE(o + 8);
    const origLength = b.readUInt32BE(o + 12);
    const checksum = b.readUInt32BE(o + 16);
    if (offset + compLength > b.length || origLength > MAX_SFNT || compLength > origLength) throw new Error(`bad WOFF table ${tag}`);
    const raw = b.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(raw, { maxOutputLength: origLength }) : Buffer.from(raw);
    if (data.length !== origLength) throw new Error(`WOFF table ${tag} inflated to the wrong size`);
    tables.push({ tag, checksum, data });
  }
  // sfnt table records are sorted by tag, data 4-byte aligned
  tables.sort((a, b2) => (a.tag < b2.tag ? -1 : a.tag > b2.tag ? 1 : 0));
  let size = SFNT_HEADER + numTables * SFNT_ENTRY;
  for (const t of tables) size += (t.data.length + 3) & ~3;
  if (size > MAX_SFNT) throw new Error('WOFF font too large');
  const out = Buffer.alloc(size);
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(numTables * 16 - searchRange, 10);
  let at = SFNT_HEADER + numTables * SFNT_ENTRY;
  tables.forEach((t, i) => {
    const r = SFNT_HEADER + i * SFNT_ENTRY;
    out.write(t.tag, r, 4, 'latin1');
    out.writeUInt32BE(t.checksum, r + 4);
    out.writeUInt32BE(at, r + 8);
    out.writeUInt32BE(t.data.length, r + 12);
    t.data.copy(out, at);
    at += (t.data.length + 3) & ~3;
  });
  return out;
}
