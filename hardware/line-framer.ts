// Serial scanners send a line of text ended by CR, LF or CR LF, or nothing at all (then a pause ends the scan).
// This turns a byte stream into lines, bounded in memory: an over-long line is dropped, not buffered.
// 'auto' (the kiosk's default) takes both: a quiet gap ends a scan until the scanner has sent its first CR or LF;
// from then on it is known to terminate its scans, and a line cut off by a pause is dropped as in 'cr' mode.
export type Terminator = 'cr' | 'lf' | 'crlf' | 'none' | 'auto';

export interface FramerOptions {
  terminator: Terminator;
  /** 'none': a pause this long ends the line. Other modes: a partial line idle 20x this long is discarded. */
  interByteTimeoutMs: number;
  /** longest line kept; longer lines are dropped whole */
  maxLength: number;
}

export type DropReason = 'too-long' | 'noise' | 'incomplete';

export interface FramerSink {
  line(bytes: Buffer): void;
  drop(reason: DropReason): void;
}

const CR = 0x0d;
const LF = 0x0a;

export class LineFramer {
  private buf: Buffer;
  private len = 0;
  /** true after an over-long line: bytes are skipped until the line ends */
  private discarding = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** 'auto': a CR or LF has been seen on this port */
  private sawTerminator = false;

  constructor(
    private readonly opts: FramerOptions,
    private readonly sink: FramerSink,
  ) {
    this.buf = Buffer.alloc(Math.min(opts.maxLength, 4096));
  }

  push(chunk: Uint8Array): void {
    const lineMode = this.opts.terminator !== 'none';
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      // Any CR or LF ends a line whatever was configured: a scanner set to CRLF while the kiosk expects CR still
      // works, and the empty line between CR and LF is ignored.
      if (lineMode && (b === CR || b === LF)) {
        this.sawTerminator = true;
        this.endLine();
        continue;
      }
      if (this.discarding) continue;
      if (this.len >= this.opts.maxLength) {
        this.discarding = true;
        this.len = 0;
        this.sink.drop('too-long');
        continue;
      }
      if (this.len === this.buf.length) {
        const bigger = Buffer.alloc(Math.min(this.opts.maxLength, this.buf.length * 2));
        this.buf.copy(bigger, 0, 0, this.len);
        this.buf = bigger;
      }
      this.buf[this.len++] = b;
    }
    this.arm();
  }

  /** How scans end right now: 'quiet-gap' for 'none' and for 'auto' until a terminator arrives. */
  framing(): 'terminator' | 'quiet-gap' {
    return this.quietGap() ? 'quiet-gap' : 'terminator';
  }

  private quietGap(): boolean {
    return this.opts.terminator === 'none' || (this.opts.terminator === 'auto' && !this.sawTerminator);
  }

  /** Drops a partial line (the device went away mid-scan). */
  reset(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.len = 0;
    this.discarding = false;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.len === 0 && !this.discarding) return;
    const none = this.quietGap();
    const ms = none ? this.opts.interByteTimeoutMs : Math.max(1000, this.opts.interByteTimeoutMs * 20);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (none) this.endLine();
      else {
        // A line that never ended was cut off (unplugged, noise): better no scan than half a pass.
        const had = this.len > 0 && !this.discarding;
        this.len = 0;
        this.discarding = false;
        if (had) this.sink.drop('incomplete');
      }
    }, ms);
    this.timer.unref?.();
  }

  private endLine(): void {
    if (this.discarding) {
      this.discarding = false;
      this.len = 0;
      return;
    }
    if (this.len === 0) return;
    const line = Buffer.from(this.buf.subarray(0, this.len));
    this.len = 0;
    this.sink.line(line);
  }
}
