// Out of file descriptors (EMFILE): the device manager's next serial search cannot start udevadm. That is a
// fault shown among the devices, not the end of the process, and the search works again once descriptors are back.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';

let child: ReturnType<typeof spawn> | undefined;
afterEach(() => { if (child && child.exitCode === null) child.kill('SIGKILL'); });

describe.skipIf(!existsSync('/usr/bin/udevadm'))('EMFILE during the device search', () => {
  it('shows the failed search as a fault and recovers, without the process dying', async () => {
    child = spawn('prlimit', ['--nofile=256:256', '--', process.execPath, '--import', 'tsx', 'tests/faults/emfile-child.ts'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child!.once('exit', (c) => r(c)));
    const waitFor = (re: RegExp, after = 0) => Promise.race([
      new Promise<void>((res) => { const t = setInterval(() => { if (re.test(out.slice(after))) { clearInterval(t); res(); } }, 20); }),
      exited.then((c) => { throw new Error(`the process died (exit ${c}):\n${out.slice(-3000)}`); }),
    ]);
    await waitFor(/hoarding/);
    const from = out.indexOf('hoarding');
    await waitFor(/"id":"search:serial"[^}]*"state":"error"[^}]*cannot list devices/, from);
    child.stdin!.write('free\n');
    await waitFor(/freed/, from);
    const freedAt = out.indexOf('freed');
    // the next status line after a working search no longer carries the fault
    await waitFor(/\n\[(?![^\n]*search:serial)[^\n]*\]\n/, freedAt);
    expect(child.exitCode).toBe(null);
  });
});
