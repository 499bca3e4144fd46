// Scanners the operator added on the Devices screen, as the device manager takes them and as the screens see them.
import type { DeviceStatus, SerialScannerSetting } from '../api/state.ts';

const TERMINATOR = { auto: 'auto', terminator: 'cr', 'quiet-gap': 'none' } as const;

export const scannerId = (path: string): string => `serial:${path}`.slice(0, 200);

export function scannerConfig(s: SerialScannerSetting): {
  id: string; label: string; path: string; baudRate: number; terminator: 'auto' | 'cr' | 'none'; interByteTimeoutMs: number;
} {
  return {
    id: scannerId(s.path), label: `Scanner ${s.number} (${s.path})`.slice(0, 200), path: s.path,
    baudRate: s.baudRate, terminator: TERMINATOR[s.framing], interByteTimeoutMs: s.quietGapMs,
  };
}

/** Marks the configured scanners among the device statuses with their number (for "Scanner 2" and Remove). */
export function withScannerNumbers(devices: DeviceStatus[], configured: SerialScannerSetting[]): DeviceStatus[] {
  return devices.map((d) => {
    const c = configured.find((s) => scannerId(s.path) === d.id);
    return c ? { ...d, configured: { number: c.number, baudRate: c.baudRate } } : d;
  });
}
