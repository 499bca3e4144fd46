// Which shipped font slice holds the glyph for a character. The poster font (Noto Sans HK, resources/fonts) comes
// as ~100 small slices, as web fonts are served; the upstream 400.css says which code points each one covers.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourcesDir } from '../paths.ts';
import { woffToSfnt } from './woff.ts';

export interface FontIndex {
  dir: string;
  /** absolute paths of the slices, in priority order */
  files: readonly string[];
  /** index into files of the slice that covers the code point, or -1 */
  sliceOf(codePoint: number): number;
  /** the slice as a plain sfnt font, ready for pdfkit (converted once, then cached) */
  fontData(slice: number): Buffer;
  /** the slice's CSS unicode-range, for an HTML rendering that embeds the WOFF as is */
  cssRange(slice: number): string;
}

export const defaultFontDir = (): string => join(resourcesDir(), 'fonts', 'noto-sans-hk');

/** "U+4e00-4e0f", "U+20", "U+4??" (wildcards) into inclusive ranges */
export function parseUnicodeRange(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const part of text.split(',')) {
    const m = /^\s*U\+([0-9a-f?]{1,6})(?:-([0-9a-f]{1,6}))?\s*$/i.exec(part);
    if (!m) continue;
    const a = m[1]!;
    if (a.includes('?')) out.push([parseInt(a.replace(/\?/g, '0'), 16), parseInt(a.replace(/\?/g, 'f'), 16)]);
    else out.push([parseInt(a, 16), parseInt(m[2] ?? a, 16)]);
  }
  return out;
}

const cache = new Map<string, FontIndex>();

/** Reads <dir>/400.css; slices listed there but not shipped are skipped. Throws when the font is not installed. */
export function loadFontIndex(dir: string = defaultFontDir()): FontIndex {
  const hit = cache.get(dir);
  if (hit) return hit;
  const css = readFileSync(join(dir, '400.css'), 'utf8');
  const slices: { file: string; ranges: [number, number][]; css: string }[] = [];
  for (const block of css.split('@font-face').slice(1)) {
    const url = /url\(\.\/files\/([A-Za-z0-9._-]+?)\.woff2?\)/.exec(block);
    const range = /unicode-range:\s*([^;]+);/.exec(block);
    if (!url || !range) continue;
    // WOFF 1: fontkit's subsetter draws broken glyphs from WOFF 2 (see resources/fonts/noto-sans-hk/README.md)
    const file = join(dir, 'files', `${url[1]}.woff`);
    if (existsSync(file)) slices.push({ file, ranges: parseUnicodeRange(range[1]!), css: range[1]!.trim() });
  }
  if (slices.length === 0) throw new Error(`no poster font slices found in ${dir}`);
  // Latin first so that ASCII comes from one slice; the rest in the upstream order
  const latinFirst = (f: string): number => (/-latin-400/.test(f) ? 0 : /-latin-ext-400/.test(f) ? 1 : 2);
  slices.sort((a, b) => latinFirst(a.file) - latinFirst(b.file));
  const map = new Map<number, number>();
  slices.forEach((s, i) => {
    for (const [lo, hi] of s.ranges) {
      // guard against a malformed range blowing up the table
      if (hi - lo > 0x10000) continue;
      for (let cp = lo; cp <= hi; cp++) if (!map.has(cp)) map.set(cp, i);
    }
  });
  const data = new Map<number, Buffer>();
  const index: FontIndex = {
    dir,
    files: slices.map((s) => s.file),
    sliceOf: (cp) => map.get(cp) ?? -1,
    cssRange: (slice) => slices[slice]!.css,
    fontData(slice) {
      let d = data.get(slice);
      if (!d) {
        d = woffToSfnt(readFileSync(slices[slice]!.file));
        data.set(slice, d);
      }
      return d;
    },
  };
  cache.set(dir, index);
  return index;
}

/** Characters of the text no shipped slice covers (spaces and controls aside): they would print as boxes. */
export function missingGlyphs(text: string, index: FontIndex = loadFontIndex()): string[] {
  const out = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp <= 0x20 || (cp >= 0x7f && cp < 0xa0)) continue;
    if (index.sliceOf(cp) < 0) out.add(ch);
  }
  return [...out];
}
