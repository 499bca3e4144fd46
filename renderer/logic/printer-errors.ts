// Poster printing and saving errors arrive as English sentences (main/venue/print.ts, Electron's print callback,
// the core's file write; also logged). The operator reads each in their language with what to do instead.
const KNOWN: [RegExp, string][] = [
  [/CUPS printing is not installed|no lp\/lpstat/i, 'noCups'],
  [/printer name is not valid|invalid deviceName/i, 'badPrinter'],
  [/timed out/i, 'timeout'],
  [/cancel/i, 'cancelled'],
  [/disk is full|ENOSPC/, 'saveFull'],
  [/cannot be written|EACCES|EPERM|EROFS/, 'saveReadOnly'],
  [/^Could not save the poster|^E[A-Z]+: /, 'saveFailed'],
  [/^Could not list printers/, 'listFailed'],
  [/print/i, 'printFailed'],
];

/** The message key (under op.poster.errors) and its options for one printing or saving error. */
export function printerErrorKey(error: string): { key: string; opts: Record<string, string> } {
  const detail = error.slice(0, 200);
  for (const [re, k] of KNOWN) if (re.test(error)) return { key: `op.poster.errors.${k}`, opts: { detail } };
  return { key: 'op.poster.errors.other', opts: { detail } };
}

export const PRINTER_ERROR_KEYS = [...new Set(KNOWN.map(([, k]) => `op.poster.errors.${k}`)), 'op.poster.errors.other'];
