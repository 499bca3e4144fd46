// The real device manager (auto-detect: serialport's udevadm search, node-hid) in a process that has used up its
// file descriptors. Prints every status change as JSON; on "free" (stdin) it closes the descriptors it hoarded.
import { openSync, closeSync } from 'node:fs';
import { createDeviceManager } from '../../hardware/device-manager.ts';

const hoard: number[] = [];
const m = createDeviceManager({
  autoDetect: true,
  pollMs: 100,
  // every poll runs the full listing (udevadm), as the test's faults need; a kiosk's default keeps it 30 s for
  // an unchanged set of ttys, so a search that would fail is only tried that often
  serialRelistMs: 100,
  onScan: () => {},
  onStatus: (d) => process.stdout.write(`${JSON.stringify(d)}\n`),
});
await m.start();
// keep one descriptor back: enough for Node's own work, too few for a child process's stdio pipes
for (;;) {
  try { hoard.push(openSync('/dev/null', 'r')); } catch { break; }
}
for (const fd of hoard.splice(0, 1)) closeSync(fd);
process.stdout.write('hoarding\n');
process.stdin.on('data', () => {
  for (const fd of hoard.splice(0)) closeSync(fd);
  process.stdout.write('freed\n');
});
