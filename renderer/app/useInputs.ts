// The renderer's own scanners: the keyboard wedge (always listening) and the webcam (when the operator enabled it).
// Both hand their text to the scan router and report their state to the core for the device list. A wedge scanner
// types into whichever window has the keyboard focus, so the wedge's state is whether this window has it (the
// core adds the time of the last scan it received through it).
import { useEffect } from 'react';
import type { KioskApi } from '../../main/api/contract.ts';
import type { Settings } from '../../main/api/state.ts';
import { installWedge } from '../input/wedge.ts';
import { startCamera } from '../input/camera.ts';
import { routeScan } from './scanRouter.ts';

const CAMERA_ID = 'camera';
const WEDGE_ID = 'wedge';

function reportWedge(api: KioskApi, focused: boolean): void {
  api.call('reportDevice', { id: WEDGE_ID, kind: 'wedge', label: 'Keyboard wedge', state: focused ? 'connected' : 'disconnected', ...(focused ? {} : { since: Date.now() }) })
    .catch(() => {});
}

export function useInputs(api: KioskApi, camera: Settings['camera'] | undefined): void {
  useEffect(() => installWedge({ onScan: (text) => routeScan(api, text, 'wedge', WEDGE_ID) }), [api]);
  useEffect(() => {
    // the focus event says which way it went: document.hasFocus() is only the starting point
    let focused = document.hasFocus() && document.visibilityState === 'visible';
    const set = (next: boolean) => { if (next !== focused) { focused = next; reportWedge(api, focused); } };
    const onFocus = () => set(true);
    const onBlur = () => set(false);
    const onVisibility = () => set(document.visibilityState === 'visible' && document.hasFocus());
    window.addEventListener('focus', onFocus);
    window.addEventListener('blur', onBlur);
    document.addEventListener('visibilitychange', onVisibility);
    reportWedge(api, focused);
    return () => {
      window.removeEventListener('focus', onFocus);
      window.removeEventListener('blur', onBlur);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [api]);

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
