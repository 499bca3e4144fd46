// The database breaking under a running kiosk: record() keeps counting (in memory), fault() tells the operator,
// and the counts reach a file again once the file system allows.
//
// Tests run as root, for whom chmod does not make a file read-only. Read-only is made with `chattr +i`
// (immutable; skipped with a message where the file system or capabilities refuse it), and, always available,
// by replacing the database file with a directory.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStatsStore, type KioskStatsStore, type StatsEvent } from '../../main/stats/index.ts';

const dirs: string[] = [];
const stores: KioskStatsStore[] = [];
const immutable: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'stats-fault-'));
  dirs.push(d);
  return d;
}
function open(o: Parameters<typeof openStatsStore>[0]): KioskStatsStore {
  const s = openStatsStore({ retryMs: 60_000, ...o });
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const f of immutable.splice(0)) {
    try {
      execFileSync('chattr', ['-i', f], { stdio: 'ignore' });
    } catch {
      /* already gone */
    }
  }
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const T = new Date(2026, 10, 28, 15, 10).getTime();
const ev = (source: StatsEvent['source']): StatsEvent => ({ outcome: 'valid', credential: 'hk-vac', source, at: T });
const total = (s: KioskStatsStore): number => s.query({ granularity: 'day' }).reduce((a, r) => a + r.count, 0);
function countsInFile(dir: string): number {
  const db = new Database(join(dir, 'stats.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT coalesce(sum(count), 0) AS n FROM daily').get() as { n: number }).n;
  } finally {
    db.close();
  }
}
function recordN(s: KioskStatsStore, n: number, source: StatsEvent['source'] = 'camera'): void {
  for (let i = 0; i < n; i++) expect(() => s.record(ev(source))).not.toThrow();
}

function chattrWorks(dir: string): boolean {
  const probe = join(dir, 'probe');
  writeFileSync(probe, 'x');
  try {
    execFileSync('chattr', ['+i', probe], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { force: true });
  }
}

describe('stats faults', () => {
  it('database file deleted while running: carries the counts into a new file', () => {
    const dir = tmp();
    const s = open({ dataDir: dir, now: () => T, identityCheckMs: 0 }); // look at the file on every write
    recordN(s, 7);
    for (const f of readdirSync(dir)) unlinkSync(join(dir, f));
    recordN(s, 3);
    expect(s.fault()).toMatch(/deleted or replaced/);
    expect(total(s)).toBe(10);
    expect(existsSync(join(dir, 'stats.db'))).toBe(true);
    expect(countsInFile(dir)).toBe(10);
  });

  it('database path replaced by a directory: counts in memory, written when it is a file again', () => {
    const dir = tmp();
    const path = join(dir, 'stats.db');
    const s = open({ dataDir: dir, now: () => T, identityCheckMs: 0 }); // look at the file on every write
    recordN(s, 4);
    for (const f of readdirSync(dir)) unlinkSync(join(dir, f));
    mkdirSync(path);
    recordN(s, 5, 'serial');
    expect(s.fault()).toMatch(/cannot be opened.*9 count\(s\) are held in memory/);
    expect(s.pending()).toBe(9);
    expect(total(s)).toBe(9);
    expect(s.flush()).toBe(false);
    rmSync(path, { recursive: true });
    expect(s.flush()).toBe(true);
    expect(s.fault()).toMatch(/deleted or replaced/); // the operator still learns what happened
    expect(s.pending()).toBe(0);
    expect(countsInFile(dir)).toBe(9);
    recordN(s, 1);
    expect(countsInFile(dir)).toBe(10);
  });

  it('database made read-only (chattr +i) while running: held in memory, flushed when writable', (ctx) => {
    const dir = tmp();
    if (!chattrWorks(dir)) {
      console.warn('chattr +i is refused here (file system or capabilities); read-only case covered by the directory test');
      ctx.skip();
      return;
    }
    const s = open({ dataDir: dir, now: () => T });
    recordN(s, 6);
    // the database and its WAL; not the -shm index, which SQLite has mapped in memory: writing to a mapping of
    // an immutable file is a SIGBUS, not an error (a read-only remount cannot happen under open files anyway)
    const files = ['stats.db', 'stats.db-wal'].map((f) => join(dir, f));
    for (const f of files) {
      execFileSync('chattr', ['+i', f]);
      immutable.push(f);
    }
    recordN(s, 4, 'manual');
    expect(s.fault()).toMatch(/read-only|write error|cannot be/);
    expect(total(s)).toBe(10);
    for (const f of immutable.splice(0)) execFileSync('chattr', ['-i', f]);
    expect(s.flush()).toBe(true);
    expect(s.fault()).toBeNull();
    expect(countsInFile(dir)).toBe(10);
  });

  it('database overwritten with garbage while running: moved aside, counts carried over', () => {
    const dir = tmp();
    const a = open({ dataDir: dir, now: () => T });
    recordN(a, 12);
    a.close();
    const s = open({ dataDir: dir, now: () => T });
    const path = join(dir, 'stats.db');
    writeFileSync(path, randomBytes(statSync(path).size), { flag: 'r+' });
    recordN(s, 3);
    expect(s.fault()).toMatch(/damaged/);
    expect(total(s)).toBe(15);
    expect(readdirSync(dir).some((f) => f.startsWith('stats.db.damaged-'))).toBe(true);
    expect(countsInFile(dir)).toBe(15);
  });

  it('a corrupt file at start: moved aside, the kiosk counts from a fresh file', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'stats.db'), randomBytes(8192));
    const s = open({ dataDir: dir, now: () => T });
    expect(s.fault()).toMatch(/damaged/);
    recordN(s, 2);
    expect(total(s)).toBe(2);
    expect(countsInFile(dir)).toBe(2);
  });

  it('database locked by another program: no waiting, counts written after the lock goes', () => {
    const dir = tmp();
    const s = open({ dataDir: dir, now: () => T });
    recordN(s, 1);
    const other = new Database(join(dir, 'stats.db'));
    other.exec('BEGIN EXCLUSIVE');
    recordN(s, 3);
    expect(s.fault()).toMatch(/locked/);
    expect(total(s)).toBe(4);
    other.exec('COMMIT');
    other.close();
    expect(s.flush()).toBe(true);
    expect(s.fault()).toBeNull();
    expect(countsInFile(dir)).toBe(4);
  });

  it('database full: counting goes on in memory and the operator is told', () => {
    const dir = tmp();
    // a file capped at a few pages fills up after some distinct buckets, as a full disk would
    const s = open({ dataDir: dir, now: () => T, maxPageCount: 4 });
    const sources = ['hid-pos', 'hid-keyboard', 'serial', 'camera', 'wedge', 'manual', 'cli'] as const;
    const outcomes = ['valid', 'exempt', 'invalid', 'red', 'amber', 'not-applicable', 'unreadable'] as const;
    let n = 0;
    for (let h = 0; h < 24; h++) {
      for (const source of sources) {
        for (const outcome of outcomes) {
          expect(() => s.record({ outcome, credential: 'hk-vac', source, at: new Date(2026, 10, 28, h).getTime() })).not.toThrow();
          n++;
        }
      }
    }
    expect(s.fault()).toMatch(/full/);
    expect(s.pending()).toBeGreaterThan(0);
    expect(total(s)).toBe(n);
  });

  it('a database from a newer kiosk is left alone and counting goes on in memory', () => {
    const dir = tmp();
    const raw = new Database(join(dir, 'stats.db'));
    raw.pragma('user_version = 99');
    raw.close();
    const s = open({ dataDir: dir, now: () => T });
    expect(s.fault()).toMatch(/newer kiosk/);
    recordN(s, 2);
    expect(total(s)).toBe(2);
    const check = new Database(join(dir, 'stats.db'), { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(99);
    check.close();
  });

  it('retries on its own timer', async () => {
    const dir = tmp();
    const path = join(dir, 'stats.db');
    mkdirSync(path);
    const s = open({ dataDir: dir, now: () => T, retryMs: 20 });
    recordN(s, 3);
    expect(s.pending()).toBe(3);
    rmSync(path, { recursive: true });
    await expect.poll(() => s.pending(), { timeout: 5000, interval: 20 }).toBe(0);
    expect(s.fault()).toBeNull();
    expect(countsInFile(dir)).toBe(3);
  });

  it('keeps fault text within the 300 characters the operator screen takes, however deep the data directory', () => {
    const deep = join(tmp(), ...Array.from({ length: 12 }, (_, i) => `a-rather-long-folder-name-${i}`));
    mkdirSync(join(deep, 'stats.db'), { recursive: true });
    const s = open({ dataDir: deep, now: () => T });
    recordN(s, 2);
    const f = s.fault();
    expect(f).toMatch(/stats\.db cannot be opened; 2 count\(s\)/);
    expect(f!.length).toBeLessThanOrEqual(300);
  });

  it('a damaged file that cannot be moved aside: nothing lost, nothing counted twice while it waits', (ctx) => {
    const dir = tmp();
    if (!chattrWorks(dir)) {
      console.warn('chattr +i is refused here (file system or capabilities); skipping');
      ctx.skip();
      return;
    }
    const a = open({ dataDir: dir, now: () => T });
    recordN(a, 5);
    a.close(); // checkpointed: the next store reads these 5 from the file, not from its own writes
    const s = open({ dataDir: dir, now: () => T });
    const path = join(dir, 'stats.db');
    writeFileSync(path, randomBytes(statSync(path).size), { flag: 'r+' });
    // a frozen folder: the damaged file cannot be renamed out of the way
    execFileSync('chattr', ['+i', dir]);
    immutable.push(dir);
    recordN(s, 2);
    for (let i = 0; i < 4; i++) expect(s.flush()).toBe(false);
    expect(s.fault()).toMatch(/could not be moved aside/);
    expect(total(s)).toBe(7);
    execFileSync('chattr', ['-i', dir]);
    immutable.splice(immutable.indexOf(dir), 1);
    expect(s.flush()).toBe(true);
    expect(s.fault()).toMatch(/damaged; it was moved to stats\.db\.damaged-/);
    expect(total(s)).toBe(7);
    expect(countsInFile(dir)).toBe(7);
  });
});
