// The renderer's own scanners: the keyboard wedge (always listening) and the webcam (when the operator enabled it).
// Both hand their text to the scan router; the camera reports its status to the core for the device list.
import { useEffect } from 'react';
import type { KioskApi } from '../../main/api/contract.ts';
import type { Settings } from '../../main/api/state.ts';
import { installWedge } from '../input/wedge.ts';
import { startCamera } from '../input/camera.ts';
import { routeScan } from './scanRouter.ts';

const CAMERA_ID = 'camera';

export function useInputs(api: KioskApi, camera: Settings['camera'] | undefined): void {
  useEffect(() => installWedge({ onScan: (text) => routeScan(api, text, 'wedge', 'wedge') }), [api]);

  const enabled = camera?.enabled ?? false;
  const deviceId = camera?.deviceId;
  const mirror = camera?.mirror ?? true;
  useEffect(() => {
    if (!enabled) return;
    let stop: (() => void) | null = null;
    let cancelled = false;
    startCamera({
      ...(deviceId ? { deviceId } : {}),
      mirror,
      onText: (text) => routeScan(api, text, 'camera', CAMERA_ID),
      onStatus: (s) => {
        api.call('reportDevice', { id: CAMERA_ID, kind: 'camera', label: s.label.slice(0, 200), state: s.state, ...(s.error ? { error: s.error.slice(0, 500) } : {}), ...(s.detail ? { detail: s.detail.slice(0, 200) } : {}) })
          .catch(() => {});
      },
    }).then((fn) => { if (cancelled) fn(); else stop = fn; }, () => {});
    return () => {
      cancelled = true;
      stop?.();
      api.call('reportDevice', { id: CAMERA_ID, kind: 'camera', label: 'Camera', state: 'disconnected' }).catch(() => {});
    };
  }, [api, enabled, deviceId, mirror]);
}
