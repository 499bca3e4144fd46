// A serial (RS-232 or USB CDC-ACM) scanner: open the port, frame lines, hand each as a Scan, and keep reopening.
// A USB scanner unplugged makes its device node vanish; a PTY's peer closing makes reads fail with EIO; a node
// can also come back as a different device behind the same symlink. All three are caught: by the read error,
// and by watching what the configured path resolves to.
import { realpath } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import { Backoff } from './backoff.ts';
import { FloodGuard } from './flood-guard.ts';
import { LineFramer, type DropReason } from './line-framer.ts';
import { printableText } from './text-guard.ts';
import { errorText, type DeviceStatus, type Driver, type DriverEvents, type SerialConfig } from './types.ts';
import { patchStatus } from './status-patch.ts';

export interface SerialScannerOptions extends SerialConfig {
  events: DriverEvents;
  id?: string;
  label?: string;
  /** how often the device path is checked while open */
  watchMs?: number;
}

export const SERIAL_DEFAULTS = { baudRate: 9600, terminator: 'cr', interByteTimeoutMs: 50, maxLength: 8192 } as const;

/** A quiet gap must be longer than a few characters' time at the port's speed (10 bits a character), or a slow
 * port would split one scan in two. */
export function effectiveGapMs(gapMs: number, baudRate: number): number {
  return Math.max(gapMs, Math.ceil((8 * 10_000) / baudRate));
}

const DROP_TEXT: Record<DropReason, string> = {
  'too-long': 'line longer than the limit dropped',
  noise: 'unreadable bytes dropped (check baud rate)',
  incomplete: 'incomplete line dropped',
};

export class SerialScanner implements Driver {
  readonly id: string;
  private readonly label: string;
  private readonly framer: LineFramer;
  private readonly backoff = new Backoff(100, 2000);
  private readonly flood = new FloodGuard();
  private port: SerialPort | undefined;
  private openedReal: string | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private watchTimer: ReturnType<typeof setInterval> | undefined;
  private running = false;
  /** bumps on every (re)open so that events of an old port are ignored */
  private generation = 0;
  private st: DeviceStatus;

  constructor(private readonly opts: SerialScannerOptions) {
    this.id = opts.id ?? `serial:${opts.path}`;
    this.label = opts.label ?? `Serial ${opts.path}`;
    this.framer = new LineFramer(
      {
        terminator: opts.terminator ?? SERIAL_DEFAULTS.terminator,
        interByteTimeoutMs: effectiveGapMs(opts.interByteTimeoutMs ?? SERIAL_DEFAULTS.interByteTimeoutMs, opts.baudRate ?? SERIAL_DEFAULTS.baudRate),
        maxLength: opts.maxLength ?? SERIAL_DEFAULTS.maxLength,
      },
      {
        line: (bytes) => this.onLine(bytes),
        drop: (reason) => this.setStatus({ error: DROP_TEXT[reason] }),
      },
    );
    this.st = { id: this.id, kind: 'serial', label: this.label, state: 'disconnected', since: Date.now(), framing: this.framing() };
  }

  /** Which framing is in use, for the Devices screen ('auto' says what it has found so far). */
  private framing(): NonNullable<DeviceStatus['framing']> {
    const t = this.opts.terminator ?? SERIAL_DEFAULTS.terminator;
    const quietGapMs = effectiveGapMs(this.opts.interByteTimeoutMs ?? SERIAL_DEFAULTS.interByteTimeoutMs, this.opts.baudRate ?? SERIAL_DEFAULTS.baudRate);
    return { mode: t === 'auto' ? 'auto' : t === 'none' ? 'quiet-gap' : 'terminator', active: this.framer.framing(), quietGapMs: Math.min(5000, quietGapMs) };
  }

  get path(): string {
    return this.opts.path;
  }

  status(): DeviceStatus {
    return { ...this.st };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.teardown();
    this.setStatus({ state: 'disconnected', error: undefined });
  }

  private setStatus(patch: Partial<DeviceStatus>): void {
    const wasConnected = this.st.state === 'connected';
    this.st = patchStatus(this.st, { ...patch, framing: this.framing() });
    // "disconnected since": the moment it stopped working, not each retry
    if (this.st.state === 'connected') delete this.st.since;
    else if (wasConnected || this.st.since === undefined) this.st.since = Date.now();
    try {
      this.opts.events.status(this.status());
    } catch {
      /* a listener's failure must not break the driver */
    }
  }

  private onLine(bytes: Buffer): void {
    const text = printableText(bytes);
    if (text === null) {
      this.setStatus({ error: DROP_TEXT.noise });
      return;
    }
    if (!this.flood.take()) {
      this.setStatus({ error: 'too many scans per second: some dropped' });
      return;
    }
    const at = Date.now();
    this.setStatus({ lastScanAt: at, error: undefined });
    try {
      this.opts.events.scan({ text, source: 'serial', deviceId: this.id, at });
    } catch {
      /* the manager guards its own listener; never let it unwind into the stream */
    }
  }

  private scheduleRetry(): void {
    if (!this.running || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, this.backoff.next());
    this.retryTimer.unref?.();
  }

  private async connect(): Promise<void> {
    if (!this.running || this.port) return;
    const gen = ++this.generation;
    let real: string;
    try {
      real = await realpath(this.opts.path);
    } catch {
      if (gen !== this.generation) return;
      this.setStatus({ state: 'disconnected', error: 'device not present' });
      this.scheduleRetry();
      return;
    }
    if (!this.running || gen !== this.generation) return;
    this.setStatus({ state: 'connecting' });
    const port = new SerialPort({
      path: this.opts.path,
      baudRate: this.opts.baudRate ?? SERIAL_DEFAULTS.baudRate,
      autoOpen: false,
    });
    this.port = port;
    port.on('data', (chunk: Buffer) => {
      if (gen === this.generation) this.framer.push(chunk);
    });
    port.on('error', (err: Error) => {
      if (gen === this.generation) void this.lost(gen, errorText(err));
    });
    port.on('close', () => {
      if (gen === this.generation) void this.lost(gen, 'device disconnected');
    });
    const err = await new Promise<Error | null>((resolve) => port.open((e) => resolve(e ?? null)));
    if (gen !== this.generation) return;
    if (err) {
      this.port = undefined;
      port.removeAllListeners();
      port.on('error', () => {});
      const permission = /EACCES|Permission denied/i.test(err.message);
      const locked = /lock|EBUSY|EAGAIN|temporarily unavailable/i.test(err.message);
      this.setStatus({
        state: permission || locked ? 'error' : 'disconnected',
        error: permission
          ? 'permission denied: see docs/hardware.md (udev rule or dialout group)'
          : locked
            ? 'port in use by another program (another kiosk or kiosk listen?)'
            : errorText(err),
      });
      this.scheduleRetry();
      return;
    }
    if (!this.running) {
      await this.teardown();
      return;
    }
    this.openedReal = real;
    this.backoff.reset();
    this.framer.reset();
    this.setStatus({ state: 'connected', error: undefined });
    this.watchTimer = setInterval(() => void this.watch(gen), this.opts.watchMs ?? 500);
    this.watchTimer.unref?.();
  }

  /** The path vanished or now names another device: the one we hold is gone. */
  private async watch(gen: number): Promise<void> {
    let real: string | undefined;
    try {
      real = await realpath(this.opts.path);
    } catch {
      real = undefined;
    }
    if (gen === this.generation && this.port && real !== this.openedReal) await this.lost(gen, 'device disconnected');
  }

  private async lost(gen: number, why: string): Promise<void> {
    if (gen !== this.generation || !this.port) return;
    this.generation++;
    await this.teardown();
    if (!this.running) return;
    this.setStatus({ state: 'disconnected', error: why });
    this.scheduleRetry();
  }

  private async teardown(): Promise<void> {
    this.generation++;
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = undefined;
    this.framer.reset();
    const port = this.port;
    this.port = undefined;
    this.openedReal = undefined;
    if (!port) return;
    port.removeAllListeners('data');
    port.removeAllListeners('close');
    port.removeAllListeners('error');
    port.on('error', () => {});
    if (port.isOpen) {
      // close() on a vanished device can stall; do not wait for it forever.
      await Promise.race([
        new Promise<void>((resolve) => port.close(() => resolve())),
        new Promise<void>((resolve) => setTimeout(resolve, 1000).unref?.()),
      ]);
    }
  }
}
