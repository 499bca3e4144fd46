// `kiosk poster`: the venue's QR poster as a PDF file, or straight to a CUPS printer.
import { basename, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../paths.ts';
import { configuredVenue } from '../venue/configured.ts';
import { decodeVenueCode } from '../venue/hken.ts';
import { posterMissingGlyphs, renderPosterPdf, type PosterVenue } from '../venue/poster.ts';
import { listPrinters, printPdf, savePosterPdf } from '../venue/print.ts';

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; stdin: NodeJS.ReadableStream };

const USAGE = `Usage: kiosk poster [--venue-code TEXT] [--data-dir DIR] --out FILE.pdf [--size a4|a5]
       kiosk poster [--venue-code TEXT] [--data-dir DIR] --print [--printer NAME] [--size a4|a5]
       kiosk poster --list-printers

Renders the bilingual venue QR poster. The venue is --venue-code (the venue's own official "HKEN:..." code),
else the one configured in DIR/config.json, else the clearly marked demo venue.
  --out FILE.pdf     write the PDF there
  --print            send it to a CUPS printer (the default one unless --printer NAME)
  --size a4|a5       A4 poster (default) or A5 / label size
`;

export async function run(argv: string[], io: Io): Promise<number> {
  let values: {
    'venue-code'?: string; 'data-dir'?: string; out?: string; size?: string; print?: boolean; printer?: string;
    'list-printers'?: boolean; help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'venue-code': { type: 'string' }, 'data-dir': { type: 'string' }, out: { type: 'string' }, size: { type: 'string' },
        print: { type: 'boolean' }, printer: { type: 'string' }, 'list-printers': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    io.stderr.write(`kiosk poster: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (values['list-printers']) {
    try {
      const printers = await listPrinters();
      if (printers.length === 0) io.stdout.write('No printers are set up in CUPS.\n');
      for (const p of printers) io.stdout.write(`${p.name}${p.isDefault ? '  (default)' : ''}\n`);
      return 0;
    } catch (e) {
      io.stderr.write(`kiosk poster: ${(e as Error).message}\n`);
      return 1;
    }
  }
  const size = values.size ?? 'a4';
  if (size !== 'a4' && size !== 'a5') {
    io.stderr.write(`kiosk poster: --size must be a4 or a5\n${USAGE}`);
    return 2;
  }
  if (!values.out && !values.print) {
    io.stderr.write(`kiosk poster: give --out FILE.pdf or --print\n${USAGE}`);
    return 2;
  }
  if (values.out && !/\.pdf$/i.test(values.out)) {
    io.stderr.write('kiosk poster: --out must name a .pdf file\n');
    return 2;
  }

  let venue: PosterVenue;
  let demo = false;
  if (values['venue-code'] !== undefined) {
    const code = values['venue-code'].trim();
    const d = decodeVenueCode(code);
    if (!d.ok) {
      io.stderr.write(`kiosk poster: the venue code cannot be read: ${d.error}\n`);
      return 1;
    }
    if (!d.hashValid) {
      io.stderr.write("kiosk poster: the venue code's check hash does not match its venue id; copy it again from the official poster\n");
      return 1;
    }
    venue = { nameZh: d.venue.nameZh, nameEn: d.venue.nameEn, type: d.venue.type, code };
  } else {
    const c = configuredVenue(values['data-dir'] ?? defaultDataDir());
    if (c.note) io.stderr.write(`kiosk poster: ${c.note}\n`);
    venue = { nameZh: c.venue.nameZh, nameEn: c.venue.nameEn, type: c.venue.type, code: c.code };
    demo = c.demo;
  }
  if (demo) io.stderr.write('kiosk poster: no venue is configured: this is the DEMO venue poster (marked as such)\n');
  const missing = posterMissingGlyphs(venue);
  if (missing.length) io.stderr.write(`kiosk poster: the poster font has no glyph for: ${missing.join(' ')} (they print as boxes)\n`);

  const pdf = await renderPosterPdf(venue, { size, date: new Date() });
  let status = 0;
  if (values.out) {
    const out = resolve(values.out);
    const r = await savePosterPdf(pdf, { dir: dirname(out), fileName: basename(out) });
    if (r.ok) io.stdout.write(`Wrote the ${size.toUpperCase()} poster for ${venue.nameEn || venue.nameZh} to ${r.path}\n`);
    else {
      io.stderr.write(`kiosk poster: ${r.error}\n`);
      status = 1;
    }
  }
  if (values.print) {
    const r = await printPdf(pdf, values.printer);
    if (r.ok) io.stdout.write(`Sent the poster to ${values.printer ?? 'the default printer'}\n`);
    else {
      io.stderr.write(`kiosk poster: ${r.error ?? 'printing failed'}\n`);
      status = 1;
    }
  }
  return status;
}
