// `kiosk stats`: read-only view and CSV of the counts a running kiosk writes.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { captureIo } from '../support/cli-io.ts';
import { run } from '../../main/cli/stats.ts';
import { openStatsStore } from '../../main/stats/index.ts';

const io = () => captureIo();
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'cli-stats-'));
  dirs.push(d);
  return d;
}
const at = (d: number, h: number): number => new Date(2026, 10, d, h, 15).getTime();

describe('kiosk stats', () => {
  it('prints CSV of daily and hourly totals within --from/--to while the kiosk has the database open', async () => {
    const dir = tmp();
    const s = openStatsStore({ dataDir: dir, now: () => at(28, 20) });
    s.record({ outcome: 'valid', credential: 'hk-vac', source: 'camera', at: at(26, 9) });
    s.record({ outcome: 'valid', credential: 'hk-vac', source: 'camera', at: at(27, 9) });
    s.record({ outcome: 'valid', credential: 'hk-vac', source: 'camera', at: at(27, 10) });
    s.record({ outcome: 'red', credential: 'hk-vac', source: 'serial', at: at(28, 11) });
    const c = io();
    expect(await run(['--data-dir', dir, '--csv', '--from', '2026-11-27'], c.io)).toBe(0);
    expect(c.out()).toBe(
      'period,outcome,credential,source,count\r\n2026-11-27,valid,hk-vac,camera,2\r\n2026-11-28,red,hk-vac,serial,1\r\n',
    );
    const h = io();
    expect(await run(['--data-dir', dir, '--csv', '--hourly', '--from', '2026-11-27', '--to', '2026-11-27T09'], h.io)).toBe(0);
    expect(h.out()).toBe('period,outcome,credential,source,count\r\n2026-11-27T09:00,valid,hk-vac,camera,1\r\n');
    const t = io();
    expect(await run(['--data-dir', dir], t.io)).toBe(0);
    expect(t.out()).toMatch(/Total 4 \(/);
    s.close();
  });

  it('does not create a database where there is none', async () => {
    const dir = tmp();
    const c = io();
    expect(await run(['--data-dir', join(dir, 'nothing'), '--csv'], c.io)).toBe(0);
    expect(c.out()).toBe('period,outcome,credential,source,count\r\n');
    expect(c.err()).toMatch(/no counts/);
    expect(existsSync(join(dir, 'nothing'))).toBe(false);
  });

  it('rejects malformed dates', async () => {
    const c = io();
    expect(await run(['--data-dir', tmp(), '--from', '27/11/2026'], c.io)).toBe(2);
    expect(c.err()).toMatch(/YYYY-MM-DD/);
  });
});
