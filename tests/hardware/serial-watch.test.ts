// The device manager's serial listing (udevadm, ~76 ms of CPU) runs only when the kernel's ttys change, or after
// REFRESH_MS; a failed listing is not kept; without /sys every poll lists.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listWhenTtysChange, REFRESH_MS, ttyFingerprint } from '../../hardware/serial-watch.ts';
import type { SerialPortInfo } from '../../hardware/types.ts';

function counted(results: (SerialPortInfo[] | Error)[]) {
  let calls = 0;
  const list = async () => {
    const r = results[Math.min(calls++, results.length - 1)]!;
    if (r instanceof Error) throw r;
    return r;
  };
  return { list, calls: () => calls };
}

const usb0 = [{ path: '/dev/ttyUSB0', vendorId: '0c2e' }];
const usb01 = [...usb0, { path: '/dev/ttyUSB1', vendorId: '05e0' }];

describe('serial listing when the ttys change', () => {
  it('lists once while the ttys stay the same, and again when they change', async () => {
    let fp = 'tty0\nttyS0';
    const l = counted([usb0, usb01]);
    const poll = listWhenTtysChange(l.list, { fingerprint: () => fp, now: () => 0 });
    for (let i = 0; i < 5; i++) expect(await poll()).toEqual(usb0);
    expect(l.calls()).toBe(1);
    fp = 'tty0\nttyS0\nttyUSB1';
    expect(await poll()).toEqual(usb01);
    expect(l.calls()).toBe(2);
  });

  it('lists again after the refresh time even when nothing seems to change', async () => {
    let t = 0;
    const l = counted([usb0, usb01]);
    const poll = listWhenTtysChange(l.list, { fingerprint: () => 'same', now: () => t });
    await poll();
    t = REFRESH_MS - 1;
    expect(await poll()).toEqual(usb0);
    t = REFRESH_MS;
    expect(await poll()).toEqual(usb01);
    expect(l.calls()).toBe(2);
  });

  it('does not keep a failed listing: the next poll lists again', async () => {
    const l = counted([new Error('cannot start udevadm'), usb0]);
    const poll = listWhenTtysChange(l.list, { fingerprint: () => 'same', now: () => 0 });
    await expect(poll()).rejects.toThrow('cannot start udevadm');
    expect(await poll()).toEqual(usb0);
    expect(await poll()).toEqual(usb0);
    expect(l.calls()).toBe(2);
  });

  it('lists at every poll where the ttys cannot be read', async () => {
    const l = counted([usb0]);
    const poll = listWhenTtysChange(l.list, { fingerprint: () => null, now: () => 0 });
    for (let i = 0; i < 3; i++) await poll();
    expect(l.calls()).toBe(3);
  });
});

describe('ttyFingerprint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-ttys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names each tty with the device it sits on: a scanner moved to another port changes it', () => {
    mkdirSync(join(dir, 'devices/usb1/ttyUSB0'), { recursive: true });
    mkdirSync(join(dir, 'devices/usb2/ttyUSB0'), { recursive: true });
    mkdirSync(join(dir, 'class'));
    symlinkSync('../devices/usb1/ttyUSB0', join(dir, 'class/ttyUSB0'));
    const a = ttyFingerprint(join(dir, 'class'));
    expect(a).toContain('ttyUSB0>../devices/usb1/ttyUSB0');
    rmSync(join(dir, 'class/ttyUSB0'));
    symlinkSync('../devices/usb2/ttyUSB0', join(dir, 'class/ttyUSB0'));
    expect(ttyFingerprint(join(dir, 'class'))).not.toBe(a);
    expect(ttyFingerprint(join(dir, 'no-such-dir'))).toBeNull();
  });

  it('on this machine: readable, and the same from one poll to the next', () => {
    const a = ttyFingerprint();
    if (process.platform === 'linux') expect(a).toContain('tty');
    expect(ttyFingerprint()).toBe(a);
  });
});
