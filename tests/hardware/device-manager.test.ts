// The device manager with the real drivers: HID through a recorded node-hid boundary, serial through socat.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDeviceManager, type DeviceManager } from '../../hardware/index.ts';
import { encodeHidPosReports } from '../../hardware/hid-pos-decoder.ts';
import { encodeKeyboardReports } from '../../hardware/hid-keyboard-decoder.ts';
import type { DeviceStatus, HidDeviceInfo, Scan } from '../../hardware/types.ts';
import { FakeHid } from './fake-hid.ts';
import { passOfLength } from './payloads.ts';
import { killAllSocat, PtyWriter, startSocat, until } from './socat.ts';

const POS: HidDeviceInfo = {
  path: '/dev/hidraw-fake-pos',
  vendorId: 0x0c2e,
  productId: 0x0b87,
  usagePage: 0x8c,
  usage: 0x02,
  interface: 1,
  product: 'Voyager 1450g',
  serialNumber: 'X1',
};
const KBD: HidDeviceInfo = { path: '/dev/hidraw-fake-kbd', vendorId: 0x05e0, productId: 0x1200, usagePage: 0x01, usage: 0x06, interface: 0 };
const OFFICE_KEYBOARD: HidDeviceInfo = { path: '/dev/hidraw-fake-office', vendorId: 0x046d, productId: 0xc31c, usagePage: 0x01, usage: 0x06 };

let dir: string;
let managers: DeviceManager[] = [];
let writers: PtyWriter[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-dm-'));
});
afterEach(async () => {
  for (const w of writers) await w.close();
  writers = [];
  for (const m of managers) await m.stop();
  managers = [];
  await killAllSocat();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function manager(opts: Partial<Parameters<typeof createDeviceManager>[0]> & { hidApi: FakeHid }) {
  const scans: Scan[] = [];
  let last: DeviceStatus[] = [];
  const m = createDeviceManager({
    onScan: (s) => scans.push(s),
    onStatus: (d) => {
      last = d;
    },
    serialList: async () => [],
    pollMs: 30,
    ...opts,
  });
  managers.push(m);
  return { m, scans, status: () => last };
}

describe('device manager', () => {
  it('auto-detects a HID POS scanner, enables HID POS mode, and reassembles a 2,400-character pass', async () => {
    const hid = new FakeHid();
    hid.plug(POS);
    const { m, scans } = manager({ hidApi: hid, autoDetect: true });
    await m.start();
    await until(() => m.devices().find((d) => d.kind === 'hid-pos')?.state === 'connected', 3000, 'open');
    expect(hid.handle(POS.path)!.features).toEqual([[0xfe, 0x01]]);
    const pass = passOfLength(2400);
    await hid.play(POS.path, encodeHidPosReports(pass));
    await until(() => scans.length === 1, 3000, 'scan');
    expect(scans[0]).toMatchObject({ text: pass, source: 'hid-pos' });
    expect(scans[0]!.deviceId).toBe(m.devices().find((d) => d.kind === 'hid-pos')!.id);
  });

  it('drops a scan cut off by an unplug, reopens the scanner when it comes back, and decodes the next scan', async () => {
    const hid = new FakeHid();
    hid.plug(POS);
    const { m, scans } = manager({ hidApi: hid, autoDetect: true });
    await m.start();
    await until(() => m.devices()[0]?.state === 'connected', 3000, 'open');
    const pass = passOfLength(1500);
    const reports = encodeHidPosReports(pass);
    await hid.play(POS.path, reports.slice(0, 10));
    hid.unplug(POS.path);
    await until(() => m.devices()[0]?.state === 'disconnected', 3000, 'disconnected');
    hid.plug(POS);
    await until(() => m.devices()[0]?.state === 'connected' && hid.handle(POS.path), 3000, 'reopened');
    expect(scans).toEqual([]);
    await hid.play(POS.path, reports);
    await until(() => scans.length === 1, 3000, 'scan after replug');
    expect(scans.map((s) => s.text)).toEqual([pass]);
    expect(m.devices()).toHaveLength(1); // same device id across the replug (serial number)
  });

  it('opens a keyboard-mode scanner only when configured, and never an ordinary keyboard', async () => {
    const hid = new FakeHid();
    hid.plug(KBD);
    hid.plug(OFFICE_KEYBOARD);
    const { m, scans } = manager({ hidApi: hid, autoDetect: true, hid: [{ vendorId: 0x05e0, productId: 0x1200 }] });
    await m.start();
    await until(() => m.devices().some((d) => d.kind === 'hid-keyboard' && d.state === 'connected'), 3000, 'open');
    expect(hid.handle(OFFICE_KEYBOARD.path)).toBeUndefined();
    const pass = passOfLength(400);
    await hid.play(KBD.path, encodeKeyboardReports(pass, 'tab'));
    await until(() => scans.length === 1, 3000, 'scan');
    expect(scans[0]).toMatchObject({ text: pass, source: 'hid-keyboard' });
  });

  it('keyboard mode: a scan without terminator ends at the pause; one cut by an unplug is dropped', async () => {
    const hid = new FakeHid();
    hid.plug(KBD);
    const { m, scans } = manager({ hidApi: hid, hid: [{ vendorId: 0x05e0, productId: 0x1200 }] });
    await m.start();
    await until(() => m.devices().some((d) => d.kind === 'hid-keyboard' && d.state === 'connected'), 3000, 'open');
    const first = passOfLength(400, 'DEMO0000000024');
    await hid.play(KBD.path, encodeKeyboardReports(first, 'none'));
    await until(() => scans.length === 1, 3000, 'scan at the pause');
    expect(scans[0]!.text).toBe(first);
    const second = encodeKeyboardReports(passOfLength(400, 'DEMO0000000025'), 'enter');
    await hid.play(KBD.path, second.slice(0, 300));
    hid.unplug(KBD.path);
    await until(() => m.devices().some((d) => d.kind === 'hid-keyboard' && d.state === 'disconnected'), 3000, 'unplugged');
    await new Promise((r) => setTimeout(r, 400)); // past the keyboard pause
    expect(scans).toHaveLength(1);
  });

  it('a scanner without serial number replugged into another USB port keeps one entry', async () => {
    const hid = new FakeHid();
    const noSerial = { ...POS, serialNumber: undefined, path: '/dev/hidraw-port1' };
    hid.plug(noSerial);
    const { m } = manager({ hidApi: hid, autoDetect: true });
    await m.start();
    await until(() => m.devices()[0]?.state === 'connected', 3000, 'open');
    hid.unplug(noSerial.path);
    await until(() => m.devices()[0]?.state === 'disconnected', 3000, 'gone');
    hid.plug({ ...noSerial, path: '/dev/hidraw-port2' });
    await until(() => m.devices().some((d) => d.state === 'connected'), 3000, 'back');
    expect(m.devices()).toHaveLength(1);
  });

  it('shows a configured scanner that is not plugged in, and one it may not open, with the reason', async () => {
    const hid = new FakeHid();
    hid.plug(POS);
    hid.deny.add(POS.path);
    const { m, status } = manager({ hidApi: hid, hid: [{ vendorId: 0x1eab, productId: 0x0001 }], autoDetect: true });
    await m.start();
    await until(() => status().length === 2, 3000, 'two statuses');
    const absent = status().find((d) => d.id === 'hid:1eab:0001')!;
    expect(absent.state).toBe('disconnected');
    const denied = status().find((d) => d.kind === 'hid-pos' && d.id !== 'hid:1eab:0001')!;
    expect(denied.state).toBe('error');
    expect(denied.error).toMatch(/permission denied/);
  });

  it('runs two lanes at once: garbage flooding the serial lane does not stop the HID lane', async () => {
    const hid = new FakeHid();
    hid.plug(POS);
    const pair = await startSocat(join(dir, 'lane-k'), join(dir, 'lane-s'));
    const scans: Scan[] = [];
    // the consumer throws on the first serial scan: a failing consumer must not break the drivers
    let threw = false;
    const m2 = createDeviceManager({
      hidApi: hid,
      autoDetect: true,
      serial: [{ path: pair.a, maxLength: 4096 }],
      serialList: async () => [],
      pollMs: 30,
      onStatus: () => {},
      onScan: (s) => {
        if (!threw && s.source === 'serial') {
          threw = true;
          throw new Error('consumer failed');
        }
        scans.push(s);
      },
    });
    managers.push(m2);
    await m2.start();
    await until(() => m2.devices().every((d) => d.state === 'connected'), 5000, 'both connected');
    const w = await PtyWriter.open(pair.b);
    writers.push(w);
    const flood = Buffer.alloc(64 * 1024, 0x58);
    const p1 = passOfLength(500, 'DEMO0000000020');
    const p2 = passOfLength(700, 'DEMO0000000021');
    const p3 = passOfLength(800, 'DEMO0000000022');
    const writing = (async () => {
      for (let i = 0; i < 4; i++) await w.write(flood);
      await w.write('\r' + p1 + '\r'); // the first scan hits the throwing consumer
      await w.write(p2 + '\r');
    })();
    await hid.play(POS.path, encodeHidPosReports(p3), 1);
    await writing;
    await until(() => scans.length === 2, 5000, 'both lanes');
    expect(scans.map((s) => s.text).sort()).toEqual([p2, p3].sort());
    expect(new Set(scans.map((s) => s.source))).toEqual(new Set(['serial', 'hid-pos']));
  });

  it('auto-opens serial ports of known scanner vendors only', async () => {
    const hid = new FakeHid();
    const pair = await startSocat(join(dir, 'auto-k'), join(dir, 'auto-s'));
    const modem = await startSocat(join(dir, 'modem-k'), join(dir, 'modem-s'));
    const { m, scans } = manager({
      hidApi: hid,
      autoDetect: true,
      serialList: async () => [
        { path: pair.a, vendorId: '0c2e', productId: '0b61' },
        { path: modem.a, vendorId: '1234', productId: '5678' },
      ],
    });
    await m.start();
    await until(() => m.devices().some((d) => d.id === `serial:${pair.a}` && d.state === 'connected'), 5000, 'auto serial');
    expect(m.devices().some((d) => d.id === `serial:${modem.a}`)).toBe(false);
    const w = await PtyWriter.open(pair.b);
    writers.push(w);
    const pass = passOfLength(400, 'DEMO0000000023');
    await w.write(pass + '\r');
    await until(() => scans.length === 1, 5000, 'scan');
    expect(scans[0]!.text).toBe(pass);
  });
});
