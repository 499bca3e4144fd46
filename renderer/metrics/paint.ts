// Verdict event -> painted, measured in the page: performance.now() at arrival, then the end of the frame that
// shows the verdict (a task posted from the first animation frame after React committed runs once that frame's
// style, layout and paint are done). Durations only; nothing about the scan. Read by the UI benchmark.
const MAX = 2000;
const arrivals = new Map<number, number>();
const samples: number[] = [];
const commits: number[] = [];

declare global {
  interface Window { __kioskPaint?: { samples: number[]; commits: number[]; reset(): void; floor(): Promise<number> } }
}

/** The same wait with no work: from now to the end of the next frame (the physical floor the bench compares with). */
function floor(): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve) => requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { ch.port1.close(); resolve(performance.now() - t0); };
    ch.port2.postMessage(0);
  }));
}

export function installPaintMetrics(): void {
  window.__kioskPaint = { samples, commits, reset: () => { samples.length = 0; commits.length = 0; arrivals.clear(); }, floor };
}

// console.timeStamp marks the DevTools trace (the UI profile bench reads them); it records nothing when no trace runs
export function markArrival(seq: number): void {
  console.timeStamp(`kiosk-verdict-arrived-${seq}`);
  arrivals.set(seq, performance.now());
  if (arrivals.size > 64) arrivals.delete(arrivals.keys().next().value as number);
}

/** Call from a layout effect once the verdict for `seq` is in the DOM. */
export function markCommitted(seq: number): void {
  const t0 = arrivals.get(seq);
  if (t0 === undefined) return;
  arrivals.delete(seq);
  commits.push(performance.now() - t0);
  if (commits.length > MAX) commits.shift();
  requestAnimationFrame(() => {
    // the rAF callback runs before the frame's rendering; a message task queued here runs after it
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      console.timeStamp(`kiosk-verdict-painted-${seq}`);
      samples.push(performance.now() - t0);
      if (samples.length > MAX) samples.shift();
      ch.port1.close();
    };
    ch.port2.postMessage(0);
  });
}
