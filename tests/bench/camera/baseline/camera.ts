// BASELINE (bench only): the camera pipeline exactly as it was before issue 14, kept runnable so that
// `npm run bench -- camera` measures the new path against it in the same run. Not shipped.
// Webcam scanning in the renderer: getUserMedia, a region of the frame cropped and downscaled by
// createImageBitmap, decoded in a Worker with one frame in flight, the same text passed on once per few seconds,
// and the camera reacquired when it goes away (unplugged, taken by another app) and comes back.
import type { WorkerReply, WorkerRequest } from './camera-protocol.ts';
import { frameRegion } from './frame-region.ts';
import { RepeatSuppressor } from '../../../../renderer/input/suppress.ts';

export interface CameraStatus {
  state: 'connected' | 'disconnected' | 'error';
  label: string;
  error?: string;
}

export interface CameraOptions {
  deviceId?: string;
  /** the camera image is mirrored (front cameras, some USB cameras): flip it back before decoding */
  mirror: boolean;
  onText: (text: string) => void;
  /** BENCH INSTRUMENTATION (added for the comparison, no effect on decoding): every decoded frame */
  onFrame?: (r: { text: string | null; ms: number; grabbedAt: number; afterReady: boolean }) => void;
  onStatus?: (s: CameraStatus) => void;
  /** a <video> to show the picture in (the operator's aiming preview); default: an off-screen element */
  preview?: HTMLVideoElement;
  /** same text ignored for this long after it was last seen (default 4000 ms) */
  suppressMs?: number;
  /** time between frames sent for decoding (default 100 ms) */
  intervalMs?: number;
}

export interface CameraInfo {
  deviceId: string;
  label: string;
}

const DECODE_TIMEOUT_MS = 5000;

/** Cameras for the operator's choice. Labels are empty until camera permission was granted once. */
export async function listCameras(): Promise<CameraInfo[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const all = await navigator.mediaDevices.enumerateDevices();
  return all
    .filter((d) => d.kind === 'videoinput')
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Camera ${i + 1}` }));
}

function describe(e: unknown): { state: 'disconnected' | 'error'; error: string } {
  const name = e instanceof DOMException || e instanceof Error ? e.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return { state: 'error', error: 'camera permission denied' };
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return { state: 'disconnected', error: 'camera not found' };
  if (name === 'NotReadableError' || name === 'AbortError') return { state: 'error', error: 'camera busy or failed to start' };
  return { state: 'error', error: (e instanceof Error ? e.message : String(e)).slice(0, 200) };
}

export async function startCamera(opts: CameraOptions): Promise<() => void> {
  const suppressor = new RepeatSuppressor(opts.suppressMs ?? 4000);
  const interval = opts.intervalMs ?? 100;
  const video = opts.preview ?? document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  let stream: MediaStream | undefined;
  let label = 'Camera';
  let stopped = false;
  let frameTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryMs = 1000;
  let frameNo = 0;
  let nextId = 1;
  let inFlight: { id: number; since: number } | undefined;
  let worker: Worker | undefined;
  let lastState = '';
  let decoderReadyAt: number | undefined; // BENCH INSTRUMENTATION

  const status = (s: CameraStatus): void => {
    const key = `${s.state}|${s.label}|${s.error ?? ''}`;
    if (key === lastState) return;
    lastState = key;
    try {
      opts.onStatus?.(s);
    } catch {
      /* the app's handler */
    }
  };

  const onReply = (e: MessageEvent<WorkerReply>): void => {
    const m = e.data;
    if (m.type === 'ready') decoderReadyAt = performance.now(); // BENCH INSTRUMENTATION
    if (m.type !== 'result' || !inFlight || m.id !== inFlight.id) return;
    const grabbedAt = inFlight.since; // BENCH INSTRUMENTATION
    inFlight = undefined;
    opts.onFrame?.({ text: m.text, ms: m.ms, grabbedAt, afterReady: decoderReadyAt !== undefined && grabbedAt >= decoderReadyAt }); // BENCH INSTRUMENTATION
    if (m.text && suppressor.accept(m.text, performance.now())) {
      try {
        opts.onText(m.text);
      } catch {
        /* the app's handler */
      }
    }
  };

  const newWorker = (): void => {
    worker?.terminate();
    worker = new Worker(new URL('./camera-worker.ts', import.meta.url), { type: 'module', name: 'camera-decoder' });
    worker.onmessage = onReply;
    worker.onerror = () => {
      // a worker that fails to load (CSP, missing file) is retried with the next frame
      worker?.terminate();
      worker = undefined;
      inFlight = undefined;
    };
  };

  const release = (): void => {
    if (frameTimer) clearTimeout(frameTimer);
    frameTimer = undefined;
    for (const t of stream?.getTracks() ?? []) {
      t.onended = null;
      t.stop();
    }
    stream = undefined;
    video.srcObject = null;
    inFlight = undefined;
  };

  const lost = (why: string): void => {
    if (stopped) return;
    release();
    status({ state: 'disconnected', label, error: why });
    scheduleRetry();
  };

  const scheduleRetry = (): void => {
    if (stopped || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void acquire();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, 10_000);
  };

  const grab = async (): Promise<void> => {
    if (stopped || !stream) return;
    const now = performance.now();
    if (inFlight && now - inFlight.since > DECODE_TIMEOUT_MS) {
      // a decoder that never answers is replaced, not waited for
      newWorker();
      inFlight = undefined;
    }
    const track = stream.getVideoTracks()[0];
    if (!track || track.readyState === 'ended') return lost('camera disconnected');
    if (!inFlight && video.readyState >= 2 && video.videoWidth > 0) {
      if (!worker) newWorker();
      const r = frameRegion(video.videoWidth, video.videoHeight, frameNo++);
      try {
        const bitmap = await createImageBitmap(video, r.sx, r.sy, r.sw, r.sh, {
          resizeWidth: r.dw,
          resizeHeight: r.dh,
          resizeQuality: 'medium',
        });
        if (stopped || !worker) {
          bitmap.close();
        } else {
          const id = nextId++;
          inFlight = { id, since: performance.now() };
          const msg: WorkerRequest = { type: 'frame', id, bitmap, mirror: opts.mirror };
          worker.postMessage(msg, [bitmap]);
        }
      } catch {
        /* a frame that cannot be grabbed (resolution change) is skipped */
      }
    }
    if (!stopped && stream) frameTimer = setTimeout(() => void grab(), interval);
  };

  const acquire = async (): Promise<void> => {
    if (stopped || stream) return;
    const video720 = { width: { ideal: 1280 }, height: { ideal: 720 } };
    let s: MediaStream;
    try {
      s = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: opts.deviceId ? { ...video720, deviceId: { exact: opts.deviceId } } : video720,
      });
    } catch (e) {
      const d = describe(e);
      status({ state: d.state, label, error: d.error });
      scheduleRetry();
      return;
    }
    if (stopped) {
      for (const t of s.getTracks()) t.stop();
      return;
    }
    stream = s;
    const track = s.getVideoTracks()[0];
    label = (track?.label || 'Camera').slice(0, 200);
    if (track) track.onended = () => lost('camera disconnected');
    video.srcObject = s;
    try {
      await video.play();
    } catch {
      /* autoplay of a muted video is allowed; frames are read even if play() complains */
    }
    retryMs = 1000;
    status({ state: 'connected', label });
    frameTimer = setTimeout(() => void grab(), 0);
  };

  const onDeviceChange = (): void => {
    if (!stream && !stopped) {
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = undefined;
      void acquire();
    }
  };

  if (!navigator.mediaDevices?.getUserMedia) {
    status({ state: 'error', label, error: 'no camera support in this browser' });
    return () => {};
  }
  navigator.mediaDevices.addEventListener('devicechange', onDeviceChange);
  try {
    newWorker();
  } catch (e) {
    status({ state: 'error', label, error: `decoder failed to start: ${(e as Error).message}`.slice(0, 200) });
  }
  await acquire();

  return () => {
    stopped = true;
    if (retryTimer) clearTimeout(retryTimer);
    navigator.mediaDevices.removeEventListener('devicechange', onDeviceChange);
    release();
    worker?.terminate();
    worker = undefined;
    status({ state: 'disconnected', label });
  };
}
