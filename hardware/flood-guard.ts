// A stuck trigger or a scanner in continuous mode can fire dozens of scans a second. A token bucket per device
// keeps such a flood from swamping the core and the screen; the other devices are unaffected.
export class FloodGuard {
  private tokens: number;
  private last: number;
  constructor(
    private readonly perSecond = 10,
    private readonly burst = 20,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }
  /** true when this scan may pass */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
