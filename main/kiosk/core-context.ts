// What a screen's session (session.ts) may read and change of the core. The core builds one of these over its
// own state, so that the pipeline and the request table live in separate files without a second copy of state.
import type { EventEnvelope } from '../api/contract.ts';
import type { encodeEvent } from '../api/dispatch.ts';
import type { DeviceStatus, GroupState, KioskState, Settings, Venue, VerdictEvent } from '../api/state.ts';
import type { ConfigFile } from '../settings/config.ts';
import type { PinThrottle } from '../settings/pin-throttle.ts';
import type { CoreOptions, Printer } from './core.ts';
import type { Group } from './group.ts';
import type { Logger } from './log.ts';
import type { PinJudge } from './pin-login.ts';
import type { ColourResolver, Scan, StatsStore } from './ports.ts';
import type { LoadedRules, LoadedTrust } from './trust-and-rules.ts';

export interface CoreContext {
  readonly opts: CoreOptions;
  readonly clock: () => number;
  readonly log: Logger;
  readonly stats: StatsStore;
  readonly throttle: PinThrottle;
  /** the kiosk-wide, one-at-a-time judge of operator PINs */
  readonly pinJudge: PinJudge;
  readonly group: Group;
  readonly printer: Printer;
  /** devices the screens report (camera, keyboard wedge), by id */
  readonly rendererDevices: Map<string, DeviceStatus>;
  readonly sessions: Set<{ operator: boolean; lastActive: number }>;
  readonly trust: LoadedTrust;
  /** the PIN shipped with the kiosk, and whether it still opens the operator screen */
  readonly demoPin: { readonly pin: string; inUse: boolean };
  config: ConfigFile;
  settings: Settings;
  rules: LoadedRules;
  colour: ColourResolver;
  venue: Venue;
  state(): KioskState;
  devices(): DeviceStatus[];
  /** false when the file could not be written (the fault is shown; the previous file is kept) */
  saveConfig(): boolean;
  pushState(): void;
  emit<E extends EventEnvelope['event']>(event: E, data: Parameters<typeof encodeEvent<E>>[1]): void;
  submitScan(scan: Scan): Promise<VerdictEvent>;
  /** ends group mode and opens the door once when the group was admitted */
  endGroup(): GroupState;
  makeResolver(s: Settings): Promise<ColourResolver>;
  venueFrom(code: string | undefined): Venue | null;
}
