// One open HID interface of a scanner, in HID POS or keyboard mode. The device manager finds interfaces and
// calls open(); when the device errors (unplugged) this driver drops any half-read scan and reports it gone;
// the manager reopens it when enumeration shows it again.
import { FloodGuard } from './flood-guard.ts';
import { HidKeyboardDecoder } from './hid-keyboard-decoder.ts';
import { HidPosDecoder } from './hid-pos-decoder.ts';
import { hidPosEnableReport } from './known-scanners.ts';
import { errorText, type DeviceStatus, type Driver, type DriverEvents, type HidApi, type HidDeviceInfo, type HidHandle } from './types.ts';
import { patchStatus } from './status-patch.ts';

export type HidMode = 'pos' | 'keyboard';

export interface HidScannerOptions {
  api: HidApi;
  mode: HidMode;
  id: string;
  label: string;
  events: DriverEvents;
  maxLength?: number;
  /** keyboard mode without a terminator: this pause ends the scan */
  keyboardGapMs?: number;
}

export class HidScanner implements Driver {
  readonly id: string;
  private handle: HidHandle | undefined;
  private info: HidDeviceInfo | undefined;
  private readonly pos: HidPosDecoder;
  private readonly kbd: HidKeyboardDecoder;
  private readonly flood = new FloodGuard();
  private gapTimer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private opening = false;
  private st: DeviceStatus;

  constructor(private readonly opts: HidScannerOptions) {
    this.id = opts.id;
    this.pos = new HidPosDecoder(opts.maxLength ?? 8192);
    this.kbd = new HidKeyboardDecoder(opts.maxLength ?? 8192);
    this.st = { id: opts.id, kind: opts.mode === 'pos' ? 'hid-pos' : 'hid-keyboard', label: opts.label, state: 'disconnected' };
  }

  status(): DeviceStatus {
    return { ...this.st };
  }

  /** the enumeration entry currently open, if any */
  openPath(): string | undefined {
    return this.handle ? this.info?.path : undefined;
  }

  isOpen(): boolean {
    return this.handle !== undefined || this.opening;
  }

  start(): void {
    /* opened by the manager through open(info) */
  }

  async open(info: HidDeviceInfo): Promise<void> {
    if (this.handle || this.opening) return;
    this.opening = true;
    const gen = ++this.generation;
    this.setStatus({ state: 'connecting' });
    let handle: HidHandle;
    try {
      handle = await this.opts.api.open(info.path);
    } catch (e) {
      this.opening = false;
      const msg = errorText(e);
      const permission = /EACCES|permission|cannot open device/i.test(msg);
      this.setStatus({
        state: 'error',
        error: permission ? `cannot open ${info.path}: permission denied, see docs/hardware.md (udev rule)` : msg,
      });
      return;
    }
    this.opening = false;
    if (gen !== this.generation) {
      await handle.close().catch(() => {});
      return;
    }
    this.handle = handle;
    this.info = info;
    this.pos.clear();
    this.kbd.reset();
    handle.on('data', (report: Buffer) => {
      if (gen === this.generation) this.onReport(report);
    });
    handle.on('error', (err: Error) => {
      if (gen === this.generation) void this.lost(errorText(err));
    });
    const enable = this.opts.mode === 'pos' ? hidPosEnableReport(info.vendorId) : undefined;
    if (enable) await handle.sendFeatureReport(enable).catch(() => 0);
    this.setStatus({ state: 'connected', error: undefined });
  }

  /** The device went away (read error, or no longer enumerated). */
  async lost(why = 'device disconnected'): Promise<void> {
    if (!this.handle) return;
    await this.closeHandle();
    this.setStatus({ state: 'disconnected', error: why });
  }

  async stop(): Promise<void> {
    await this.closeHandle();
    this.setStatus({ state: 'disconnected', error: undefined });
  }

  private async closeHandle(): Promise<void> {
    this.generation++;
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = undefined;
    // an unfinished scan is dropped: half a pass is worse than none
    this.pos.clear();
    this.kbd.reset();
    const h = this.handle;
    this.handle = undefined;
    if (!h) return;
    await Promise.race([h.close().catch(() => {}), new Promise((r) => setTimeout(r, 1000).unref?.())]);
  }

  private setStatus(patch: Partial<DeviceStatus>): void {
    this.st = patchStatus(this.st, patch);
    try {
      this.opts.events.status(this.status());
    } catch {
      /* listener failures stay with the listener */
    }
  }

  private onReport(report: Buffer): void {
    const at = Date.now();
    if (this.opts.mode === 'pos') {
      const r = this.pos.push(report, at);
      if (r.kind === 'scan') this.emit(r.text, at);
      else if (r.kind === 'dropped') this.setStatus({ error: `scan dropped (${r.reason})` });
      return;
    }
    const r = this.kbd.push(report);
    if (r.kind === 'scan') this.emit(r.text, at);
    else if (r.kind === 'dropped') this.setStatus({ error: `scan dropped (${r.reason})` });
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = undefined;
    if (this.kbd.pending()) {
      const gen = this.generation;
      this.gapTimer = setTimeout(() => {
        this.gapTimer = undefined;
        if (gen !== this.generation) return;
        const end = this.kbd.end();
        if (end.kind === 'scan') this.emit(end.text, Date.now());
      }, this.opts.keyboardGapMs ?? 200);
      this.gapTimer.unref?.();
    }
  }

  private emit(text: string, at: number): void {
    if (!this.flood.take()) {
      this.setStatus({ error: 'too many scans per second: some dropped' });
      return;
    }
    this.setStatus({ lastScanAt: at, error: undefined });
    try {
      this.opts.events.scan({ text, source: this.opts.mode === 'pos' ? 'hid-pos' : 'hid-keyboard', deviceId: this.id, at });
    } catch {
      /* see setStatus */
    }
  }
}
