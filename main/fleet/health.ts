// The kiosk's health as the fleet sees it: versions, trust and rules, colour list age, devices, faults, last scan.
// Built from KioskState, field by field: device ids (paths, camera ids), the venue code and settings stay home.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KioskState } from '../api/state.ts';
import { projectRoot } from '../paths.ts';
import type { HealthMessage } from './messages.ts';

let version: string | null = null;
export function appVersion(): string {
  if (version === null) {
    try {
      version = String((JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown').slice(0, 40);
    } catch {
      version = 'unknown';
    }
  }
  return version;
}

/** to the minute: when the door was last used is fleet information, the exact second of one entrant is not */
const minute = (ms: number): string => new Date(Math.floor(ms / 60_000) * 60_000).toISOString();

export function healthOf(s: KioskState, now: number, config: HealthMessage['config']): HealthMessage {
  const last = Math.max(0, ...s.devices.map((d) => d.lastScanAt ?? 0));
  return {
    v: 1,
    at: new Date(now).toISOString(),
    appVersion: appVersion(),
    shell: s.shell,
    trust: { demo: s.demoTrust },
    ruleProfile: { id: s.ruleProfile.id.slice(0, 80), pinned: s.ruleProfile.pinned },
    statusList: {
      loaded: s.statusList.loaded,
      ...(s.statusList.version !== undefined ? { version: s.statusList.version } : {}),
      ...(s.statusList.ageSeconds !== undefined ? { ageSeconds: Math.round(s.statusList.ageSeconds) } : {}),
      stale: s.statusList.stale,
    },
    devices: s.devices.slice(0, 50).map((d) => ({ kind: d.kind, label: d.label.slice(0, 200), state: d.state })),
    faults: s.faults.slice(0, 20),
    ...(last > 0 ? { lastScanAt: minute(last) } : {}),
    utcOffsetMinutes: -new Date(now).getTimezoneOffset(),
    config,
  };
}
