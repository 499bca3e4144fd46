// Plays tone patterns with Web Audio (no files to load, works offline under the CSP). One shared context, resumed on
// the first user gesture where the browser's autoplay policy demands it.
import { gainFor, tonesFor } from '../logic/tones.ts';

let ctx: AudioContext | null = null;

function context(): AudioContext | null {
  if (ctx) return ctx;
  const Ctor = globalThis.AudioContext ?? (globalThis as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctor) return null;
  try { ctx = new Ctor(); } catch { ctx = null; }
  return ctx;
}

/** Call once at start-up: a kiosk touched once (or launched with autoplay allowed) can beep from then on. */
export function unlockAudioOnGesture(): void {
  const unlock = () => { void context()?.resume().catch(() => {}); };
  for (const ev of ['pointerdown', 'keydown', 'touchstart']) window.addEventListener(ev, unlock, { passive: true });
}

export function playOutcome(outcome: string, volume: number, muted: boolean): void {
  const gain = gainFor(volume, muted);
  const tones = tonesFor(outcome);
  if (gain <= 0 || tones.length === 0) return;
  const ac = context();
  if (!ac) return;
  try {
    if (ac.state === 'suspended') void ac.resume().catch(() => {});
    const t0 = ac.currentTime + 0.02;
    for (const tone of tones) {
      const osc = ac.createOscillator();
      const g = ac.createGain();
      osc.type = 'sine';
      osc.frequency.value = tone.hz;
      const start = t0 + tone.at / 1000;
      const end = start + tone.durationMs / 1000;
      // short ramps avoid clicks
      g.gain.setValueAtTime(0, start);
      g.gain.linearRampToValueAtTime(gain, start + 0.01);
      g.gain.setValueAtTime(gain, end - 0.015);
      g.gain.linearRampToValueAtTime(0, end);
      osc.connect(g).connect(ac.destination);
      osc.start(start);
      osc.stop(end + 0.01);
    }
  } catch {
    // Sound is a courtesy; the screen carries the verdict.
  }
}
