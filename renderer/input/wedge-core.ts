// Telling a keyboard-wedge scanner from a person by key timing. A scanner types its whole payload with a few
// milliseconds between keys; people leave 100 ms or more between most keys. Printable keys are held back while
// this decides:
// - a run of keys with no pause longer than holdMs, at least minChars long, in which nearly every gap (90%) is
//   within maxGapMs, ended by Enter/Tab/Ctrl+J/Ctrl+M or by a pause, is a scan: its keys never reach the page.
//   (A few slow gaps are tolerated: a busy machine can delay a key event now and then. Once a run looks like a
//   scan, or while it has had no slow gap at all, a pause must last burstHoldMs rather than holdMs to end it,
//   for the same reason.)
// - a run that is mostly slow is a person: in a text field the held keys are given back (typed into the field
//   in order) as soon as that is clear, and the rest of the run goes straight to the page; outside a text field
//   they are dropped (the kiosk screens have nothing to type into).
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
  /** a gap up to this is scanner speed */
  maxGapMs: number;
  /** a pause this long ends a run */
  holdMs: number;
  /** a pause this long ends a run that already looks like a scan */
  burstHoldMs: number;
  /** longest scan kept; longer bursts are dropped */
  maxLength: number;
}

export const WEDGE_DEFAULTS: WedgeOptions = { minChars: 8, maxGapMs: 50, holdMs: 150, burstHoldMs: 400, maxLength: 8192 };

export class WedgeCore {
  private buf: string[] = [];
  private lastT = 0;
  private gaps = 0;
  private slow = 0;
  private editable = false;
  private overflow = false;
  /** the current run was judged human: its keys go to the page until the next pause */
  private human = false;

  constructor(
    private readonly opts: WedgeOptions,
    private readonly sink: WedgeSink,
  ) {}

  /** true while keys are held back (or a human run is still going) */
  holding(): boolean {
    return this.buf.length > 0 || this.human;
  }

  /** Handles a keydown. Returns true when the key must not reach the page. */
  key(k: WedgeKey): boolean {
    if (k.composing) return false;
    if (this.holding() && k.t - this.lastT > this.limit()) this.end();
    const terminator =
      k.key === 'Enter' || k.key === 'Tab' || (k.ctrl && !k.alt && !k.meta && ['j', 'm', 'J', 'M'].includes(k.key));
    if (this.human) {
      this.lastT = k.t;
      if (terminator || k.ctrl || k.alt || k.meta || k.key.length !== 1) this.end();
      return false;
    }
    if (terminator) {
      if (this.buf.length === 0) return false; // Enter on a button, Tab between fields: the page's
      // the terminator of a scan is swallowed with it; after a person's keys it is theirs (e.g. submits the PIN)
      return this.end();
    }
    if (k.ctrl || k.alt || k.meta || k.key.length !== 1) {
      // a shortcut or a navigation key ends whatever was held; the key itself goes to the page
      if (this.buf.length > 0) this.end();
      return false;
    }
    if (this.buf.length === 0) {
      this.editable = k.editable;
      this.gaps = 0;
      this.slow = 0;
    } else {
      this.gaps++;
      if (k.t - this.lastT > this.opts.maxGapMs) this.slow++;
    }
    this.lastT = k.t;
    if (this.buf.length >= this.opts.maxLength) this.overflow = true;
    else this.buf.push(k.key);
    // mostly slow after a few keys: a person typing. Give their keys back now rather than at the pause.
    if (this.slow >= 3 && this.slow * 2 > this.gaps) {
      const text = this.buf.join('');
      this.buf = [];
      this.human = true;
      if (this.editable) this.sink.giveBack(text);
    }
    return true;
  }

  /** The pause after the last key (a timer calls this pauseMs() after it). */
  idle(now: number): void {
    if (this.holding() && now - this.lastT >= this.limit()) this.end();
  }

  /** how long the current run may pause before it ends */
  pauseMs(): number {
    return this.limit();
  }

  private looksLikeScan(): boolean {
    return this.buf.length >= this.opts.minChars && this.slow * 10 <= this.gaps;
  }

  private limit(): number {
    if (this.human) return this.opts.holdMs;
    // a run that looks like a scan, or has had no slow gap yet, may be a scanner stalled by a busy machine
    return this.looksLikeScan() || this.slow === 0 ? this.opts.burstHoldMs : this.opts.holdMs;
  }

  /** Ends the current run; true when it was a scan (delivered, or dropped as too long). */
  private end(): boolean {
    const text = this.buf.join('');
    const isScan = this.looksLikeScan();
    const editable = this.editable;
    const overflow = this.overflow;
    const hadHuman = this.human;
    this.buf = [];
    this.overflow = false;
    this.human = false;
    if (hadHuman || text.length === 0) return false;
    if (isScan) {
      if (!overflow) this.sink.scan(text);
      return true;
    }
    if (editable) this.sink.giveBack(text);
    return false;
  }
}
