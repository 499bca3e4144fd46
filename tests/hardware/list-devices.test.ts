// `kiosk devices` listing: classification and the reason a device cannot be opened.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listDevices } from '../../hardware/list-devices.ts';
import { FakeHid } from './fake-hid.ts';

const dir = mkdtempSync(join(tmpdir(), 'kiosk-list-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('listDevices', () => {
  it('lists serial ports, HID interfaces and cameras, with why one cannot be opened', async () => {
    const open = join(dir, 'ttyACM0');
    const locked = join(dir, 'hidraw3');
    writeFileSync(open, '');
    writeFileSync(locked, '');
    chmodSync(locked, 0o000);
    const sys = join(dir, 'sys');
    mkdirSync(join(sys, 'video0'), { recursive: true });
    writeFileSync(join(sys, 'video0', 'name'), 'Integrated Camera\n');
    writeFileSync(join(dir, 'video0'), '');
    const hid = new FakeHid();
    hid.plug({ path: locked, vendorId: 0x0c2e, productId: 0x0b87, usagePage: 0x8c, usage: 2, product: 'Voyager' });
    hid.plug({ path: '1-2:1.0', vendorId: 0x046d, productId: 0xc31c, usagePage: 1, usage: 6 });
    const { devices, problems } = await listDevices({
      hidApi: hid,
      serialList: async () => [{ path: open, vendorId: '0C2E', productId: '0B61' }],
      videoSysDir: sys,
      devDir: dir,
    });
    expect(problems).toEqual([]);
    const serial = devices.find((d) => d.kind === 'serial')!;
    expect(serial).toMatchObject({ path: open, scanner: true, usable: true, vendorId: '0c2e' });
    const pos = devices.find((d) => d.kind === 'hid-pos')!;
    expect(pos.scanner).toBe(true);
    if (process.getuid?.() !== 0) {
      // root ignores file modes, so the permission case is only observable as a normal user
      expect(pos.usable).toBe(false);
      expect(pos.reason).toMatch(/permission denied/);
    }
    const kbd = devices.find((d) => d.kind === 'hid-keyboard')!;
    expect(kbd.scanner).toBe(false); // a Logitech keyboard is not a scanner
    const cam = devices.find((d) => d.kind === 'camera')!;
    expect(cam).toMatchObject({ label: 'Integrated Camera', path: join(dir, 'video0'), usable: true });
  });

  it('says so when a whole class cannot be listed', async () => {
    const { problems } = await listDevices({
      hidApi: { devices: async () => Promise.reject(new Error('node-hid failed to load')), open: async () => Promise.reject(new Error('x')) },
      serialList: async () => [],
      videoSysDir: join(dir, 'none'),
    });
    expect(problems).toEqual(['HID: node-hid failed to load']);
  });
});
