// Runs a callback once the next frame has been painted: a task posted from the next animation frame runs after that
// frame's style, layout and paint. Work that must not delay the verdict's frame (its sound, the start of a
// refusal's hold) goes here. A page that paints no frames (hidden) still runs it, after FALLBACK_MS.
const FALLBACK_MS = 100;

/** Returns a cancel function. */
export function afterNextPaint(cb: () => void): () => void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(fallback);
    cb();
  };
  const fallback = setTimeout(run, FALLBACK_MS);
  const frame = requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { ch.port1.close(); run(); };
    ch.port2.postMessage(0);
  });
  return () => {
    done = true;
    clearTimeout(fallback);
    cancelAnimationFrame(frame);
  };
}
