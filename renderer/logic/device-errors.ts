// Device problems arrive from the drivers as short English texts (also written to the log). The operator reads
// them in their language with what to do: the known ones map to message keys; anything else is shown as sent.
const KNOWN: [RegExp, string][] = [
  [/^(device )?not present$/, 'notPresent'],
  [/^device disconnected$/, 'disconnected'],
  [/^permission denied/, 'permission'],
  [/^port in use/, 'inUse'],
  [/^unreadable bytes dropped/, 'noise'],
  [/^line longer than the limit/, 'tooLong'],
  [/^incomplete line dropped/, 'incomplete'],
  [/^too many scans per second/, 'flood'],
  [/^camera not found$/, 'cameraNotFound'],
  [/^camera permission denied$/, 'cameraPermission'],
  [/^camera busy/, 'cameraBusy'],
  [/^no camera support/, 'cameraUnsupported'],
  [/^relay disconnected$/, 'relayDisconnected'],
  [/^relay: /, 'relayFailed'],
];

/** The message key (under op.devices.errors) for a driver's error text, or null to show the text itself. */
export function deviceErrorKey(error: string): string | null {
  for (const [re, key] of KNOWN) if (re.test(error)) return `op.devices.errors.${key}`;
  return null;
}
