// A driver's status changes by patches; `error: undefined` in a patch clears the error.
import type { DeviceStatus } from '../main/api/state.ts';

export function patchStatus(current: DeviceStatus, patch: Partial<DeviceStatus>): DeviceStatus {
  const next = { ...current, ...patch };
  if (patch.error === undefined && 'error' in patch) delete next.error;
  return next;
}
