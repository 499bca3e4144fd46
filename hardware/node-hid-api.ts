// The real HidApi, over node-hid (hidraw on Linux). Loaded lazily so that a missing or broken native module
// is a device error on the operator screen, not a crash at startup.
import type { HidApi, HidDeviceInfo, HidHandle } from './types.ts';

interface NodeHidModule {
  devicesAsync(): Promise<HidDeviceInfo[]>;
  HIDAsync: { open(path: string, options?: { nonExclusive?: boolean }): Promise<HidHandle> };
}

let loaded: Promise<NodeHidModule> | undefined;

function load(): Promise<NodeHidModule> {
  loaded ??= import('node-hid').then((m) => ((m as { default?: unknown }).default ?? m) as NodeHidModule);
  return loaded;
}

export function nodeHidApi(): HidApi {
  return {
    async devices() {
      const hid = await load();
      const list = await hid.devicesAsync();
      return list.filter((d): d is HidDeviceInfo => typeof d.path === 'string' && d.path.length > 0);
    },
    async open(path) {
      const hid = await load();
      return hid.HIDAsync.open(path);
    },
  };
}
