// Test page for renderer/input: built by Vite like the app, served under the app's CSP, driven by Playwright.
import { listCameras, startCamera, type CameraStatus } from '../../../renderer/input/camera.ts';
import { installWedge } from '../../../renderer/input/wedge.ts';

interface HarnessWindow {
  texts: string[];
  statuses: CameraStatus[];
  cameras?: { deviceId: string; label: string }[];
  stop?: () => void;
}
const w = window as unknown as { harness: HarnessWindow };
w.harness = { texts: [], statuses: [] };
const params = new URLSearchParams(location.search);
const btn = document.getElementById('btn')!;
const clicks = document.getElementById('clicks')!;
btn.addEventListener('click', () => {
  clicks.textContent = String(Number(clicks.textContent) + 1);
});

if (params.get('mode') === 'camera') {
  const preview = document.createElement('video');
  preview.id = 'preview';
  document.body.append(preview);
  void startCamera({
    preview,
    mirror: params.get('mirror') === '1',
    onText: (t) => w.harness.texts.push(t),
    onStatus: (s) => w.harness.statuses.push(s),
  }).then(async (stop) => {
    w.harness.stop = stop;
    w.harness.cameras = await listCameras();
  });
}
if (params.get('mode') === 'wedge') {
  installWedge({ onScan: (t) => w.harness.texts.push(t) });
}
