// Core restart: the counts survive a clean restart and a power cut (SIGKILL of the process mid-run), and the
// restarted core goes on counting into the same buckets.
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Clock, HOUR, hourlyRows, localHour, NOON_HK, openCore, tempDataDir, total } from './helpers.ts';
import { scanMix } from './scan-mix.ts';

let data: ReturnType<typeof tempDataDir>;
beforeEach(() => { data = tempDataDir(); });
afterEach(() => data.cleanup());

function expectedByOutcome(rounds: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of scanMix()) out[m.expect] = (out[m.expect] ?? 0) + rounds;
  return out;
}

function byOutcome(dataDir: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of hourlyRows(dataDir)) out[r.outcome] = (out[r.outcome] ?? 0) + r.count;
  return out;
}

describe('core restart', () => {
  it('keeps every count across a clean close and reopen, and adds to them afterwards', async () => {
    const clock = new Clock(NOON_HK);
    let core = await openCore(data.dir, clock);
    for (const m of scanMix()) {
      expect((await core.submitScan({ text: m.text, source: m.source, deviceId: 'a', at: clock.now() })).verdict.outcome).toBe(m.expect);
      clock.jump(31_000);
    }
    await core.close();
    expect(byOutcome(data.dir)).toEqual(expectedByOutcome(1));

    core = await openCore(data.dir, clock);
    for (const m of scanMix()) {
      await core.submitScan({ text: m.text, source: m.source, deviceId: 'a', at: clock.now() });
      clock.jump(31_000);
    }
    await core.close();
    expect(byOutcome(data.dir)).toEqual(expectedByOutcome(2));
    // all in the same hour bucket, split by source as scanned
    const rows = hourlyRows(data.dir);
    expect(new Set(rows.map((r) => r.period))).toEqual(new Set([localHour(NOON_HK)]));
    expect(total(rows, (r) => r.source === 'camera')).toBe(4);
  });

  it('keeps every count a killed process (power cut) had acknowledged', async () => {
    const rounds = 5;
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/faults/core-child.ts', data.dir, String(rounds), String(NOON_HK)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`child did not finish:\n${out}`)), 60_000);
      child.stdout!.on('data', () => { if (out.includes('scanned ')) { clearTimeout(t); resolve(); } });
      child.once('exit', (code) => { clearTimeout(t); reject(new Error(`child exited ${code}:\n${out}`)); });
    });
    process.kill(child.pid!, 'SIGKILL');
    await exited;

    expect(byOutcome(data.dir)).toEqual(expectedByOutcome(rounds));
    // and a kiosk started on the same data dir goes on from there
    const clock = new Clock(NOON_HK + HOUR);
    const core = await openCore(data.dir, clock);
    await core.submitScan({ text: scanMix()[0]!.text, source: 'serial', deviceId: 'a', at: clock.now() });
    await core.close();
    const rows = hourlyRows(data.dir);
    expect(total(rows)).toBe(rounds * scanMix().length + 1);
    expect(total(rows, (r) => r.period === localHour(NOON_HK + HOUR))).toBe(1);
  });
});
