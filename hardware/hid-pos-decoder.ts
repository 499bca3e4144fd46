// HID POS (USB HID Point of Sale usage tables, usage page 0x8C) "scanned data" input reports, as sent by
// Honeywell, Zebra, Newland and Datalogic scanners in HID POS mode. One 64-byte report:
//   [0]      report id 0x02
//   [1]      number of data bytes in this report (0..56)
//   [2..4]   AIM symbology identifier, e.g. "]Q1" for QR
//   [5..60]  data (56 bytes, zero padded)
//   [61..62] vendor bytes (Honeywell: its own code id)
//   [63]     bit 0 set: more reports follow for this scan
// A pass of 2,400 characters arrives as ~43 reports; they are joined here into one text.
import { printableText } from './text-guard.ts';

export const HID_POS_USAGE_PAGE = 0x8c;
export const SCANNED_DATA_REPORT_ID = 0x02;
const DATA_OFFSET = 5;
const DATA_BYTES = 56;
const FLAG_OFFSET = 63;

export type PosResult =
  | { kind: 'scan'; text: string; aim: string }
  | { kind: 'partial' }
  | { kind: 'ignored' }
  | { kind: 'dropped'; reason: 'too-long' | 'noise' | 'malformed' };

export class HidPosDecoder {
  private parts: Buffer[] = [];
  private size = 0;
  private startedAt = 0;
  /** after dropping an over-long scan, its remaining continuation reports are skipped */
  private skipping = false;

  constructor(
    private readonly maxLength = 8192,
    /** a scan whose next report does not come within this time was cut off */
    private readonly staleMs = 1000,
  ) {}

  /** Feeds one input report. Reports that hidapi delivers without the id byte (63 bytes) are accepted too. */
  push(report: Uint8Array, at: number): PosResult {
    const r = report.length === 63 ? Buffer.concat([Buffer.from([SCANNED_DATA_REPORT_ID]), report]) : Buffer.from(report);
    if (r[0] !== SCANNED_DATA_REPORT_ID) return { kind: 'ignored' };
    if (r.length < 6) return this.fail('malformed');
    if (this.parts.length > 0 && at - this.startedAt > this.staleMs) this.reset();
    const n = r[1]!;
    if (n > DATA_BYTES || DATA_OFFSET + n > r.length) return this.fail('malformed');
    const more = r.length > FLAG_OFFSET ? (r[FLAG_OFFSET]! & 0x01) === 1 : false;
    if (this.skipping && at - this.startedAt > this.staleMs) this.skipping = false;
    if (this.skipping) {
      this.skipping = more;
      this.startedAt = at;
      return { kind: 'ignored' };
    }
    if (this.parts.length === 0) this.startedAt = at;
    this.size += n;
    if (this.size > this.maxLength) {
      this.skipping = more;
      this.startedAt = at;
      return this.fail('too-long');
    }
    this.parts.push(r.subarray(DATA_OFFSET, DATA_OFFSET + n));
    if (more) return { kind: 'partial' };
    const aim = r.subarray(2, 5).toString('latin1');
    let data = Buffer.concat(this.parts);
    this.reset();
    // A scanner left with a CR/LF suffix configured sends it inside the data; it is not part of the code.
    let end = data.length;
    while (end > 0 && (data[end - 1] === 0x0d || data[end - 1] === 0x0a)) end--;
    data = data.subarray(0, end);
    const text = printableText(data);
    if (text === null) return { kind: 'dropped', reason: 'noise' };
    return { kind: 'scan', text, aim };
  }

  /** true while a multi-report scan is incomplete */
  pending(): boolean {
    return this.parts.length > 0;
  }

  /** Drops an incomplete scan (device unplugged mid-scan, or its continuation never came). */
  reset(): void {
    this.parts = [];
    this.size = 0;
  }

  /** Forgets everything, including a scan being skipped (new device session). */
  clear(): void {
    this.reset();
    this.skipping = false;
  }

  private fail(reason: 'too-long' | 'malformed'): PosResult {
    this.reset();
    return { kind: 'dropped', reason };
  }
}

/** Builds the reports a HID POS scanner sends for `text` (used by tests and the benchmark, and documents the format). */
export function encodeHidPosReports(text: string, aim = ']Q1'): Buffer[] {
  const data = Buffer.from(text, 'utf8');
  const reports: Buffer[] = [];
  for (let off = 0; off < data.length || reports.length === 0; off += DATA_BYTES) {
    const chunk = data.subarray(off, off + DATA_BYTES);
    const r = Buffer.alloc(64);
    r[0] = SCANNED_DATA_REPORT_ID;
    r[1] = chunk.length;
    r.write(aim.padEnd(3, '\0').slice(0, 3), 2, 'latin1');
    chunk.copy(r, DATA_OFFSET);
    r[FLAG_OFFSET] = off + DATA_BYTES < data.length ? 1 : 0;
    reports.push(r);
  }
  return reports;
}
