// A pass held in front of the camera is read ten times a second; the core must see it once. The same text is
// ignored for a few seconds after it was last passed on; any other text goes through at once.
export class RepeatSuppressor {
  private lastText: string | undefined;
  private lastAt = -Infinity;

  constructor(private readonly windowMs = 4000) {}

  /** true when `text` read at `now` should be submitted */
  accept(text: string, now: number): boolean {
    if (text === this.lastText && now - this.lastAt < this.windowMs) {
      // still in view: keep suppressing until it has been gone for the whole window
      this.lastAt = now;
      return false;
    }
    this.lastText = text;
    this.lastAt = now;
    return true;
  }

  reset(): void {
    this.lastText = undefined;
    this.lastAt = -Infinity;
  }
}
