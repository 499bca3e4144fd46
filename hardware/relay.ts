// Door / turnstile relay on a USB serial relay board (LCUS-1 family, CH340 based, 9600 baud).
// Byte protocol: A0 <channel> <state> <checksum>, checksum = (A0 + channel + state) & 0xFF.
//   channel 1 on:  A0 01 01 A2     channel 1 off: A0 01 00 A1
// LCUS-2/4/8 boards take channels 2..8 the same way. pulse() closes the contact for pulseMs, then opens it.
// Failures never throw: they show up in the relay's status (onStatus), and the next pulse reopens the port.
import { SerialPort } from 'serialport';
import { errorText, type DeviceStatus } from './types.ts';

export interface RelayOptions {
  path: string;
  pulseMs: number;
  channel?: number;
  baudRate?: number;
  onStatus?: (s: DeviceStatus) => void;
}

export interface Relay {
  /** closes the contact for pulseMs; resolves when it is open again (or the attempt failed) */
  pulse(): Promise<void>;
  close(): Promise<void>;
  status(): DeviceStatus;
}

export function relayCommand(channel: number, on: boolean): Buffer {
  const state = on ? 1 : 0;
  return Buffer.from([0xa0, channel, state, (0xa0 + channel + state) & 0xff]);
}

const WRITE_TIMEOUT_MS = 1000;
/** pulses waiting behind the current one; more are dropped (the door is already being opened) */
const MAX_QUEUED = 2;

export function openRelay(opts: RelayOptions): Relay {
  const channel = opts.channel ?? 1;
  if (!Number.isInteger(channel) || channel < 1 || channel > 8) throw new RangeError('relay channel must be 1..8');
  const pulseMs = Math.max(50, Math.min(10_000, Math.round(opts.pulseMs)));
  let port: SerialPort | undefined;
  let closed = false;
  let chain: Promise<void> = Promise.resolve();
  let queued = 0;
  let st: DeviceStatus = { id: `relay:${opts.path}`.slice(0, 200), kind: 'relay', label: `Relay ${opts.path}`.slice(0, 200), state: 'disconnected' };

  const setStatus = (patch: Partial<DeviceStatus>): void => {
    st = { ...st, ...patch };
    if ('error' in patch && patch.error === undefined) delete st.error;
    try {
      opts.onStatus?.({ ...st });
    } catch {
      /* listener's problem */
    }
  };

  async function ensureOpen(): Promise<SerialPort> {
    if (port?.isOpen) return port;
    const p = new SerialPort({ path: opts.path, baudRate: opts.baudRate ?? 9600, autoOpen: false });
    p.on('error', () => {});
    p.on('close', () => {
      if (port === p) {
        port = undefined;
        if (!closed) setStatus({ state: 'disconnected', error: 'relay disconnected' });
      }
    });
    await new Promise<void>((resolve, reject) => p.open((e) => (e ? reject(e) : resolve())));
    port = p;
    setStatus({ state: 'connected', error: undefined });
    return p;
  }

  /** write + drain, bounded: a wedged or vanished port fails the write instead of hanging the kiosk */
  async function send(bytes: Buffer): Promise<void> {
    const p = await ensureOpen();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        new Promise<void>((resolve, reject) => {
          p.write(bytes, (e) => {
            if (e) return reject(e);
            p.drain((e2) => (e2 ? reject(e2) : resolve()));
          });
        }),
        new Promise<void>((_, reject) => {
          timer = setTimeout(() => reject(new Error('relay write timed out')), WRITE_TIMEOUT_MS);
        }),
      ]);
    } catch (e) {
      // EIO and friends: the board is gone; drop the port so the next pulse reopens it
      const dead = port;
      port = undefined;
      if (dead?.isOpen) dead.close(() => {});
      throw e;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  async function doPulse(): Promise<void> {
    try {
      await send(relayCommand(channel, true));
    } catch (e) {
      setStatus({ state: 'error', error: `relay: ${errorText(e)}` });
      return;
    }
    await new Promise((r) => setTimeout(r, pulseMs));
    // the contact must open again: retry once on a fresh port if the first attempt fails
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await send(relayCommand(channel, false));
        setStatus({ state: 'connected', error: undefined, lastScanAt: Date.now() });
        return;
      } catch (e) {
        setStatus({ state: 'error', error: `relay: ${errorText(e)}` });
      }
    }
  }

  return {
    pulse() {
      if (closed) return Promise.resolve();
      if (queued > MAX_QUEUED) return chain;
      queued++;
      chain = chain.then(doPulse).finally(() => {
        queued--;
      });
      return chain;
    },
    async close() {
      if (closed) return;
      await chain;
      closed = true;
      const p = port;
      port = undefined;
      if (p?.isOpen) await new Promise<void>((r) => p.close(() => r()));
      setStatus({ state: 'disconnected', error: undefined });
    },
    status: () => ({ ...st }),
  };
}
