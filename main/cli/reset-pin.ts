// `kiosk reset-pin [--data-dir DIR] [--config FILE]`: PIN recovery for a kiosk whose PIN was forgotten or lost with
// a damaged configuration file. It needs a shell on the kiosk as the kiosk user (the configuration is that user's
// file), reads the new PIN from stdin (never from the command line, which every local user can read in /proc),
// clears the lock, and says so in the kiosk's log. The running kiosk picks the new PIN up when it restarts.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../kiosk/log.ts';
import { defaultDataDir } from '../paths.ts';
import { configPathFor, loadConfig, writeConfig } from '../settings/config.ts';
import { hashPin } from '../settings/pin-hash.ts';

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; stdin: NodeJS.ReadableStream };

const USAGE = `Usage: kiosk reset-pin [--data-dir DIR] [--config FILE] < PIN

Sets a new operator PIN (4 to 12 digits, read from the first line of stdin) and clears the wrong-PIN lock.
Run it as the kiosk user on the kiosk itself, then restart the kiosk (systemctl restart venue-kiosk).
Example: printf '%s\\n' 4821 | kiosk reset-pin --data-dir /var/lib/venue-kiosk
`;

const MAX_STDIN = 256;

function firstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  return new Promise((res) => {
    let buf = '';
    const done = () => { stdin.off('data', onData); res(buf.split(/\r?\n/)[0]!.trim()); };
    const onData = (c: Buffer | string) => {
      buf += String(c);
      if (buf.includes('\n') || buf.length > MAX_STDIN) done();
    };
    stdin.on('data', onData);
    stdin.once('end', done);
    stdin.once('error', done);
  });
}

export async function run(argv: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (e) {
    io.stderr.write(`kiosk reset-pin: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const file = values.config ? resolve(values.config) : configPathFor(dataDir);
  const pin = await firstLine(io.stdin);
  if (!/^[0-9]{4,12}$/.test(pin)) {
    io.stderr.write(`kiosk reset-pin: the new PIN (first line of stdin) must be 4 to 12 digits\n${USAGE}`);
    return 2;
  }
  const loaded = loadConfig(file);
  const { pinLost: _lost, ...rest } = loaded.config;
  try {
    writeConfig(file, { ...rest, pinHash: await hashPin(pin) });
    rmSync(join(dataDir, 'operator-lock.json'), { force: true });
  } catch (e) {
    io.stderr.write(`kiosk reset-pin: cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 1;
  }
  createLogger(dataDir, false).warn('operator PIN reset from the command line (kiosk reset-pin)');
  for (const f of loaded.faults) io.stderr.write(`note: ${f}\n`);
  io.stdout.write(`The operator PIN is set and the lock cleared in ${file}. Restart the kiosk to use it.\n`);
  return 0;
}
