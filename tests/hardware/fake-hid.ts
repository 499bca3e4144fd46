// Stands in for node-hid only: devices appear and vanish, open handles deliver recorded input reports, and an
// unplug makes the open handle fail the way node-hid does ("could not read from HID device").
import { EventEmitter } from 'node:events';
import type { HidApi, HidDeviceInfo, HidHandle } from '../../hardware/types.ts';

class FakeHandle extends EventEmitter implements HidHandle {
  closed = false;
  features: number[][] = [];
  async sendFeatureReport(data: number[]): Promise<number> {
    this.features.push([...data]);
    return data.length;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

export class FakeHid implements HidApi {
  private plugged = new Map<string, HidDeviceInfo>();
  readonly handles = new Map<string, FakeHandle>();
  deny = new Set<string>();

  plug(info: HidDeviceInfo): void {
    this.plugged.set(info.path, info);
  }

  unplug(path: string): void {
    this.plugged.delete(path);
    const h = this.handles.get(path);
    if (h && !h.closed) h.emit('error', new Error('could not read from HID device'));
    this.handles.delete(path);
  }

  async devices(): Promise<HidDeviceInfo[]> {
    return [...this.plugged.values()];
  }

  async open(path: string): Promise<HidHandle> {
    if (!this.plugged.has(path)) throw new Error(`cannot open device with path ${path}`);
    if (this.deny.has(path)) throw new Error(`cannot open device with path ${path}`);
    const h = new FakeHandle();
    this.handles.set(path, h);
    return h;
  }

  /** plays reports into the open handle of `path`, in order, a little apart like USB interrupt transfers */
  async play(path: string, reports: Uint8Array[], gapMs = 0): Promise<void> {
    for (const r of reports) {
      const h = this.handles.get(path);
      if (!h || h.closed) throw new Error('device not open');
      h.emit('data', Buffer.from(r));
      if (gapMs) await new Promise((res) => setTimeout(res, gapMs));
    }
  }

  handle(path: string): FakeHandle | undefined {
    return this.handles.get(path);
  }
}

export function hex(s: string): Buffer {
  return Buffer.from(s.replace(/\s+/g, ''), 'hex');
}

/** a 64-byte report from its meaningful prefix and the continuation flag */
export function posReport(prefixHex: string, more: boolean): Buffer {
  const b = Buffer.alloc(64);
  hex(prefixHex).copy(b);
  b[63] = more ? 1 : 0;
  return b;
}
