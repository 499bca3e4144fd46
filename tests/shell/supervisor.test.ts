// The supervisor units: systemd restarts the standalone shell (user unit) and the headless door (system unit)
// always, with no start limit, so that no crash ends the kiosk for good. systemd itself checks each unit
// (`systemd-analyze verify`, no warnings), with its paths pointed at this build so that every executable exists.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'kiosk-units-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const units = [
  { file: 'venue-kiosk-standalone.service', user: true, entry: 'dist/main/standalone.mjs' },
  { file: 'venue-kiosk-listen.service', user: false, entry: 'dist/main/cli.mjs' },
];

function keys(text: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const k = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (k) m.set(k[1]!, [...(m.get(k[1]!) ?? []), k[2]!]);
  }
  return m;
}

describe('supervisor units', () => {
  for (const u of units) {
    it(`${u.file}: restarts always, never gives up, runs the built entry point`, () => {
      const text = readFileSync(join(root, 'resources/systemd', u.file), 'utf8');
      const k = keys(text);
      expect(k.get('Restart')).toEqual(['always']);
      expect(k.get('StartLimitIntervalSec')).toEqual(['0']);
      expect(k.get('UMask')).toEqual(['0077']);
      expect(k.get('ExecStart')![0]).toContain(`/opt/venue-kiosk/${u.entry}`);
    });

    it.skipIf(!existsSync('/usr/bin/systemd-analyze') || !existsSync(join(root, u.entry)))(`${u.file}: systemd-analyze verify finds nothing wrong`, () => {
      const node = process.execPath;
      const text = readFileSync(join(root, 'resources/systemd', u.file), 'utf8')
        .replaceAll('/opt/venue-kiosk', root).replaceAll('/usr/bin/node', node)
        .replace(/^User=kiosk$/m, 'User=root').replace(/^Group=kiosk$/m, 'Group=root');
      const f = join(tmp, u.file);
      writeFileSync(f, text);
      const runtime = join(tmp, 'xdg');
      mkdirSync(runtime, { recursive: true, mode: 0o700 });
      const r = spawnSync('systemd-analyze', ['verify', ...(u.user ? ['--user'] : []), f], { encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: runtime } });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr.split('\n').filter((l) => l.includes(u.file))).toEqual([]);
    });
  }
});
