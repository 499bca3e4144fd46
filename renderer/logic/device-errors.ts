// Device problems arrive from the drivers as short English texts (also written to the log). The operator reads
// them in their language with what to do: each known text maps to a message key; anything else gets a translated
// sentence that names the device's own words and what to try, never the bare driver text.
const KNOWN: [RegExp, string][] = [
  [/^(device )?not present$/, 'notPresent'],
  [/^device disconnected$/, 'disconnected'],
  [/^no relay configured/, 'relayNotConfigured'],
  [/^relay disconnected$/, 'relayDisconnected'],
  [/^relay: .*timed out/i, 'relayTimeout'],
  [/^relay: .*(ENOENT|No such file)/i, 'relayNotFound'],
  [/permission denied|EACCES|EPERM/i, 'permission'],
  [/^port in use|EBUSY|cannot lock|lock port|temporarily unavailable/i, 'inUse'],
  [/ENOTTY|Inappropriate ioctl|not a tty/i, 'notSerial'],
  [/ENOENT|No such file/i, 'notPresent'],
  [/^unreadable bytes dropped/, 'noise'],
  [/^line longer than the limit/, 'tooLong'],
  [/^incomplete line dropped/, 'incomplete'],
  [/^scan dropped/, 'dropped'],
  [/^too many scans per second/, 'flood'],
  [/^camera not found$/, 'cameraNotFound'],
  [/^camera permission denied$/, 'cameraPermission'],
  [/^camera busy/, 'cameraBusy'],
  [/^no camera support/, 'cameraUnsupported'],
  [/^decoder failed to start/, 'cameraDecoder'],
  [/^cannot list devices/, 'searchFailed'],
  [/^HID unavailable/, 'hidUnavailable'],
  [/^relay: /, 'relayFailed'],
];

/** The message (under op.devices.errors) for a driver's error text; unknown texts get 'other' with the text as detail. */
export function deviceErrorKey(error: string): { key: string; opts?: Record<string, string> } {
  for (const [re, key] of KNOWN) if (re.test(error)) return { key: `op.devices.errors.${key}` };
  return { key: 'op.devices.errors.other', opts: { detail: error.slice(0, 200) } };
}

export const DEVICE_ERROR_KEYS = [...new Set(KNOWN.map(([, k]) => `op.devices.errors.${k}`)), 'op.devices.errors.other'];
