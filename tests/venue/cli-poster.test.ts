// `kiosk poster`: the configured venue (config.json), the demo fallback, --venue-code, and clean errors.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { captureIo } from '../support/cli-io.ts';
import { run } from '../../main/cli/poster.ts';
import { encodeVenueCode } from '../../main/venue/hken.ts';

const io = () => captureIo();

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'cli-poster-'));
  dirs.push(d);
  return d;
}
const pdfText = (f: string): string => execFileSync('pdftotext', [f, '-']).toString();

describe('kiosk poster', () => {
  it('renders the venue configured in the data directory', async () => {
    const dir = tmp();
    const code = encodeVenueCode({ venueId: 'TEST0007', nameZh: '測試茶餐廳', nameEn: 'Test Cafe', type: 'RESTAURANT' });
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ venueCode: code, settings: {} }));
    const c = io();
    const out = join(dir, 'out', 'p.pdf');
    expect(await run(['--data-dir', dir, '--out', out, '--size', 'a5'], c.io)).toBe(0);
    expect(c.out()).toContain(out);
    const text = pdfText(out);
    expect(text).toContain('測試茶餐廳');
    expect(text).toContain('Test Cafe');
    expect(text).not.toContain('DEMO');
  });

  it('falls back to the marked demo venue, saying why', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'config.json'), '{ not json');
    const c = io();
    const out = join(dir, 'demo.pdf');
    expect(await run(['--data-dir', dir, '--out', out], c.io)).toBe(0);
    expect(c.err()).toMatch(/not valid JSON/);
    expect(c.err()).toMatch(/DEMO venue/);
    expect(pdfText(out)).toContain('Demo Restaurant (DEMO)');
  });

  it('takes --venue-code and refuses one whose hash does not match', async () => {
    const dir = tmp();
    const good = encodeVenueCode({ venueId: 'TEST0008', nameZh: '測試', nameEn: 'Given Code', type: 'X' });
    const c = io();
    expect(await run(['--venue-code', good, '--out', join(dir, 'g.pdf')], c.io)).toBe(0);
    expect(pdfText(join(dir, 'g.pdf'))).toContain('Given Code');
    const forged = good.slice(0, 6) + 'TEST0009' + good.slice(14); // another id, same data: hash no longer matches
    const d = io();
    expect(await run(['--venue-code', forged, '--out', join(dir, 'f.pdf')], d.io)).toBe(1);
    expect(d.err()).toMatch(/check hash/);
    expect(existsSync(join(dir, 'f.pdf'))).toBe(false);
    const e = io();
    expect(await run(['--venue-code', 'hello', '--out', join(dir, 'h.pdf')], e.io)).toBe(1);
    expect(e.err()).toMatch(/cannot be read/);
  });

  it('usage errors exit 2', async () => {
    for (const args of [[], ['--out', 'x.txt'], ['--out', 'x.pdf', '--size', 'a3'], ['--bogus']]) {
      const c = io();
      expect(await run(args, c.io)).toBe(2);
      expect(c.err()).toMatch(/Usage|must|give/);
    }
  });

  it('--print without CUPS fails loudly', async () => {
    const saved = process.env.PATH;
    process.env.PATH = tmp();
    try {
      const c = io();
      expect(await run(['--venue-code', encodeVenueCode({ venueId: 'TEST0010', nameZh: '甲', nameEn: 'A', type: 'X' }), '--print'], c.io)).toBe(1);
      expect(c.err()).toMatch(/CUPS printing is not installed/);
    } finally {
      process.env.PATH = saved;
    }
  });
});
