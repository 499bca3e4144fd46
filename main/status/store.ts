// The list kept on disk in <dataDir>/status/. Every write goes to a temporary file in the same directory, is
// flushed, then renamed over the old one (and the directory flushed): a power cut at any point leaves either the
// old list or the new one, never half of one.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../settings/atomic-write.ts';

export const LIST_FILE = 'current.json';
export const STATE_FILE = 'sync-state.json';
/** the highest list version ever accepted, kept apart from the list: losing current.json must not open a rollback */
export const HIGH_WATER_FILE = 'high-water.json';
const TMP_PREFIX = '.tmp-';

export function statusDir(dataDir: string): string {
  return join(dataDir, 'status');
}

// one atomic writer for the whole kiosk: every byte or a failure, read back before the rename
export { writeFileAtomic };

/** Removes temporary files a power cut left behind (they were never renamed, so they were never the list). */
export function removeLeftovers(dir: string): void {
  try {
    for (const f of readdirSync(dir)) if (f.startsWith(TMP_PREFIX) || f.endsWith('.tmp')) rmSync(join(dir, f), { force: true });
  } catch {
    // no directory yet
  }
}

/** Reads a file refusing anything larger than maxBytes before reading it. */
export async function readTextCapped(path: string, maxBytes: number): Promise<{ ok: true; text: string; mtimeMs: number; size: number } | { ok: false; error: string }> {
  try {
    const st = statSync(path);
    if (!st.isFile()) return { ok: false, error: 'not a file' };
    if (st.size > maxBytes) return { ok: false, error: 'oversized' };
    const buf = await readFile(path);
    if (buf.length > maxBytes) return { ok: false, error: 'oversized' };
    return { ok: true, text: buf.toString('utf8'), mtimeMs: st.mtimeMs, size: st.size };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, error: code === 'ENOENT' ? 'missing' : `unreadable (${code ?? 'error'})` };
  }
}

export function fileStamp(path: string): string | null {
  try {
    const st = statSync(path);
    return `${st.size}:${st.mtimeMs}:${st.ino}`;
  } catch {
    return null;
  }
}

const SyncState = z.object({
  etag: z.string().max(200).optional(),
  source: z.string().max(2000).optional(),
  lastSyncAt: z.string().max(40).optional(),
  lastSyncError: z.string().max(500).optional(),
});
export type SyncState = z.infer<typeof SyncState>;

export async function readSyncState(dir: string): Promise<SyncState> {
  const r = await readTextCapped(join(dir, STATE_FILE), 64 * 1024);
  if (!r.ok) return {};
  try {
    const p = SyncState.safeParse(JSON.parse(r.text));
    return p.success ? p.data : {};
  } catch {
    return {};
  }
}

export function writeSyncState(dir: string, s: SyncState): void {
  writeFileAtomic(join(dir, STATE_FILE), JSON.stringify(s, null, 2) + '\n');
}

const HighWater = z.record(z.string().max(200), z.object({ version: z.number().int().min(1), entriesSha256: z.string().max(64) })).refine((r) => Object.keys(r).length <= 64);
export type HighWater = z.infer<typeof HighWater>;

/** Key of a list series: the same authority's same list id. */
export const seriesKey = (authority: string, listId: string): string => `${authority}/${listId}`;

export async function readHighWater(dir: string): Promise<HighWater> {
  const r = await readTextCapped(join(dir, HIGH_WATER_FILE), 64 * 1024);
  if (!r.ok) return {};
  try {
    const p = HighWater.safeParse(JSON.parse(r.text));
    return p.success ? p.data : {};
  } catch {
    return {};
  }
}

export function writeHighWater(dir: string, hw: HighWater): void {
  writeFileAtomic(join(dir, HIGH_WATER_FILE), JSON.stringify(hw, null, 2) + '\n');
}
