// Webcam scanning in the renderer: getUserMedia at the best the camera offers up to 1920x1080, each new frame
// handed whole (the camera's own resolution) to a decoder Worker with one frame in flight: a frame that arrives
// while the Worker is busy is skipped, never queued, so the decoder uses at most one of the machine's cores. The
// same text is passed on once per few seconds, and the camera is reacquired when it goes away (unplugged, taken
// by another app) and comes back.
import type { Pipeline, WorkerReply, WorkerRequest } from './camera-protocol.ts';
import { RepeatSuppressor } from './suppress.ts';

export interface CameraStatus {
  state: 'connected' | 'disconnected' | 'error';
  label: string;
  error?: string;
  /** what the camera granted, e.g. "1920x1080 @ 30 fps" (the Devices screen shows it) */
  detail?: string;
}

/** One decoded frame (for the benchmark and the tests; the app does not need it). */
export interface FrameReport {
  text: string | null;
  /** Worker time for the frame, ms */
  ms: number;
  /** performance.now() when the frame was grabbed */
  grabbedAt: number;
  how?: string;
}

export interface CameraOptions {
  deviceId?: string;
  /** show the preview mirrored (a display choice: the decoder always sees the camera's own frames) */
  mirror: boolean;
  onText: (text: string) => void;
  onStatus?: (s: CameraStatus) => void;
  /** a <video> to show the picture in (the operator's aiming preview); default: an off-screen element */
  preview?: HTMLVideoElement;
  /** same text ignored for this long after it was last seen (default 4000 ms) */
  suppressMs?: number;
  /** least time between frames sent for decoding (default 50 ms: at most 20 frames a second) */
  intervalMs?: number;
  /** the decoder: the kiosk's (default) or zxing-wasm's defaults on whole frames (the bench's peer) */
  pipeline?: Pipeline;
  /** called for every decoded frame */
  onFrame?: (r: FrameReport) => void;
}

/** What getUserMedia asks for: the best the camera offers up to 1920x1080. */
export const VIDEO_CONSTRAINTS: MediaTrackConstraints = {
  width: { ideal: 1920, max: 1920 },
  height: { ideal: 1080, max: 1080 },
  frameRate: { ideal: 30 },
};

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
  const interval = opts.intervalMs ?? 50;
  const video = opts.preview ?? document.createElement('video');
  if (opts.preview) video.style.transform = opts.mirror ? 'scaleX(-1)' : '';
  video.muted = true;
  video.playsInline = true;
  let stream: MediaStream | undefined;
  let label = 'Camera';
  let stopped = false;
  let frameTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryMs = 1000;
  let nextId = 1;
  let inFlight: { id: number; since: number } | undefined;
  let worker: Worker | undefined;
  let workerReady = false;
  let lastState = '';
  let detail: string | undefined;
  let decoderError: string | undefined;
  /** the video frame last sent (requestVideoFrameCallback's count): the same frame is not decoded twice */
  let lastFrameSent = -1;
  let latestFrame = 0;
  /** set once requestVideoFrameCallback has fired (it may not for a video outside the page): until then, every tick sends */
  let frameCallbacks = false;

  const status = (s: CameraStatus): void => {
    const key = `${s.state}|${s.label}|${s.error ?? ''}|${s.detail ?? ''}`;
    if (key === lastState) return;
    lastState = key;
    try {
      opts.onStatus?.(s);
    } catch {
      /* the app's handler */
    }
  };

  const connected = (): void => {
    if (decoderError) status({ state: 'error', label, error: decoderError, ...(detail ? { detail } : {}) });
    else status({ state: 'connected', label, ...(detail ? { detail } : {}) });
  };

  const onReply = (e: MessageEvent<WorkerReply>): void => {
    const m = e.data;
    if (m.type === 'ready') {
      workerReady = true;
      decoderError = undefined;
      if (stream) connected();
      return;
    }
    if (m.type === 'failed') {
      decoderError = m.error;
      if (stream) connected();
      return;
    }
    if (m.type !== 'result' || !inFlight || m.id !== inFlight.id) return;
    const grabbedAt = inFlight.since;
    inFlight = undefined;
    try {
      opts.onFrame?.({ text: m.text, ms: m.ms, grabbedAt, ...(m.how ? { how: m.how } : {}) });
    } catch {
      /* the caller's handler */
    }
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
    workerReady = false;
    worker = new Worker(new URL('./camera-worker.ts', import.meta.url), { type: 'module', name: 'camera-decoder' });
    worker.onmessage = onReply;
    const config: WorkerRequest = { type: 'config', pipeline: opts.pipeline ?? 'regions' };
    worker.postMessage(config);
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
    video.onresize = null;
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
    if (!worker) newWorker();
    const fresh = !frameCallbacks || latestFrame !== lastFrameSent;
    if (!inFlight && workerReady && fresh && video.readyState >= 2 && video.videoWidth > 0) {
      const frame = latestFrame;
      try {
        // the whole frame at the camera's resolution: the Worker finds the code and decodes it where it is
        const bitmap = await createImageBitmap(video);
        if (stopped || !worker) {
          bitmap.close();
        } else {
          lastFrameSent = frame;
          const id = nextId++;
          inFlight = { id, since: performance.now() };
          const msg: WorkerRequest = { type: 'frame', id, bitmap };
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
    let s: MediaStream;
    try {
      s = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: opts.deviceId ? { ...VIDEO_CONSTRAINTS, deviceId: { exact: opts.deviceId } } : VIDEO_CONSTRAINTS,
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
    const granted = (): void => {
      // the track's settings, or the picture's own size when a driver leaves them out
      const got = track?.getSettings();
      const w = got?.width || video.videoWidth;
      const h = got?.height || video.videoHeight;
      detail = w && h ? `${w}x${h}${got?.frameRate ? ` @ ${Math.round(got.frameRate)} fps` : ''}` : undefined;
      if (stream === s) connected();
    };
    granted();
    // the size is known for certain once the first frame is in (and changes if the camera renegotiates)
    video.onresize = granted;
    if ('requestVideoFrameCallback' in video) {
      const onVideoFrame = (_now: number, meta: { presentedFrames: number }): void => {
        frameCallbacks = true;
        latestFrame = meta.presentedFrames;
        if (stream === s) video.requestVideoFrameCallback(onVideoFrame);
      };
      video.requestVideoFrameCallback(onVideoFrame);
    }
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
