// Disk full: the data dir on a tiny tmpfs (mounted here when running as root) that is filled up mid-run. The
// kiosk keeps giving verdicts, tells the operator what could not be saved, and writes the held counts once
// space is back. Without root (no mount), the same test runs with the files replaced by directories, which
// fails writes the same way (EISDIR instead of ENOSPC); the test names which one ran.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVac } from '../fixtures/hk/sign.ts';
import { Clock, hourlyRows, NOON_HK, openCore, total } from './helpers.ts';
import { scanMix } from './scan-mix.ts';

const mountPoint = mkdtempSync(join(tmpdir(), 'kiosk-diskfull-'));
let mounted = false;

beforeAll(() => {
  try {
    if (process.getuid?.() === 0 && !process.env.KIOSK_FAULTS_NO_MOUNT) {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint], { stdio: 'ignore' });
      mounted = true;
    }
  } catch {
    mounted = false;
  }
});
afterAll(() => {
  if (mounted) execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
  rmSync(mountPoint, { recursive: true, force: true });
});

/** Fills the file system until a write fails with ENOSPC; returns the filler path. */
function fill(dir: string): string {
  const filler = join(dir, 'filler.bin');
  const chunk = Buffer.alloc(4096, 0xaa);
  let size = 0;
  for (;;) {
    try {
      writeFileSync(filler, chunk, { flag: 'a' });
      size += chunk.length;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOSPC') return filler;
      throw e;
    }
    if (size > 64 * 1024 * 1024) throw new Error('the file system did not fill up');
  }
}

describe('disk full', () => {
  it('keeps verifying, tells the operator, and writes the held counts when space is back', async () => {
    const dataDir = join(mountPoint, 'data');
    mkdirSync(dataDir, { recursive: true });
    const clock = new Clock(NOON_HK);
    const core = await openCore(dataDir, clock);
    const session = core.openSession();
    const mix = scanMix();
    let scans = 0;
    const scanAll = async () => {
      for (const m of mix) {
        expect((await core.submitScan({ text: m.text, source: m.source, deviceId: 'd', at: clock.now() })).verdict.outcome).toBe(m.expect);
        scans++;
        clock.jump(31_000);
      }
    };
    await scanAll();

    let restore: () => void;
    if (mounted) {
      const filler = fill(mountPoint);
      restore = () => rmSync(filler);
    } else {
      // simulation: config.json and the counts database become directories, so that every write to them fails;
      // "space back" removes the directories (the store carries what it wrote into a fresh file, as designed)
      renameSync(join(dataDir, 'config.json'), join(dataDir, 'config.saved'));
      mkdirSync(join(dataDir, 'config.json'));
      rmSync(join(dataDir, 'stats.db'));
      mkdirSync(join(dataDir, 'stats.db'));
      restore = () => {
        rmSync(join(dataDir, 'config.json'), { recursive: true });
        renameSync(join(dataDir, 'config.saved'), join(dataDir, 'config.json'));
        rmSync(join(dataDir, 'stats.db'), { recursive: true });
      };
    }

    // verdicts go on while nothing can be written
    for (let i = 0; i < 5; i++) await scanAll();
    expect((await core.submitScan({ text: makeVac(), source: 'serial', deviceId: 'd', at: clock.now() })).verdict.outcome).toBe('valid');
    scans++;
    // a settings change cannot be saved: the operator is told (the request fails) and the kiosk keeps the old value
    const before = core.state().settings.volume;
    await expect(session.handlers.setSettings({ patch: { volume: 0.3 } })).rejects.toThrow(/could not be saved/);
    expect(core.state().settings.volume).toBe(before);
    const faults = core.state().faults.join('\n');
    expect(faults).toMatch(/configuration could not be saved/i);
    // and the counts are held in memory, with the reason on the operator screen
    expect(faults).toMatch(mounted ? /counts database.*full.*held in memory/i : /counts database.*held in memory/i);

    restore();
    await new Promise((r) => setTimeout(r, 1100)); // the store retries a failed write at most once a second
    clock.jump(31_000);
    await core.submitScan({ text: makeVac(), source: 'serial', deviceId: 'd', at: clock.now() });
    scans++;
    await core.close();
    expect(total(hourlyRows(dataDir))).toBe(scans);
    process.stdout.write(`disk-full test ran with ${mounted ? 'a full 1 MB tmpfs (ENOSPC)' : 'files replaced by directories (simulation)'}\n`);
  });
});
