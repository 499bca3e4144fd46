// What `kiosk devices` shows a venue's IT person: every serial port, HID interface and camera the kiosk can
// see, whether it looks like a scanner, and why it cannot be opened when it cannot.
import { constants } from 'node:fs';
import { access, readdir, readFile } from 'node:fs/promises';
import { hidDeviceId, hidModeOf } from './device-manager.ts';
import { hex4, scannerVendor } from './known-scanners.ts';
import { nodeHidApi } from './node-hid-api.ts';
import { listSerialPorts } from './serial-list.ts';
import { errorText, type HidApi, type SerialPortInfo } from './types.ts';

export interface ListedDevice {
  kind: 'serial' | 'hid-pos' | 'hid-keyboard' | 'hid-other' | 'camera';
  /** the id the device manager will use for it */
  id: string;
  path: string;
  label: string;
  vendorId?: string;
  productId?: string;
  /** looks like a barcode scanner (or, for cameras, a video capture device) */
  scanner: boolean;
  usable: boolean;
  reason?: string;
}

export interface DeviceListing {
  devices: ListedDevice[];
  /** whole classes that could not be listed (e.g. node-hid failed to load) */
  problems: string[];
}

export interface ListOptions {
  hidApi?: HidApi;
  serialList?: () => Promise<SerialPortInfo[]>;
  /** where Linux exposes video devices (tests point it elsewhere) */
  videoSysDir?: string;
  devDir?: string;
}

async function accessReason(path: string): Promise<string | undefined> {
  if (!path.startsWith('/')) return undefined; // not a device node (e.g. a libusb path): only open() can tell
  try {
    await access(path, constants.R_OK | constants.W_OK);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM')
      return 'permission denied: install resources/udev/60-kiosk-scanners.rules or add the kiosk user to the dialout group';
    if (code === 'ENOENT') return 'device node missing';
    return errorText(e);
  }
}

export async function listDevices(opts: ListOptions = {}): Promise<DeviceListing> {
  const devices: ListedDevice[] = [];
  const problems: string[] = [];

  try {
    const ports = await (opts.serialList ?? listSerialPorts)();
    for (const p of ports) {
      const vid = p.vendorId ? parseInt(p.vendorId, 16) : undefined;
      const vendor = scannerVendor(vid);
      const reason = await accessReason(p.path);
      devices.push({
        kind: 'serial',
        id: `serial:${p.path}`,
        path: p.path,
        label: [vendor ?? p.manufacturer, 'serial port'].filter(Boolean).join(' '),
        ...(p.vendorId ? { vendorId: p.vendorId.toLowerCase() } : {}),
        ...(p.productId ? { productId: p.productId.toLowerCase() } : {}),
        scanner: vendor !== undefined,
        usable: reason === undefined,
        ...(reason ? { reason } : {}),
      });
    }
  } catch (e) {
    problems.push(`serial ports: ${errorText(e)}`);
  }

  try {
    const list = await (opts.hidApi ?? nodeHidApi()).devices();
    for (const info of list) {
      const mode = hidModeOf(info);
      const reason = await accessReason(info.path);
      devices.push({
        kind: mode === 'pos' ? 'hid-pos' : mode === 'keyboard' ? 'hid-keyboard' : 'hid-other',
        id: hidDeviceId(info),
        path: info.path,
        label: info.product || scannerVendor(info.vendorId) || 'HID device',
        vendorId: hex4(info.vendorId),
        productId: hex4(info.productId),
        scanner: mode === 'pos' || (mode === 'keyboard' && scannerVendor(info.vendorId) !== undefined),
        usable: reason === undefined,
        ...(reason ? { reason } : mode === 'keyboard' ? { reason: 'keyboard mode: works, but switch it to HID POS (see docs/hardware.md)' } : {}),
      });
    }
  } catch (e) {
    problems.push(`HID: ${errorText(e)}`);
  }

  const sys = opts.videoSysDir ?? '/sys/class/video4linux';
  const dev = opts.devDir ?? '/dev';
  try {
    const entries = (await readdir(sys)).filter((n) => /^video\d+$/.test(n)).sort();
    for (const n of entries) {
      const name = (await readFile(`${sys}/${n}/name`, 'utf8').catch(() => '')).trim() || n;
      const path = `${dev}/${n}`;
      const reason = await accessReason(path);
      devices.push({
        kind: 'camera',
        id: `camera:${n}`,
        path,
        label: name.slice(0, 200),
        scanner: true,
        usable: reason === undefined,
        ...(reason ? { reason: reason.replace(/install .* group/, 'add the kiosk user to the video group') } : {}),
      });
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(`cameras: ${errorText(e)}`);
  }
  return { devices, problems };
}
