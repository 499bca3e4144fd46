// The per-scan cost of counting: with group commit, record() writes nothing (the increments of a window go to the
// file in one transaction), reading counts or faults writes what is held first, and the file's identity is
// checked on a timer, not per scan, without losing a count when the file was deleted in between.
import { existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStatsStore } from '../../main/stats/index.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'stats-group-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const T = Date.parse('2026-06-15T04:00:00Z');
const ev = { outcome: 'valid', credential: 'hk-vac', source: 'serial', at: T } as const;

/** counts as a second program (the `kiosk stats` command) sees them in the file */
function inFile(dir: string): number {
  if (!existsSync(join(dir, 'stats.db'))) return 0;
  const db = new Database(join(dir, 'stats.db'), { readonly: true });
  try {
    return (db.prepare('SELECT COALESCE(SUM(count), 0) AS n FROM daily').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('group commit', () => {
  it('holds the increments of a window in memory and writes them together', async () => {
    const dir = tmp();
    const s = openStatsStore({ dataDir: dir, now: () => T, commitMs: 100 });
    for (let i = 0; i < 25; i++) s.record(ev);
    // nothing written on the scan path
    expect(s.pending()).toBe(25);
    expect(inFile(dir)).toBe(0);
    // the window's timer writes them, all in one go
    await expect.poll(() => s.pending(), { timeout: 5000 }).toBe(0);
    expect(inFile(dir)).toBe(25);
    s.close();
  });

  it('writes what is held before counts or faults are read, and on close', () => {
    const dir = tmp();
    const s = openStatsStore({ dataDir: dir, now: () => T, commitMs: 100 });
    s.record(ev);
    s.record(ev);
    expect(s.fault()).toBeNull();
    expect(inFile(dir)).toBe(2);
    s.record(ev);
    expect(s.query({ granularity: 'day' })[0]!.count).toBe(3);
    expect(inFile(dir)).toBe(3);
    s.record(ev);
    s.close();
    expect(inFile(dir)).toBe(4);
  });

  it('caps the window at 100 ms whatever is asked', async () => {
    const dir = tmp();
    const s = openStatsStore({ dataDir: dir, now: () => T, commitMs: 60_000 });
    s.record(ev);
    await expect.poll(() => inFile(dir), { timeout: 5000 }).toBe(1);
    s.close();
  });
});

describe('file identity on a timer', () => {
  it('does not look at the file on every write, and still carries every count over when it was deleted', async () => {
    const dir = tmp();
    const s = openStatsStore({ dataDir: dir, now: () => T, identityCheckMs: 60_000, retryMs: 60_000 });
    s.record(ev); // the first write after opening looks at the file
    for (const f of readdirSync(dir)) unlinkSync(join(dir, f));
    s.record(ev);
    s.record(ev);
    // within the interval the deletion is not noticed: the writes went to the deleted file, no stat per scan
    expect(s.fault()).toBeNull();
    expect(existsSync(join(dir, 'stats.db'))).toBe(false);
    s.close();
    // on close the file is looked at once more (as after any failure): every count reaches a new file
    const again = openStatsStore({ dataDir: dir, now: () => T });
    expect(again.query({ granularity: 'day' }).reduce((a, r) => a + r.count, 0)).toBe(3);
    again.close();
  });
});
