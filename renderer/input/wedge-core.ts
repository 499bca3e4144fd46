// Telling a keyboard-wedge scanner from a person by timing alone. A scanner types its whole payload with a few
// milliseconds between keys; people leave 100 ms or more between most keys. Every printable key is held back
// while this decides:
// - a run of at least minChars keys, each within maxGapMs of the last, ended by Enter/Tab/Ctrl+J/Ctrl+M or by a
//   pause, is a scan: the keys never reach the page;
// - anything else was a person: in a text field the held keys are given back (typed into the field, in order,
//   at most maxGapMs late); elsewhere they are dropped (the kiosk screens have nothing to type into).
export interface WedgeKey {
  /** KeyboardEvent.key */
  key: string;
  ctrl: boolean;
  alt: boolean;
  meta: boolean;
  /** IME composition in progress (Chinese input in operator fields): never touched */
  composing: boolean;
  /** event time, ms */
  t: number;
  /** focus is in a text field */
  editable: boolean;
}

export interface WedgeSink {
  scan(text: string): void;
  /** keys that turned out to be a person's typing in a text field */
  giveBack(text: string): void;
}

export interface WedgeOptions {
  minChars: number;
  maxGapMs: number;
  /** longest scan kept; longer bursts are dropped */
  maxLength: number;
}

export const WEDGE_DEFAULTS: WedgeOptions = { minChars: 8, maxGapMs: 50, maxLength: 8192 };

export class WedgeCore {
  private buf: string[] = [];
  private lastT = 0;
  private editable = false;
  private overflow = false;

  constructor(
    private readonly opts: WedgeOptions,
    private readonly sink: WedgeSink,
  ) {}

  /** true while keys are held back */
  holding(): boolean {
    return this.buf.length > 0;
  }

  /** Handles a keydown. Returns true when the key must not reach the page. */
  key(k: WedgeKey): boolean {
    if (k.composing) return false;
    if (this.buf.length > 0 && k.t - this.lastT > this.opts.maxGapMs) this.end();
    const terminator = k.key === 'Enter' || k.key === 'Tab' || (k.ctrl && !k.alt && !k.meta && (k.key === 'j' || k.key === 'm' || k.key === 'J' || k.key === 'M'));
    if (terminator) {
      if (this.buf.length === 0) return false; // Enter on a button, Tab between fields: the page's
      this.end();
      return true;
    }
    if (k.ctrl || k.alt || k.meta || k.key.length !== 1) {
      // a shortcut or a navigation key ends whatever was held; the key itself goes to the page
      if (this.buf.length > 0) this.end();
      return false;
    }
    // (a gap longer than maxGapMs already ended the previous run above, so every held run is fast)
    if (this.buf.length === 0) this.editable = k.editable;
    this.lastT = k.t;
    if (this.buf.length >= this.opts.maxLength) this.overflow = true;
    else this.buf.push(k.key);
    return true;
  }

  /** The pause after the last key (called by a timer maxGapMs after it). */
  idle(now: number): void {
    if (this.buf.length > 0 && now - this.lastT >= this.opts.maxGapMs) this.end();
  }

  private end(): void {
    const text = this.buf.join('');
    const isScan = this.buf.length >= this.opts.minChars;
    const editable = this.editable;
    const overflow = this.overflow;
    this.buf = [];
    this.overflow = false;
    if (isScan) {
      if (!overflow) this.sink.scan(text);
    } else if (editable) this.sink.giveBack(text);
  }
}
