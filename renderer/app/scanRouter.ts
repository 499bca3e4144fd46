// Where a scan read in the renderer (camera, keyboard wedge) goes: normally to the core as a pass to verify; while
// the operator's venue setup waits for the venue's own poster QR, to that field instead.
import type { KioskApi } from '../../main/api/contract.ts';

type Capture = (text: string) => void;
let capture: Capture | null = null;

/** Takes the next scans for a field (venue setup); returns the release function. */
export function captureScans(handler: Capture): () => void {
  capture = handler;
  return () => { if (capture === handler) capture = null; };
}

export function routeScan(api: KioskApi, text: string, source: 'camera' | 'wedge', deviceId: string): void {
  if (capture) { capture(text); return; }
  // The verdict comes back as an event like every other scan; a failed call has nothing to show but is not fatal.
  api.call('submitScan', { text: text.slice(0, 16384), source, deviceId }).catch(() => {});
}
