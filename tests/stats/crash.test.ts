// A crash loses at most the verdict in flight: a child process counting as fast as it can is killed with
// SIGKILL (by its PID); every increment it reported as recorded must be in the database, plus at most one.
// (SIGKILL stops the process, not the machine: surviving a power cut rests on synchronous=FULL in WAL mode.)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStatsStore } from '../../main/stats/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'stats-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stats crash', () => {
  it('keeps every increment reported before a SIGKILL', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'crash-child.ts'), dir, 'sync'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let reported = 0;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // 'close', not 'exit': every byte the child wrote before dying has been read by then
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        reported += d.length;
        if (reported >= 300) resolve();
      });
      child.on('exit', () => reject(new Error(`child exited early: ${stderr.slice(0, 500)}`)));
    });
    process.kill(child.pid!, 'SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const s = openStatsStore({ dataDir: dir });
    const total = s.query({ granularity: 'day' }).reduce((a, r) => a + r.count, 0);
    const hourly = s.query({ granularity: 'hour' }).reduce((a, r) => a + r.count, 0);
    s.close();
    expect(total).toBeGreaterThanOrEqual(reported);
    expect(total).toBeLessThanOrEqual(reported + 1);
    expect(hourly).toBe(total); // both tables are written in one transaction
  });

  it('with group commit, keeps every increment the store had written before a SIGKILL (loses at most the last window)', async () => {
    const gdir = join(dir, 'group');
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'crash-child.ts'), gdir, 'group'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString('latin1');
        // a few group commits seen
        if ((out.match(/c/g) ?? []).length >= 3) resolve();
      });
      child.on('exit', () => reject(new Error(`child exited early: ${stderr.slice(0, 500)}`)));
    });
    process.kill(child.pid!, 'SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const recorded = (out.match(/\+/g) ?? []).length;
    const committed = (out.slice(0, out.lastIndexOf('c')).match(/\+/g) ?? []).length;
    const s = openStatsStore({ dataDir: gdir });
    const total = s.query({ granularity: 'day' }).reduce((a, r) => a + r.count, 0);
    s.close();
    expect(committed).toBeGreaterThan(0);
    expect(total).toBeGreaterThanOrEqual(committed);
    expect(total).toBeLessThanOrEqual(recorded + 20);
  });
});
