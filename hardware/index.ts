// hardware/: device drivers. Bytes in, Scan out; nothing here knows what a pass is.
export { createDeviceManager, hidDeviceId, hidModeOf, type DeviceManager, type DeviceManagerOptions } from './device-manager.ts';
export { listDevices, type DeviceListing, type ListedDevice, type ListOptions } from './list-devices.ts';
export { openRelay, relayCommand, type Relay, type RelayOptions } from './relay.ts';
export { nodeHidApi } from './node-hid-api.ts';
export type { HidApi, HidDeviceInfo, HidHandle, SerialConfig, SerialPortInfo } from './types.ts';
