// `kiosk devices [--json]`: what scanners, serial ports and cameras this machine shows the kiosk, and why any of
// them cannot be opened. For setting up a scanner at a venue; prints device facts only.
import { parseArgs } from 'node:util';
import { listDevices, type ListOptions } from '../../hardware/index.ts';

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; stdin: NodeJS.ReadableStream };

const USAGE = `Usage: kiosk devices [--json]

Lists serial ports, HID interfaces and cameras. "scanner" marks what the kiosk would use: HID POS interfaces
(usage page 0x8C), serial ports of known scanner vendors, and cameras. Use a listed path with
"kiosk listen --serial PATH[:BAUD]" or a VID:PID with "kiosk listen --hid VID:PID".
`;

export async function run(argv: string[], io: Io, listOpts: ListOptions = {}): Promise<number> {
  let values: { json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (e) {
    io.stderr.write(`kiosk devices: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const { devices, problems } = await listDevices(listOpts);
  if (values.json) {
    io.stdout.write(JSON.stringify({ devices, problems }, null, 2) + '\n');
    return 0;
  }
  const groups: [string, typeof devices][] = [
    ['Serial ports', devices.filter((d) => d.kind === 'serial')],
    ['HID devices', devices.filter((d) => d.kind.startsWith('hid'))],
    ['Cameras', devices.filter((d) => d.kind === 'camera')],
  ];
  for (const [title, list] of groups) {
    io.stdout.write(`${title}:\n`);
    if (list.length === 0) io.stdout.write('  (none)\n');
    for (const d of list) {
      const ids = d.vendorId ? ` ${d.vendorId}:${d.productId ?? '????'}` : '';
      const mark = d.scanner ? 'scanner' : '-';
      const kind = d.kind === 'hid-pos' ? ' [HID POS]' : d.kind === 'hid-keyboard' ? ' [keyboard]' : '';
      io.stdout.write(`  ${d.path.padEnd(24)} ${mark.padEnd(8)}${ids}  ${d.label}${kind}\n`);
      if (!d.usable || d.reason) io.stdout.write(`    ${d.usable ? 'note' : 'cannot open'}: ${d.reason ?? 'unknown'}\n`);
    }
  }
  for (const p of problems) io.stdout.write(`Problem: ${p}\n`);
  return 0;
}
