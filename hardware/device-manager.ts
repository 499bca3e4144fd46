// Finds, opens and watches every scanner: configured serial ports, configured HID devices, and (autoDetect)
// HID POS interfaces and serial ports of known scanner vendors. Enumeration runs on a timer, which is how
// hot-plug and unplug are seen (node-hid has no events). Each driver is independent: one device's garbage,
// flood or failure never reaches another.
import { HidScanner, type HidMode } from './hid-scanner.ts';
import { HID_POS_USAGE_PAGE } from './hid-pos-decoder.ts';
import { hex4, scannerVendor } from './known-scanners.ts';
import { nodeHidApi } from './node-hid-api.ts';
import { listSerialPorts } from './serial-list.ts';
import { listWhenTtysChange } from './serial-watch.ts';
import { SerialScanner } from './serial-scanner.ts';
import {
  errorText,
  type DeviceStatus,
  type DriverEvents,
  type HidApi,
  type HidDeviceInfo,
  type Scan,
  type SerialConfig,
  type SerialPortInfo,
} from './types.ts';

export interface DeviceManagerOptions {
  serial?: SerialConfig[];
  hid?: { vendorId: number; productId: number }[];
  autoDetect?: boolean;
  onScan: (scan: Scan) => void;
  onStatus: (devices: DeviceStatus[]) => void;
  /** the node-hid boundary; tests pass a recording player */
  hidApi?: HidApi;
  /** serial enumeration for autoDetect (default: serial-list.ts, which survives EMFILE) */
  serialList?: () => Promise<SerialPortInfo[]>;
  /** how often devices are enumerated (ms) */
  pollMs?: number;
  /** the full serial listing's longest gap while the ttys stay the same (serial-watch.ts; default 30 s) */
  serialRelistMs?: number;
  /** serial paths autoDetect must leave alone (the door relay's port) */
  ignorePaths?: string[];
}

export interface DeviceManager {
  start(): Promise<void>;
  stop(): Promise<void>;
  devices(): DeviceStatus[];
  /** a serial scanner configured at run time (the operator's Devices screen); replaces one on the same path */
  addSerial(cfg: SerialConfig & { id?: string; label?: string }): Promise<void>;
  removeSerial(path: string): Promise<void>;
}

/** HID POS interfaces (usage page 0x8C) and boot keyboards (page 1, usage 6); anything else is not a scanner. */
export function hidModeOf(info: HidDeviceInfo): HidMode | undefined {
  if (info.usagePage === HID_POS_USAGE_PAGE) return 'pos';
  if (info.usagePage === 0x01 && info.usage === 0x06) return 'keyboard';
  return undefined;
}

/** Stable across replugs when the scanner reports a serial number; otherwise tied to the port it sits in. */
export function hidDeviceId(info: HidDeviceInfo): string {
  const where = info.serialNumber ? `sn-${info.serialNumber}` : info.path;
  return `hid:${hex4(info.vendorId)}:${hex4(info.productId)}:${info.interface ?? 0}:${where}`.slice(0, 200);
}

function hidLabel(info: HidDeviceInfo, mode: HidMode): string {
  const name = info.product || scannerVendor(info.vendorId) || 'HID scanner';
  return `${name} (${mode === 'pos' ? 'HID POS' : 'keyboard mode'}, ${hex4(info.vendorId)}:${hex4(info.productId)})`.slice(0, 200);
}

export function createDeviceManager(opts: DeviceManagerOptions): DeviceManager {
  const hidApi = opts.hidApi ?? nodeHidApi();
  // polled every second: the full (udevadm) listing only when the kernel's ttys change (serial-watch.ts)
  const serialList = opts.serialList ?? listWhenTtysChange(listSerialPorts, opts.serialRelistMs ? { refreshMs: opts.serialRelistMs } : {});
  const pollMs = opts.pollMs ?? 1000;
  const serialDrivers = new Map<string, SerialScanner>();
  const hidDrivers = new Map<string, HidScanner>();
  /** configured HID devices not (yet) seen: shown so that the operator knows what is missing */
  const placeholders = new Map<string, DeviceStatus>();
  let running = false;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let polling: Promise<void> | undefined;
  let statusQueued = false;
  /** a device search that failed (out of file descriptors, udevadm missing): shown until the next one works */
  const searchFaults = new Map<string, DeviceStatus>();

  const all = (): DeviceStatus[] => [
    ...[...serialDrivers.values()].map((d) => d.status()),
    ...[...hidDrivers.values()].map((d) => d.status()),
    ...placeholders.values(),
    ...searchFaults.values(),
  ];

  const searchFailed = (what: 'serial' | 'hid', e: unknown): void => {
    const id = `search:${what}`;
    const label = what === 'serial' ? 'Serial scanner search' : 'HID scanner search';
    const error = `cannot list devices: ${errorText(e)}`.slice(0, 500);
    if (searchFaults.get(id)?.error === error) return;
    searchFaults.set(id, { id, kind: what === 'serial' ? 'serial' : 'hid-pos', label, state: 'error', error });
    publish();
  };
  const searchWorked = (what: 'serial' | 'hid'): void => {
    if (searchFaults.delete(`search:${what}`)) publish();
  };

  const publish = (): void => {
    if (statusQueued) return;
    statusQueued = true;
    // many driver updates in one tick become one message to the operator screen
    queueMicrotask(() => {
      statusQueued = false;
      try {
        opts.onStatus(all());
      } catch {
        /* a failing listener must not stop the devices */
      }
    });
  };

  const events: DriverEvents = {
    scan(scan) {
      try {
        opts.onScan(scan);
      } catch {
        /* the core reports its own errors; a throw here must not reach a driver */
      }
    },
    status: () => publish(),
  };

  const configuredPaths = new Set([...(opts.serial ?? []).map((s) => s.path), ...(opts.ignorePaths ?? [])]);
  for (const cfg of opts.serial ?? []) {
    const d = new SerialScanner({ ...cfg, events });
    serialDrivers.set(d.id, d);
  }
  const wanted = opts.hid ?? [];
  for (const w of wanted) {
    const id = `hid:${hex4(w.vendorId)}:${hex4(w.productId)}`;
    placeholders.set(id, { id, kind: 'hid-pos', label: `HID ${hex4(w.vendorId)}:${hex4(w.productId)}`, state: 'disconnected', error: 'not present' });
  }

  async function pollHid(): Promise<void> {
    if (wanted.length === 0 && !opts.autoDetect) return;
    let list: HidDeviceInfo[];
    try {
      list = await hidApi.devices();
    } catch (e) {
      for (const [id, p] of placeholders) placeholders.set(id, { ...p, state: 'error', error: `HID unavailable: ${errorText(e)}` });
      if (opts.autoDetect) searchFailed('hid', e);
      publish();
      return;
    }
    searchWorked('hid');
    const present = new Set(list.map((d) => d.path));
    for (const d of hidDrivers.values()) {
      const p = d.openPath();
      if (p !== undefined && !present.has(p)) await d.lost('device disconnected');
    }
    const seenConfigured = new Set<string>();
    for (const info of list) {
      const configured = wanted.find((w) => w.vendorId === info.vendorId && w.productId === info.productId);
      let mode = hidModeOf(info);
      // without a usage page (some backends), a configured device is taken as HID POS: its decoder ignores other reports
      if (!mode && configured && info.usagePage === undefined) mode = 'pos';
      if (!mode) continue;
      if (!configured && !(opts.autoDetect && mode === 'pos')) continue;
      if (configured) seenConfigured.add(`hid:${hex4(configured.vendorId)}:${hex4(configured.productId)}`);
      const id = hidDeviceId(info);
      let d = hidDrivers.get(id);
      if (!d && !info.serialNumber) {
        // without a serial number the id follows the USB port: a scanner replugged elsewhere replaces its old entry
        const prefix = `hid:${hex4(info.vendorId)}:${hex4(info.productId)}:${info.interface ?? 0}:`;
        for (const [oldId, old] of hidDrivers) {
          if (oldId.startsWith(prefix) && !old.isOpen() && !present.has(oldId.slice(prefix.length))) hidDrivers.delete(oldId);
        }
      }
      if (!d) {
        d = new HidScanner({ api: hidApi, mode, id, label: hidLabel(info, mode), events });
        hidDrivers.set(id, d);
      }
      if (!d.isOpen() && running) await d.open(info);
    }
    let changed = false;
    for (const id of seenConfigured) changed = placeholders.delete(id) || changed;
    if (changed) publish();
  }

  async function pollSerial(): Promise<void> {
    if (!opts.autoDetect) return;
    let ports: SerialPortInfo[];
    try {
      ports = await serialList();
    } catch (e) {
      searchFailed('serial', e);
      return;
    }
    searchWorked('serial');
    for (const p of ports) {
      const vid = p.vendorId ? parseInt(p.vendorId, 16) : NaN;
      if (Number.isNaN(vid) || !scannerVendor(vid) || configuredPaths.has(p.path)) continue;
      const id = `serial:${p.path}`;
      if (serialDrivers.has(id)) continue;
      const d = new SerialScanner({ path: p.path, events, label: `${scannerVendor(vid)} serial ${p.path}` });
      serialDrivers.set(id, d);
      if (running) d.start();
    }
  }

  async function poll(): Promise<void> {
    try {
      await pollHid();
      await pollSerial();
    } catch {
      /* enumeration problems are retried on the next tick */
    }
  }

  function schedule(): void {
    if (!running) return;
    pollTimer = setTimeout(() => {
      polling = poll().finally(() => {
        polling = undefined;
        schedule();
      });
    }, pollMs);
    pollTimer.unref?.();
  }

  return {
    async start() {
      if (running) return;
      running = true;
      for (const d of serialDrivers.values()) d.start();
      polling = poll();
      await polling;
      polling = undefined;
      publish();
      schedule();
    },
    async stop() {
      running = false;
      if (pollTimer) clearTimeout(pollTimer);
      pollTimer = undefined;
      if (polling) await polling;
      await Promise.all([...serialDrivers.values(), ...hidDrivers.values()].map((d) => d.stop()));
      publish();
    },
    devices: all,
    async addSerial(cfg) {
      await this.removeSerial(cfg.path);
      // an auto-detected driver may hold the port already: the configured one takes it over
      const auto = serialDrivers.get(`serial:${cfg.path}`);
      if (auto) { serialDrivers.delete(auto.id); await auto.stop(); }
      configuredPaths.add(cfg.path);
      const d = new SerialScanner({ ...cfg, events });
      serialDrivers.set(d.id, d);
      if (running) d.start();
      publish();
    },
    async removeSerial(path) {
      for (const [id, d] of serialDrivers) {
        if (d.path !== path) continue;
        serialDrivers.delete(id);
        await d.stop();
      }
      configuredPaths.delete(path);
      publish();
    },
  };
}
