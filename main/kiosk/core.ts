// The kiosk core: one object both shells host. Scan -> verify -> colour -> verdict -> count -> event.
// Everything personal stays inside submitScan's stack frame and the verdict event sent to the screen.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { encodeEvent } from '../api/dispatch.ts';
import type { EventEnvelope } from '../api/contract.ts';
import type { DeviceStatus, GroupState, KioskState, Settings, Venue, VerdictEvent } from '../api/state.ts';
import type { Verdict } from '../api/verdict.ts';
import { configPathFor, loadConfig, loadDefaults, mergeSettings, writeConfig, type ConfigFile } from '../settings/config.ts';
import { checkPin, hashPin } from '../settings/pin-hash.ts';
import { PinThrottle } from '../settings/pin-throttle.ts';
import { openStatsStore } from '../stats/index.ts';
import { createColourResolver } from '../status/index.ts';
import { statusListLimits } from '../status/limits.ts';
import { decodeVenueCode } from '../venue/hken.ts';
import { DEMO_VENUE_CODE } from '../venue/demo.ts';
import { renderPosterPdf } from '../venue/poster.ts';
import { typeLabel } from '../venue/poster-text.ts';
import { listPrinters as cupsPrinters, printPdf as cupsPrint } from '../venue/print.ts';
import { prepareEuDcc } from '../verify/eudcc/index.ts';
import { ShcChunkCollector } from '../verify/shc/chunk-collector.ts';
import type { SignatureVerifier } from '../verify/types.ts';
import { decide } from './decide.ts';
import { RecentScans } from './dedupe.ts';
import { Group } from './group.ts';
import { createLogger, type Logger } from './log.ts';
import { nodeSignatureVerifier } from './node-verifier.ts';
import type { ColourResolver, Scan, StatsStore } from './ports.ts';
import { loadRules, loadTrust, managedTrustFiles, type LoadedTrust } from './trust-and-rules.ts';
import type { CoreContext } from './core-context.ts';
import { PinJudge } from './pin-login.ts';
import { openSession, type Session } from './session.ts';
import { attentionItems } from './attention.ts';
import type { DeviceControl } from './device-control.ts';

export type { Session } from './session.ts';

export interface PosterJob {
  venue: Venue;
  size: 'a4' | 'a5';
  date: Date;
}

/** Printing differs by shell: CUPS `lp` with the PDF (standalone), webContents.print of the HTML poster (Electron). */
export interface Printer {
  listPrinters(): Promise<{ name: string; isDefault: boolean }[]>;
  printPoster(job: PosterJob, printer?: string): Promise<{ ok: boolean; error?: string }>;
}

const cupsPrinter: Printer = {
  listPrinters: cupsPrinters,
  async printPoster(job, printer) {
    return cupsPrint(await renderPosterPdf(job.venue, { size: job.size, date: job.date }), printer);
  },
};

export interface CoreOptions {
  dataDir: string;
  shell: 'electron' | 'standalone' | 'cli';
  /** config file (default <dataDir>/config.json) */
  configFile?: string;
  /** trust store files; default: the config's, else the embedded demo store */
  trustFiles?: string[];
  /** offline status lists to load at start (besides those synced into the data dir) */
  statusListFiles?: string[];
  clock?: () => number;
  log?: Logger;
  /** injected parts, for tests and the shells */
  stats?: StatsStore;
  colour?: ColourResolver;
  verifier?: SignatureVerifier;
  printer?: Printer;
  /** the door relay: once per admitted single scan, once per admitted group (when it ends); never otherwise */
  onAdmit?: (v: Verdict | null) => void;
  onExit?: () => void;
  /** first lock after five wrong PINs (grows from there); tests shorten it */
  pinLockBaseMs?: number;
  /** the shell's own file chooser (Electron's dialog), for a colour list on a medium the kiosk does not search */
  pickListFile?: () => Promise<string | null>;
  /** the shell's hardware: scanners added on the Devices screen, the relay test */
  devices?: DeviceControl;
  /** the monotonic clock PIN locks run on (default performance.now); tests drive it */
  pinClock?: () => number;
}

export interface KioskCore {
  submitScan(scan: Scan): Promise<VerdictEvent>;
  state(): KioskState;
  /** one session per connected screen (operator login is per session) */
  openSession(): Session;
  onEvent(listener: (e: EventEnvelope) => void): () => void;
  setDevices(devices: DeviceStatus[]): void;
  /** the fleet connection's state for the operator screen (main/fleet); null when not enrolled */
  setFleet(fleet: KioskState['fleet'] | null): void;
  /**
   * Loads the trust stores and rules again through the start-up loaders (the fleet delivered new ones); throws,
   * keeping the ones in use, when they cannot be loaded.
   */
  reloadTrustAndRules(): Promise<void>;
  close(): Promise<void>;
}

const ADMITTING = new Set(['valid', 'exempt']);
const SAVE_FAULT = 'The configuration could not be saved (disk full or read-only?); the previous file is kept.';

export async function createKioskCore(opts: CoreOptions): Promise<KioskCore> {
  const clock = opts.clock ?? Date.now;
  const log = opts.log ?? createLogger(opts.dataDir);
  mkdirSync(opts.dataDir, { recursive: true });
  const configFile = opts.configFile ?? configPathFor(opts.dataDir);
  const defaults = loadDefaults();
  // a damaged file never stops the door: the last good copy or the defaults, and the fault on the operator screen
  const loaded = loadConfig(configFile);
  let config: ConfigFile = loaded.config;
  let settings: Settings = mergeSettings(defaults.settings, config.settings);
  const faults = new Set<string>(loaded.faults);

  // the fleet's trust stores (checked and signed) replace the configured ones while the fleet manages them
  const trustFiles = () => managedTrustFiles(opts.dataDir) ?? (opts.trustFiles?.length ? opts.trustFiles : config.trust ?? []);
  const trust: LoadedTrust = loadTrust(trustFiles());
  let rules = loadRules(settings.ruleProfile, opts.dataDir);

  let venue: Venue = venueFrom(config.venueCode) ?? venueFrom(DEMO_VENUE_CODE)!;
  if (config.venueCode && venue.code !== config.venueCode) faults.add('The configured venue code could not be read; showing the demo venue.');

  const stats = opts.stats ?? openStatsStore({ dataDir: opts.dataDir, retentionDays: settings.retentionDays, now: clock, commitMs: 100 });
  const makeResolver = (s: Settings) => createColourResolver({
    trust: trust.store,
    listFiles: opts.statusListFiles ?? [],
    dataDir: opts.dataDir,
    listUrl: s.statusSync.listUrl,
    lookupUrl: s.statusSync.lookupUrl,
    syncIntervalMinutes: s.statusSync.intervalMinutes,
    ...statusListLimits(s.statusSync),
    now: () => new Date(clock()),
  });
  let colour: ColourResolver = opts.colour ?? (await makeResolver(settings));
  const crypto = opts.verifier ?? nodeSignatureVerifier;
  const printer: Printer = opts.printer ?? cupsPrinter;

  // First start: the demo PIN, stored only as a hash. The README tells the operator to change it. A kiosk that
  // lost its PIN hash (loaded.pinLost) never falls back to the demo PIN: it stays locked until `kiosk reset-pin`.
  const demoPin = { pin: defaults.demoPin, inUse: true };
  if (!config.pinHash && !loaded.pinLost) {
    config = { ...config, pinHash: await hashPin(defaults.demoPin) };
    saveConfig();
  } else {
    if (loaded.faults.length) saveConfig(); // the recovered config (and a lost PIN's lock) survives a restart
    demoPin.inUse = config.pinHash ? await checkPin(defaults.demoPin, config.pinHash) : false;
  }
  const throttle = new PinThrottle(join(opts.dataDir, 'operator-lock.json'), opts.pinLockBaseMs, undefined, opts.pinClock, clock);
  const pinJudge = new PinJudge(throttle);

  const recent = new RecentScans();
  const shcChunks = new ShcChunkCollector();
  // compile the EU DCC payload schemas off the first scan's path
  setTimeout(() => { try { prepareEuDcc(); } catch (e) { log.warn(`EU DCC schemas: ${(e as Error).message}`); } }, 0).unref?.();
  const group = new Group();
  const listeners = new Set<(e: EventEnvelope) => void>();
  const sessions = new Set<{ operator: boolean; lastActive: number }>();
  let hardwareDevices: DeviceStatus[] = [];
  const rendererDevices = new Map<string, DeviceStatus>();
  let seq = 0;
  let fleet: KioskState['fleet'] | null = null;

  function venueFrom(code: string | undefined): Venue | null {
    if (!code) return null;
    const d = decodeVenueCode(code);
    if (!d.ok) return null;
    const v = { nameZh: d.venue.nameZh, nameEn: d.venue.nameEn, type: d.venue.type, code };
    return { ...v, typeLabel: typeLabel(v), demo: code === DEMO_VENUE_CODE };
  }

  function saveConfig(): boolean {
    try {
      writeConfig(configFile, config);
      faults.delete(SAVE_FAULT);
      return true;
    } catch (e) {
      log.error(`cannot write the configuration: ${(e as Error).message}`);
      faults.add(SAVE_FAULT);
      return false;
    }
  }

  function emit<E extends EventEnvelope['event']>(event: E, data: Parameters<typeof encodeEvent<E>>[1]): void {
    let env: EventEnvelope;
    try {
      env = encodeEvent(event, data);
    } catch (e) {
      log.error((e as Error).message);
      return;
    }
    for (const l of listeners) {
      try { l(env); } catch (e) { log.error(`event listener failed: ${(e as Error).message}`); }
    }
  }

  function devices(): DeviceStatus[] {
    return [...hardwareDevices, ...rendererDevices.values()];
  }

  function state(): KioskState {
    const now = clock();
    const statsFault = stats.fault();
    const list = colour.info(new Date(now));
    return {
      ready: true,
      shell: opts.shell === 'electron' ? 'electron' : 'standalone',
      venue,
      demoTrust: trust.demo,
      ruleProfile: { id: rules.id, label: rules.label, pinned: rules.pinned },
      devices: devices(),
      statusList: list,
      operator: { loggedIn: false, ...(throttle.retryAfter() ? { lockedForMs: throttle.retryAfter() } : {}) },
      settings,
      group: group.state(),
      faults: [...faults, ...(statsFault ? [statsFault] : []), ...trust.warnings, ...(rules.warning ? [rules.warning] : [])],
      attention: attentionItems({ devices: devices(), list, demoPin: demoPin.inUse, now }),
      ...(fleet ? { fleet } : {}),
    };
  }

  const pushState = () => emit('state', state());

  /** A multi-part SMART Health Card (shc:/C/N/...) arrives one part per scan; not a verdict until complete. */
  function partialCard(scan: Scan, have: number, total: number): VerdictEvent {
    const verdict: Verdict = {
      outcome: 'not-applicable', credential: 'shc', reasons: ['shc-chunk-partial'], stages: { prefix: true },
      display: { recordType: `SMART Health Card ${have}/${total}` }, demo: false,
    };
    const ev: VerdictEvent = { seq: ++seq, verdict, source: scan.source, deviceId: scan.deviceId.slice(0, 200), at: scan.at };
    emit('verdict', ev);
    return ev;
  }

  function openDoor(v: Verdict | null): void {
    if (!opts.onAdmit) return;
    try { opts.onAdmit(v); } catch (e) { log.warn(`door relay failed: ${(e as Error).message}`); }
  }

  /** Ends group mode; an admitted group (every member admitted) opens the door once. */
  function endGroup(): GroupState {
    const admitted = group.state().admitted;
    const g = group.end();
    if (admitted) openDoor(null);
    return g;
  }

  async function submitScan(scan: Scan): Promise<VerdictEvent> {
    if (scan.text.length < 16384 && /^\s*shc:\/\d+\/\d+\//.test(scan.text)) {
      const c = shcChunks.add(scan.text, scan.at);
      if (c.status === 'partial') return partialCard(scan, c.have, c.total);
      if (c.status === 'complete') scan = { ...scan, text: c.text };
    }
    const verdict = await decide(scan.text, {
      now: new Date(scan.at), venue: settings.venueCheck, trust: trust.store, rules: rules.profile, crypto,
      colour, unknownColourPolicy: settings.unknownColourPolicy,
      onError: (e) => log.error(`pipeline error: ${(e as Error)?.name ?? 'unknown'}`),
    });
    const counted = !recent.seenRecently(scan.text, scan.at);
    const g = group.isActive() ? group.add(verdict, scan.text) : undefined;
    const hw = hardwareDevices.find((d) => d.id === scan.deviceId);
    if (hw) hw.lastScanAt = scan.at;
    const ev: VerdictEvent = {
      seq: ++seq, verdict, source: scan.source, deviceId: scan.deviceId.slice(0, 200), at: scan.at,
      ...(g ? { group: g.state, groupEntry: g.entry } : {}),
    };
    // the entrant and the guard wait for the screen, not for the disk: show first, then open the door, then count
    emit('verdict', ev);
    // in group mode the door opens once, when an admitted group ends (endGroup), never per member
    if (!g && ADMITTING.has(verdict.outcome)) openDoor(verdict);
    if (counted) stats.record({ outcome: verdict.outcome, credential: verdict.credential, source: scan.source, at: scan.at });
    return ev;
  }

  const k: CoreContext = {
    opts, clock, log, stats, throttle, pinJudge, group, printer, rendererDevices, sessions, trust, demoPin,
    get config() { return config; }, set config(v) { config = v; },
    get settings() { return settings; }, set settings(v) { settings = v; },
    get rules() { return rules; }, set rules(v) { rules = v; },
    get colour() { return colour; }, set colour(v) { colour = v; },
    get venue() { return venue; }, set venue(v) { venue = v; },
    state, devices, saveConfig, pushState, emit, submitScan, endGroup, makeResolver, venueFrom,
  };

  log.info(`kiosk core started (${opts.shell}); trust: ${trust.demo ? 'DEMO keys' : 'configured keys'}; rules: ${rules.id}`);

  return {
    submitScan,
    state,
    openSession: () => openSession(k),
    onEvent(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    setDevices(d) {
      const was = hardwareDevices.map((x) => `${x.id}=${x.state === 'connected'}`).join('|');
      hardwareDevices = d.map((x) => ({ ...x, ...(hardwareDevices.find((h) => h.id === x.id)?.lastScanAt ? { lastScanAt: hardwareDevices.find((h) => h.id === x.id)!.lastScanAt } : {}) }));
      emit('devices', devices());
      // a device coming or going changes "Needs attention", which travels in the state
      if (hardwareDevices.map((x) => `${x.id}=${x.state === 'connected'}`).join('|') !== was) pushState();
    },
    setFleet(f) {
      fleet = f;
      pushState();
    },
    async reloadTrustAndRules() {
      const nextTrust = loadTrust(trustFiles());
      const nextRules = loadRules(settings.ruleProfile, opts.dataDir);
      // in place: every reader of trust.store sees the new store from the next scan on
      Object.assign(trust, nextTrust);
      rules = nextRules;
      // the colour resolver checks list signatures against the trust store it was built with
      if (!opts.colour) {
        const old = colour;
        colour = await makeResolver(settings);
        old.close();
      }
      pushState();
    },
    async close() {
      colour.close();
      stats.close();
    },
  };
}
