// The same pass scanned again within a short window counts once. Remembered in memory only, as a digest
// that is dropped when the window passes; nothing of it ever reaches disk.
import { createHash } from 'node:crypto';

export class RecentScans {
  private seen = new Map<string, number>();

  constructor(private readonly windowMs = 30_000, private readonly maxEntries = 10_000) {}

  /** true when this text was already counted inside the window */
  seenRecently(text: string, now: number): boolean {
    this.prune(now);
    const key = createHash('sha256').update(text.trim()).digest('base64');
    const at = this.seen.get(key);
    if (at !== undefined && now - at < this.windowMs && now >= at) return true;
    this.seen.set(key, now);
    if (this.seen.size > this.maxEntries) this.seen.delete(this.seen.keys().next().value!);
    return false;
  }

  private prune(now: number): void {
    for (const [k, at] of this.seen) {
      if (now - at < this.windowMs && now >= at) break; // insertion order = time order
      this.seen.delete(k);
    }
  }
}
