// Shared by the fault-injection tests: the real kiosk core on a temp data dir, a movable clock, a quiet logger,
// and a read-only look at the counts the core wrote (the same SQLite file, opened afresh).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StatsRow } from '../../main/api/state.ts';
import { createKioskCore, type CoreOptions, type KioskCore } from '../../main/kiosk/core.ts';
import { openStatsStore } from '../../main/stats/index.ts';

export const quietLog = { info() {}, warn() {}, error() {} };

/** Inside the final rule stage (from 30 Nov 2022), 12:00 Hong Kong time. */
export const NOON_HK = Date.parse('2022-12-05T04:00:00Z');
export const HOUR = 3_600_000;

export class Clock {
  constructor(public t: number = NOON_HK) {}
  now = (): number => this.t;
  jump(ms: number): void { this.t += ms; }
}

export function tempDataDir(prefix = 'kiosk-faults-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeSettings(dataDir: string, settings: Record<string, unknown>): void {
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ settings }, null, 2));
}

export function openCore(dataDir: string, clock: Clock, extra: Partial<CoreOptions> = {}): Promise<KioskCore> {
  return createKioskCore({ dataDir, shell: 'cli', clock: clock.now, log: quietLog, ...extra });
}

/** Hourly rows as the operator would export them, read from the file by a separate read-only store. */
export function hourlyRows(dataDir: string): StatsRow[] {
  const s = openStatsStore({ dataDir, readOnly: true });
  try {
    return s.query({ granularity: 'hour' });
  } finally {
    s.close();
  }
}

export const total = (rows: StatsRow[], pred: (r: StatsRow) => boolean = () => true): number =>
  rows.filter(pred).reduce((a, r) => a + r.count, 0);

const pad = (n: number): string => String(n).padStart(2, '0');
/** The hour bucket a scan at `ms` belongs in: the kiosk's local hour, 'YYYY-MM-DDTHH:00'. */
export function localHour(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:00`;
}
