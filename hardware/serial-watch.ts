// The serial port listing on Linux spawns `udevadm info -e` and parses the whole udev database: ~76 ms of CPU
// here, and the device manager polls every second (8% of a core on an idle kiosk, measured). The kernel's tty
// devices are also named in /sys/class/tty, which takes microseconds to read. So the full listing runs only
// when that set changes, and every REFRESH_MS regardless, in case a scanner is swapped on the same port between
// two polls. A listing that fails is never kept: the next poll tries again.
import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { SerialPortInfo } from './types.ts';

export const REFRESH_MS = 30_000;
const TTY_CLASS = '/sys/class/tty';

/** Each tty the kernel has, with the device it sits on; null where there is no /sys (not Linux): list each time. */
export function ttyFingerprint(dir = TTY_CLASS): string | null {
  try {
    return readdirSync(dir).sort().map((name) => {
      try {
        return `${name}>${readlinkSync(join(dir, name))}`;
      } catch {
        return name;
      }
    }).join('\n');
  } catch {
    return null;
  }
}

export interface ListWhenChangedOptions {
  fingerprint?: () => string | null;
  refreshMs?: number;
  now?: () => number;
}

export function listWhenTtysChange(list: () => Promise<SerialPortInfo[]>, opts: ListWhenChangedOptions = {}): () => Promise<SerialPortInfo[]> {
  const fingerprint = opts.fingerprint ?? (() => ttyFingerprint());
  const refreshMs = opts.refreshMs ?? REFRESH_MS;
  const now = opts.now ?? Date.now;
  let kept: { fp: string; at: number; ports: SerialPortInfo[] } | null = null;
  return async () => {
    const fp = fingerprint();
    const t = now();
    if (fp !== null && kept && kept.fp === fp && t - kept.at < refreshMs) return kept.ports;
    kept = null;
    const ports = await list();
    if (fp !== null) kept = { fp, at: t, ports };
    return ports;
  };
}
