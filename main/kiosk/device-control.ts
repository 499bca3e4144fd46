// The Devices screen's requests: add and remove serial scanners, pulse the door relay. The core keeps the list in
// the settings (so it survives a restart); the shell's host applies it to the running device manager.
import { statSync } from 'node:fs';
import type { Result } from '../api/contract.ts';
import type { SerialScannerSetting } from '../api/state.ts';
import type { CoreContext } from './core-context.ts';

/** What the shell's host does with the hardware when the operator changes it. */
export interface DeviceControl {
  setSerialScanners(list: SerialScannerSetting[]): void;
  /** one pulse of the configured relay; resolves with the outcome, never rejects */
  testRelay(): Promise<{ ok: boolean; error?: string }>;
}

export const MAX_SCANNERS = 8;

function isCharDevice(path: string): boolean {
  try {
    return statSync(path).isCharacterDevice();
  } catch {
    return false;
  }
}

function store(k: CoreContext, list: SerialScannerSetting[]): void {
  k.settings = { ...k.settings, serialScanners: list };
  k.config = { ...k.config, settings: { ...k.config.settings, serialScanners: list } };
  k.saveConfig();
  k.opts.devices?.setSerialScanners(list);
  k.pushState();
}

export function addScanner(k: CoreContext, p: Omit<SerialScannerSetting, 'number'>): Result<'addScanner'> {
  if (!k.opts.devices) return { ok: false, problem: 'unavailable' };
  const list = k.settings.serialScanners ?? [];
  if (list.length >= MAX_SCANNERS) return { ok: false, problem: 'too-many' };
  const path = p.path.trim();
  if (list.some((s) => s.path === path)) return { ok: false, problem: 'duplicate' };
  if (k.settings.relay.path === path) return { ok: false, problem: 'relay-port' };
  if (!isCharDevice(path)) return { ok: false, problem: 'not-a-device' };
  let number = 1;
  while (list.some((s) => s.number === number)) number++;
  store(k, [...list, { number, path, baudRate: p.baudRate, framing: p.framing, quietGapMs: p.quietGapMs }]);
  k.log.info(`scanner ${number} added on ${path}`);
  return { ok: true, number };
}

export function removeScanner(k: CoreContext, number: number): Result<'removeScanner'> {
  const list = k.settings.serialScanners ?? [];
  if (!list.some((s) => s.number === number)) return { ok: false };
  store(k, list.filter((s) => s.number !== number));
  k.log.info(`scanner ${number} removed`);
  return { ok: true };
}

export async function testRelay(k: CoreContext): Promise<Result<'testRelay'>> {
  const r = k.settings.relay;
  if (!r.enabled || !r.path) return { ok: false, problem: 'not-configured' };
  if (!k.opts.devices) return { ok: false, problem: 'unavailable' };
  const res = await k.opts.devices.testRelay();
  return res.ok ? { ok: true } : { ok: false, problem: 'failed', ...(res.error ? { detail: res.error.slice(0, 500) } : {}) };
}
