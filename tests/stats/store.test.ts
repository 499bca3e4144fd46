// Counting, buckets, CSV, retention and the schema's refusal of anything but aggregate keys.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStatsStore, type KioskStatsStore } from '../../main/stats/index.ts';

const dirs: string[] = [];
const stores: KioskStatsStore[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'stats-'));
  dirs.push(d);
  return d;
}
function open(o: Parameters<typeof openStatsStore>[0]): KioskStatsStore {
  const s = openStatsStore(o);
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

// local wall-clock times, as the venue sees them
const at = (y: number, mo: number, d: number, h: number, mi = 0): number => new Date(y, mo - 1, d, h, mi).getTime();

describe('stats store', () => {
  it('counts each verdict once in its hour and day bucket', () => {
    const dir = tmp();
    const s = open({ dataDir: dir, now: () => at(2026, 11, 28, 18) });
    s.record({ outcome: 'valid', credential: 'hk-vac', source: 'camera', at: at(2026, 11, 28, 9, 5) });
    s.record({ outcome: 'valid', credential: 'hk-vac', source: 'camera', at: at(2026, 11, 28, 9, 59) });
    s.record({ outcome: 'red', credential: 'hk-vac', source: 'serial', at: at(2026, 11, 28, 10, 0) });
    s.record({ outcome: 'invalid', credential: 'eu-dcc', source: 'manual', at: at(2026, 11, 27, 23, 59) });
    expect(s.fault()).toBeNull();
    expect(s.query({ granularity: 'hour' })).toEqual([
      { period: '2026-11-27T23:00', outcome: 'invalid', credential: 'eu-dcc', source: 'manual', count: 1 },
      { period: '2026-11-28T09:00', outcome: 'valid', credential: 'hk-vac', source: 'camera', count: 2 },
      { period: '2026-11-28T10:00', outcome: 'red', credential: 'hk-vac', source: 'serial', count: 1 },
    ]);
    expect(s.query({ granularity: 'day' })).toEqual([
      { period: '2026-11-27', outcome: 'invalid', credential: 'eu-dcc', source: 'manual', count: 1 },
      { period: '2026-11-28', outcome: 'red', credential: 'hk-vac', source: 'serial', count: 1 },
      { period: '2026-11-28', outcome: 'valid', credential: 'hk-vac', source: 'camera', count: 2 },
    ]);
    // a day bound covers every hour of that day
    expect(s.query({ granularity: 'hour', from: '2026-11-28', to: '2026-11-28' }).map((r) => r.count)).toEqual([2, 1]);
    expect(s.query({ granularity: 'hour', from: '2026-11-28T10', to: '2026-11-28T10' }).map((r) => r.outcome)).toEqual(['red']);
    expect(s.query({ granularity: 'day', to: '2026-11-27' })).toHaveLength(1);
    expect(() => s.query({ granularity: 'day', from: '28/11/2026' })).toThrow(RangeError);
  });

  it('keeps the counts across a restart (WAL, committed per verdict)', () => {
    const dir = tmp();
    const t = at(2026, 3, 1, 12);
    const a = openStatsStore({ dataDir: dir, now: () => t });
    for (let i = 0; i < 25; i++) a.record({ outcome: 'exempt', credential: 'hk-mec', source: 'hid-pos', at: t });
    // no close(): a crash leaves the WAL behind, and every committed increment must be in it
    const b = open({ dataDir: dir, now: () => t });
    expect(b.query({ granularity: 'day' })).toEqual([{ period: '2026-03-01', outcome: 'exempt', credential: 'hk-mec', source: 'hid-pos', count: 25 }]);
    a.close();
    const raw = new Database(join(dir, 'stats.db'), { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    raw.close();
  });

  it('exports CSV with one row per non-zero bucket', () => {
    const dir = tmp();
    const s = open({ dataDir: dir, now: () => at(2026, 11, 28, 18) });
    s.recordBatch([
      { outcome: 'valid', credential: 'hk-vac', source: 'wedge', at: at(2026, 11, 28, 8, 30) },
      { outcome: 'valid', credential: 'hk-vac', source: 'wedge', at: at(2026, 11, 28, 8, 31) },
      { outcome: 'amber', credential: 'hk-vac', source: 'wedge', at: at(2026, 11, 28, 14, 0) },
    ]);
    expect(s.exportCsv('day').split('\r\n')).toEqual([
      'period,outcome,credential,source,count',
      '2026-11-28,amber,hk-vac,wedge,1',
      '2026-11-28,valid,hk-vac,wedge,2',
      '',
    ]);
    expect(s.exportCsv('hour').split('\r\n')).toEqual([
      'period,outcome,credential,source,count',
      '2026-11-28T08:00,valid,hk-vac,wedge,2',
      '2026-11-28T14:00,amber,hk-vac,wedge,1',
      '',
    ]);
  });

  it('drops hourly buckets past the retention and keeps daily totals longer', () => {
    const dir = tmp();
    let now = at(2026, 1, 1, 12);
    const s = open({ dataDir: dir, now: () => now, retentionDays: 31, dailyRetentionDays: 400 });
    s.record({ outcome: 'valid', credential: 'shc', source: 'camera', at: now });
    now = at(2026, 1, 31, 12); // 30 days later: still inside 31 days
    s.record({ outcome: 'valid', credential: 'shc', source: 'camera', at: now });
    expect(s.query({ granularity: 'hour' })).toHaveLength(2);
    now = at(2026, 2, 2, 13); // 32 days after the first
    s.record({ outcome: 'valid', credential: 'shc', source: 'camera', at: now });
    expect(s.query({ granularity: 'hour' }).map((r) => r.period)).toEqual(['2026-01-31T12:00', '2026-02-02T13:00']);
    expect(s.query({ granularity: 'day' }).map((r) => r.period)).toEqual(['2026-01-01', '2026-01-31', '2026-02-02']);
    now = at(2027, 2, 10, 9); // > 400 days after 2026-01-01
    s.record({ outcome: 'valid', credential: 'shc', source: 'camera', at: now });
    expect(s.query({ granularity: 'day' }).map((r) => r.period)).toEqual(['2026-01-31', '2026-02-02', '2027-02-10']);
    // retention changed by the operator applies at once
    s.setRetention({ hourly: 1, daily: 5 });
    expect(s.query({ granularity: 'hour' }).map((r) => r.period)).toEqual(['2027-02-10T09:00']);
    expect(s.query({ granularity: 'day' }).map((r) => r.period)).toEqual(['2027-02-10']);
  });

  it('never throws on bad events and counts none of them', () => {
    const dir = tmp();
    const s = open({ dataDir: dir, now: () => at(2026, 5, 5, 5) });
    const bad = [
      { outcome: 'Chan Tai Man', credential: 'hk-vac', source: 'camera', at: 1 },
      { outcome: 'valid', credential: 'A1234567', source: 'camera', at: 1 },
      { outcome: 'valid', credential: 'hk-vac', source: 'somewhere', at: 1 },
      null,
    ];
    for (const e of bad) expect(() => s.record(e as never)).not.toThrow();
    expect(() => s.recordBatch(bad as never)).not.toThrow();
    expect(s.fault()).toMatch(/not counted/);
    // an impossible time falls back to the clock, never to a junk bucket
    s.record({ outcome: 'valid', credential: 'hk-vac', source: 'camera', at: Number.NaN });
    expect(s.query({ granularity: 'hour' })).toEqual([{ period: '2026-05-05T05:00', outcome: 'valid', credential: 'hk-vac', source: 'camera', count: 1 }]);
  });

  it('has a schema that refuses anything but short lowercase words as keys', () => {
    const dir = tmp();
    open({ dataDir: dir }).close();
    const raw = new Database(join(dir, 'stats.db'));
    const ins = raw.prepare('INSERT INTO hourly (period, outcome, credential, source, count) VALUES (?, ?, ?, ?, 1)');
    expect(() => ins.run('2026-01-01T01:00', 'valid', 'hk-vac', 'camera')).not.toThrow();
    expect(() => ins.run('2026-01-01T01:00', 'A123456(7)', 'hk-vac', 'camera')).toThrow(/CHECK/);
    expect(() => ins.run('2026-01-01T01:00', 'valid', 'chan tai man', 'camera')).toThrow(/CHECK/);
    expect(() => ins.run('2026-01-01T01:00', 'valid', 'hk-vac', 'x'.repeat(25))).toThrow(/CHECK/);
    expect(() => ins.run('2026-01-01T01:17', 'valid', 'hk-vac', 'manual')).toThrow(/CHECK/);
    raw.close();
  });

  it('opens read-only for the command line without creating a file', () => {
    const dir = tmp();
    const ro = open({ dataDir: join(dir, 'none'), readOnly: true });
    expect(ro.query({ granularity: 'day' })).toEqual([]);
    expect(ro.fault()).toMatch(/cannot be opened/);
    const w = open({ dataDir: dir, now: () => at(2026, 2, 2, 2) });
    w.record({ outcome: 'unreadable', credential: 'unknown', source: 'cli', at: at(2026, 2, 2, 2) });
    const r = open({ dataDir: dir, readOnly: true });
    expect(r.query({ granularity: 'day' })).toEqual([{ period: '2026-02-02', outcome: 'unreadable', credential: 'unknown', source: 'cli', count: 1 }]);
    r.record({ outcome: 'valid', credential: 'hk-vac', source: 'cli', at: 0 });
    expect(w.query({ granularity: 'day' })).toHaveLength(1);
  });
});
