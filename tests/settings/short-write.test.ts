// A nearly full disk cuts a write short: the kernel takes what fits (here one 4 KiB page of a 4.5 KB config) and
// refuses the rest. The config must be written fully or not at all: the operator is told, the previous file is
// kept, and the kiosk starts again on it with its PIN. Runs on a real tmpfs that fills up (root: mount -t tmpfs).
import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColourResolver } from '../../main/kiosk/ports.ts';
import { ConfigFile } from '../../main/settings/config.ts';
import { writeFileAtomic } from '../../main/settings/atomic-write.ts';
import { Clock, NOON_HK, openCore } from '../faults/helpers.ts';

const mountPoint = mkdtempSync(join(tmpdir(), 'kiosk-shortwrite-'));
let mounted = false;
beforeAll(() => {
  try {
    if (process.getuid?.() === 0) {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountPoint], { stdio: 'ignore' });
      mounted = true;
    }
  } catch { mounted = false; }
});
afterAll(() => {
  if (mounted) execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
  rmSync(mountPoint, { recursive: true, force: true });
});

/** Fills the file system, then frees exactly `pages` 4 KiB pages: the next larger write is cut short. */
function fillLeaving(pages: number): void {
  const filler = join(mountPoint, 'filler.bin');
  const fd = openSync(filler, 'a');
  const chunk = Buffer.alloc(4096, 0xaa);
  try {
    for (;;) {
      try { writeSync(fd, chunk); } catch (e) { if ((e as NodeJS.ErrnoException).code === 'ENOSPC') break; throw e; }
    }
    const size = statSync(filler).size;
    ftruncateSync(fd, size - (size % 4096) - pages * 4096);
  } finally {
    closeSync(fd);
  }
}

const noColour: ColourResolver = {
  resolve: async () => ({ colour: { value: 'unknown', source: 'none' }, revoked: false }),
  info: () => ({ loaded: false, stale: false }),
  sync: async () => ({ loaded: false, stale: false }),
  close() {},
};

describe.skipIf(process.getuid?.() !== 0)('short writes on a full disk (tmpfs)', () => {
  it('the disk really cuts a 4.5 KB write at one page (the fault this guards against)', () => {
    expect(mounted).toBe(true);
    fillLeaving(1);
    const fd = openSync(join(mountPoint, 'probe'), 'w');
    let n = 0;
    try { n = writeSync(fd, Buffer.alloc(4600, 0x41)); } finally { closeSync(fd); }
    expect(n).toBe(4096);
    rmSync(join(mountPoint, 'probe'));
    rmSync(join(mountPoint, 'filler.bin'));
  });

  it('a settings change that does not fit is refused, the old config kept, and the kiosk restarts on it', async () => {
    const dataDir = join(mountPoint, 'data');
    mkdirSync(dataDir, { recursive: true });
    const clock = new Clock(NOON_HK);
    let core = await openCore(dataDir, clock, { colour: noColour });
    let s = core.openSession();
    expect(await s.handlers.operatorLogin({ pin: '1234' })).toEqual({ ok: true });
    const before = readFileSync(join(dataDir, 'config.json'), 'utf8');

    fillLeaving(1);
    const long = `https://status.example.invalid/${'x'.repeat(1950)}`;
    const patch = { statusSync: { listUrl: long, lookupUrl: long, intervalMinutes: 15 }, printer: 'p'.repeat(300) };
    await expect(s.handlers.setSettings({ patch })).rejects.toThrow(/could not be saved/);
    expect(core.state().faults.join('\n')).toMatch(/configuration could not be saved/);
    // the file on disk is the previous one, whole, and no temporary file is left taking the space
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).toBe(before);
    expect(readdirSync(dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(core.state().settings.statusSync.listUrl).toBeUndefined();
    await core.close();

    core = await openCore(dataDir, clock, { colour: noColour });
    expect(core.state().faults.join('\n')).not.toMatch(/damaged|PIN was lost/);
    s = core.openSession();
    expect(await s.handlers.operatorLogin({ pin: '1234' })).toEqual({ ok: true });

    // with space back, the same change is saved whole
    rmSync(join(mountPoint, 'filler.bin'));
    await s.handlers.setSettings({ patch });
    const saved = ConfigFile.parse(JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')));
    expect(saved.settings?.statusSync?.listUrl).toBe(long);
    expect(core.state().faults.join('\n')).not.toMatch(/could not be saved/);
    await core.close();
  });

  it('writeFileAtomic fails on a short write instead of renaming a cut file over the old one', () => {
    const file = join(mountPoint, 'f.json');
    writeFileAtomic(file, 'old');
    fillLeaving(1);
    expect(() => writeFileAtomic(file, 'y'.repeat(4600))).toThrow();
    expect(readFileSync(file, 'utf8')).toBe('old');
    rmSync(join(mountPoint, 'filler.bin'));
  });
});
