// Printing the poster outside Electron: CUPS' lp/lpstat when installed, and always "save as PDF".
// (The Electron shell prints with webContents.print to the configured system printer.) Every failure comes back
// as a sentence for the operator; none is swallowed.
import { execFile, spawn } from 'node:child_process';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

export interface PrinterInfo {
  name: string;
  isDefault: boolean;
}

export type PrintResult = { ok: boolean; error?: string };
export type SaveResult = { ok: true; path: string } | { ok: false; error: string };

const NO_CUPS = 'CUPS printing is not installed on this computer (no lp/lpstat command); use "Save as PDF" instead.';
const TIMEOUT_MS = 30_000;
// what CUPS allows in a queue name, minus anything that could read as an option
const PRINTER_RE = /^[A-Za-z0-9_.@+][A-Za-z0-9_.@+-]{0,126}$/;

function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: TIMEOUT_MS, maxBuffer: 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new Error(NO_CUPS));
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** The CUPS queues, the default one marked. Rejects with an operator-readable Error when CUPS is absent. */
export async function listPrinters(): Promise<PrinterInfo[]> {
  const list = await run('lpstat', ['-e']);
  if (list.code !== 0) {
    // "No destinations added." is how lpstat says "none"
    if (/no destinations/i.test(list.stderr + list.stdout)) return [];
    throw new Error(`Could not list printers: ${(list.stderr || list.stdout).trim().slice(0, 300) || `lpstat exited with ${list.code}`}`);
  }
  const def = await run('lpstat', ['-d']).catch(() => ({ code: 1, stdout: '', stderr: '' }));
  const m = /destination:\s*(\S+)/.exec(def.stdout);
  const dflt = m ? m[1] : undefined;
  return list.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((name) => ({ name, isDefault: name === dflt }));
}

/** Sends the PDF to a CUPS queue (the default queue when none is named) through lp's standard input. */
export function printPdf(pdf: Uint8Array, printer?: string): Promise<PrintResult> {
  if (printer !== undefined && printer !== '' && !PRINTER_RE.test(printer)) {
    return Promise.resolve({ ok: false, error: 'That printer name is not valid.' });
  }
  const args = [...(printer ? ['-d', printer] : []), '-t', 'Venue QR poster', '-o', 'fit-to-page', '-'];
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: PrintResult): void => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    let child;
    try {
      child = spawn('lp', args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    } catch (e) {
      return finish({ ok: false, error: `Printing failed: ${e instanceof Error ? e.message : String(e)}` });
    }
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-2000)));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    const timer = setTimeout(() => {
      child.kill();
      finish({ ok: false, error: 'Printing timed out: the print system did not answer in 30 s.' });
    }, TIMEOUT_MS);
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      finish({ ok: false, error: e.code === 'ENOENT' ? NO_CUPS : `Printing failed: ${e.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) finish({ ok: true });
      else finish({ ok: false, error: `Printing failed: ${(err || out).trim().slice(0, 300) || `lp exited with ${code}`}` });
    });
    // lp may exit before reading everything (bad printer name): its exit status is the answer, not EPIPE
    child.stdin.on('error', () => {});
    child.stdin.end(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
  });
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function posterFileName(size: 'a4' | 'a5', date: Date): string {
  return `venue-poster-${size}-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.pdf`;
}

/** Writes the PDF into dir (created if needed), atomically. Never throws. */
export async function savePosterPdf(
  pdf: Uint8Array,
  opts: { dir: string; fileName?: string; size?: 'a4' | 'a5'; date?: Date },
): Promise<SaveResult> {
  const name = opts.fileName ?? posterFileName(opts.size ?? 'a4', opts.date ?? new Date());
  if (basename(name) !== name || !/\.pdf$/i.test(name) || name.length > 200) {
    return { ok: false, error: 'The file name must be a plain name ending in .pdf.' };
  }
  const path = join(opts.dir, name);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(opts.dir, { recursive: true });
    await writeFile(tmp, pdf);
    await rename(tmp, path);
    return { ok: true, path };
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => {});
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'the folder cannot be written' : (e as Error).message;
    return { ok: false, error: `Could not save the poster to ${path}: ${why}.` };
  }
}
