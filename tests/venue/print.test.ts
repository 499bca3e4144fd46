// Printing through CUPS' lp/lpstat. This machine has no CUPS: stand-in lp/lpstat scripts on PATH record what the
// kiosk sends; with neither on PATH the operator must get a clear error, never silence.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listPrinters, printPdf, savePosterPdf } from '../../main/venue/print.ts';

let dir: string;
let bin: string;
const savedPath = process.env.PATH;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'print-'));
  bin = join(dir, 'bin');
  mkdirSync(bin);
  process.env.PATH = bin; // only our stand-ins (and nothing else) can be found
});
afterEach(() => {
  process.env.PATH = savedPath;
  rmSync(dir, { recursive: true, force: true });
});

function script(name: string, body: string): void {
  const f = join(bin, name);
  writeFileSync(f, `#!/bin/sh\n${body}\n`);
  chmodSync(f, 0o755);
}

const PDF = new Uint8Array(Buffer.from('%PDF-1.3\n% stand-in poster\n%%EOF\n'));

describe('printing', () => {
  it('without CUPS: a clear error for listing and for printing', async () => {
    await expect(listPrinters()).rejects.toThrow(/CUPS printing is not installed.*Save as PDF/);
    const r = await printPdf(PDF);
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/CUPS printing is not installed/);
  });

  it('lists the queues and marks the default', async () => {
    script('lpstat', `case "$1" in -e) printf 'Front_Desk\\nLabel_Printer\\n';; -d) echo 'system default destination: Label_Printer';; esac`);
    expect(await listPrinters()).toEqual([
      { name: 'Front_Desk', isDefault: false },
      { name: 'Label_Printer', isDefault: true },
    ]);
  });

  it('no queues is an empty list, not an error', async () => {
    script('lpstat', `echo 'lpstat: No destinations added.' >&2; exit 1`);
    expect(await listPrinters()).toEqual([]);
  });

  it('sends the PDF bytes to the named queue on lp standard input', async () => {
    const log = join(dir, 'args');
    const got = join(dir, 'stdin');
    script('lp', `/usr/bin/printf '%s\\n' "$@" > '${log}'; /bin/cat > '${got}'; echo 'request id is Front_Desk-7 (1 file(s))'`);
    expect(await printPdf(PDF, 'Front_Desk')).toEqual({ ok: true });
    const args = readFileSync(log, 'utf8').trim().split('\n');
    expect(args.slice(0, 2)).toEqual(['-d', 'Front_Desk']);
    expect(args[args.length - 1]).toBe('-');
    expect(new Uint8Array(readFileSync(got))).toEqual(PDF);
  });

  it('uses the default queue when none is named', async () => {
    const log = join(dir, 'args');
    script('lp', `/usr/bin/printf '%s\\n' "$@" > '${log}'; /bin/cat > /dev/null`);
    expect(await printPdf(PDF)).toEqual({ ok: true });
    expect(readFileSync(log, 'utf8')).not.toContain('-d\n');
  });

  it('reports what lp says when printing fails', async () => {
    script('lp', `echo 'lp: The printer or class does not exist.' >&2; exit 1`);
    const r = await printPdf(PDF, 'Gone');
    expect(r).toEqual({ ok: false, error: 'Printing failed: lp: The printer or class does not exist.' });
  });

  it('refuses a printer name that could read as an option', async () => {
    script('lp', `touch '${join(dir, 'ran')}'`);
    expect((await printPdf(PDF, '-oraw')).ok).toBe(false);
    expect(existsSync(join(dir, 'ran'))).toBe(false);
  });

  it('saves the PDF into a chosen folder, and says why when it cannot', async () => {
    const out = join(dir, 'posters');
    const r = await savePosterPdf(PDF, { dir: out, size: 'a5', date: new Date(2026, 10, 28) });
    expect(r).toEqual({ ok: true, path: join(out, 'venue-poster-a5-2026-11-28.pdf') });
    expect(new Uint8Array(readFileSync(join(out, 'venue-poster-a5-2026-11-28.pdf')))).toEqual(PDF);
    expect(await savePosterPdf(PDF, { dir: out, fileName: '../escape.pdf' })).toMatchObject({ ok: false });
    writeFileSync(join(dir, 'a-file'), 'x');
    const bad = await savePosterPdf(PDF, { dir: join(dir, 'a-file', 'sub') });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/Could not save the poster/);
  });
});
