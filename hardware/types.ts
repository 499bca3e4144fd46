// Shapes shared by the drivers. Drivers turn bytes into Scan events and report their state; nothing more.
import type { Scan } from '../main/kiosk/ports.ts';
import type { DeviceStatus } from '../main/api/state.ts';

export type { Scan, DeviceStatus };

/** What a driver tells the device manager. */
export interface DriverEvents {
  scan(scan: Scan): void;
  status(status: DeviceStatus): void;
}

export interface Driver {
  readonly id: string;
  start(): void;
  stop(): Promise<void>;
  status(): DeviceStatus;
}

/** One HID interface as enumeration reports it (a subset of node-hid's Device). */
export interface HidDeviceInfo {
  path: string;
  vendorId: number;
  productId: number;
  usagePage?: number;
  usage?: number;
  interface?: number;
  product?: string;
  manufacturer?: string;
  serialNumber?: string;
}

/** An open HID interface. 'data' delivers one input report; 'error' means the device is gone or broken. */
export interface HidHandle {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  sendFeatureReport(data: number[]): Promise<number>;
  close(): Promise<void>;
}

/** The node-hid boundary: the only thing tests substitute. */
export interface HidApi {
  devices(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidHandle>;
}

export interface SerialConfig {
  path: string;
  baudRate?: number;
  terminator?: 'cr' | 'lf' | 'crlf' | 'none' | 'auto';
  interByteTimeoutMs?: number;
  maxLength?: number;
}

/** Serial port enumeration as serialport's SerialPort.list() reports it. */
export interface SerialPortInfo {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
}

/** Short, non-personal error text for the operator screen (never contains scan data). */
export function errorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.slice(0, 300);
}
