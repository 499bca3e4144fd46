// Collects the chunks of a multi-QR SMART Health Card (deprecated `shc:/C/N/` form) across several scans.
// Pure and in memory: the scan pipeline feeds each `shc:/C/N/` text in and, once all N are in, verifies the
// joined text (chunks separated by a space, which verifySmartHealthCard accepts). Partial sets expire.
import { parseChunk, type ShcChunk } from './numeric.ts';

export type CollectResult =
  | { status: 'complete'; text: string }
  | { status: 'partial'; have: number; total: number }
  | { status: 'not-a-chunk' };

export class ShcChunkCollector {
  private chunks: ShcChunk[] = [];
  private texts = new Map<number, string>();
  private startedAt = 0;

  /** @param maxAgeMs how long a partial set waits for its missing chunks */
  constructor(private readonly maxAgeMs = 60_000) {}

  add(text: string, nowMs: number): CollectResult {
    const chunk = parseChunk(text.trim());
    if (!chunk || chunk.total === 1) return { status: 'not-a-chunk' };
    const known = this.texts.get(chunk.index);
    // a different text for a chunk we hold means another card is being scanned: start over with it
    const stale = this.chunks.length > 0 &&
      (nowMs - this.startedAt > this.maxAgeMs || this.chunks[0]!.total !== chunk.total || (known !== undefined && known !== text.trim()));
    if (this.chunks.length === 0 || stale) this.reset(nowMs);
    if (!this.texts.has(chunk.index)) {
      this.chunks.push(chunk);
      this.texts.set(chunk.index, text.trim());
    }
    if (this.texts.size < chunk.total) return { status: 'partial', have: this.texts.size, total: chunk.total };
    const ordered = [...this.texts.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t);
    this.reset(nowMs);
    return { status: 'complete', text: ordered.join(' ') };
  }

  reset(nowMs = 0): void {
    this.chunks = [];
    this.texts.clear();
    this.startedAt = nowMs;
  }
}
