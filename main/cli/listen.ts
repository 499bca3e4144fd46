// `kiosk listen`: the real device manager feeding the real kiosk core, without a screen. For setting up and
// checking scanners at a venue: each scan prints one line (outcome, credential, colour, reasons; with --json the
// verdict event), and is counted like the kiosk counts it. Runs until interrupted (Ctrl+C).
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createDeviceManager, openRelay, type HidApi, type Relay, type SerialConfig } from '../../hardware/index.ts';
import type { DeviceStatus, VerdictEvent } from '../api/state.ts';
import type { KioskCore } from '../kiosk/core.ts';
import { defaultDataDir } from '../paths.ts';
import { configPathFor } from '../settings/config.ts';

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; stdin: NodeJS.ReadableStream };

const USAGE = `Usage: kiosk listen [--serial PATH[:BAUD]]... [--hid VID:PID]... [--auto]
                    [--terminator cr|lf|crlf|none] [--trust FILE]... [--status FILE]...
                    [--now ISO] [--venue active|passive] [--data-dir DIR]
                    [--relay PATH [--pulse-ms MS]] [--json]

Opens the scanners, verifies every scan with the kiosk's pipeline and prints one line per scan.
Without --serial or --hid it picks scanners up on its own (as --auto does): HID POS interfaces and serial ports
of known scanner vendors. --now pins the verification clock (testing with old passes); --venue overrides the
venue's checking mode for this run only. Scans are counted in the data directory's statistics like the kiosk's.
Stop with Ctrl+C.
`;

export interface ListenHooks {
  /** ends the run (tests); SIGINT/SIGTERM do the same */
  signal?: AbortSignal;
  hidApi?: HidApi;
  /** called once devices are open and the core is ready */
  onReady?: () => void;
}

function parseSerial(spec: string, terminator: SerialConfig['terminator']): SerialConfig | string {
  // PATH[:BAUD]; a Windows path like COM3 has no colon, a Linux one none either
  const m = /^(.+?)(?::(\d{3,7}))?$/.exec(spec);
  if (!m) return `bad --serial ${spec}`;
  return { path: m[1]!, ...(m[2] ? { baudRate: Number(m[2]) } : {}), ...(terminator ? { terminator } : {}) };
}

function parseHid(spec: string): { vendorId: number; productId: number } | string {
  const m = /^(?:0x)?([0-9a-f]{1,4}):(?:0x)?([0-9a-f]{1,4})$/i.exec(spec);
  if (!m) return `bad --hid ${spec} (expected VID:PID in hex, e.g. 0c2e:0b87)`;
  return { vendorId: parseInt(m[1]!, 16), productId: parseInt(m[2]!, 16) };
}

function line(ev: VerdictEvent): string {
  const v = ev.verdict;
  const time = new Date(ev.at).toISOString().slice(11, 19);
  const colour = v.colour ? ` colour=${v.colour.value}` : '';
  const reasons = v.reasons.length ? ` (${v.reasons.join(', ')})` : '';
  return `${time} ${ev.deviceId} ${v.outcome.toUpperCase()} ${v.credential}${colour}${v.demo ? ' DEMO' : ''}${reasons}\n`;
}

export async function run(argv: string[], io: Io, hooks: ListenHooks = {}): Promise<number> {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        serial: { type: 'string', multiple: true },
        hid: { type: 'string', multiple: true },
        auto: { type: 'boolean' },
        terminator: { type: 'string' },
        trust: { type: 'string', multiple: true },
        status: { type: 'string', multiple: true },
        now: { type: 'string' },
        venue: { type: 'string' },
        'data-dir': { type: 'string' },
        relay: { type: 'string' },
        'pulse-ms': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    io.stderr.write(`kiosk listen: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const fail = (msg: string): number => {
    io.stderr.write(`kiosk listen: ${msg}\n`);
    return 2;
  };
  const terminator = values.terminator as string | undefined;
  if (terminator && !['cr', 'lf', 'crlf', 'none'].includes(terminator)) return fail('--terminator must be cr, lf, crlf or none');
  const serial: SerialConfig[] = [];
  for (const s of (values.serial as string[] | undefined) ?? []) {
    const c = parseSerial(s, terminator as SerialConfig['terminator']);
    if (typeof c === 'string') return fail(c);
    serial.push(c);
  }
  const hid: { vendorId: number; productId: number }[] = [];
  for (const s of (values.hid as string[] | undefined) ?? []) {
    const c = parseHid(s);
    if (typeof c === 'string') return fail(c);
    hid.push(c);
  }
  let offset = 0;
  if (values.now !== undefined) {
    const t = Date.parse(values.now as string);
    if (Number.isNaN(t)) return fail(`--now is not a date: ${String(values.now)}`);
    offset = t - Date.now();
  }
  const venue = values.venue as string | undefined;
  if (venue && venue !== 'active' && venue !== 'passive') return fail('--venue must be active or passive');
  let pulseMs = 500;
  if (values['pulse-ms'] !== undefined) {
    pulseMs = Number(values['pulse-ms']);
    if (!Number.isInteger(pulseMs) || pulseMs < 50 || pulseMs > 10_000) return fail('--pulse-ms must be 50..10000');
  }
  const dataDir = (values['data-dir'] as string | undefined) ?? defaultDataDir();
  const json = values.json === true;

  // --venue must not change the kiosk's saved configuration: the run gets its own copy of the config file
  let scratch: string | undefined;
  let configFile: string | undefined;
  if (venue) {
    scratch = mkdtempSync(join(tmpdir(), 'kiosk-listen-'));
    configFile = join(scratch, 'config.json');
    if (existsSync(configPathFor(dataDir))) copyFileSync(configPathFor(dataDir), configFile);
  }

  let relay: Relay | undefined;
  let core: KioskCore;
  try {
    if (values.relay) relay = openRelay({ path: values.relay as string, pulseMs });
    // loaded only once the options are sound: the core pulls in the whole verification stack
    const { createKioskCore } = await import('../kiosk/core.ts');
    core = await createKioskCore({
      dataDir,
      shell: 'cli',
      ...(configFile ? { configFile } : {}),
      ...((values.trust as string[] | undefined)?.length ? { trustFiles: values.trust as string[] } : {}),
      ...((values.status as string[] | undefined)?.length ? { statusListFiles: values.status as string[] } : {}),
      clock: () => Date.now() + offset,
      ...(relay ? { onAdmit: () => void relay!.pulse() } : {}),
    });
  } catch (e) {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    return fail((e as Error).message);
  }
  if (venue) {
    const session = core.openSession();
    await session.handlers.setSettings({ patch: { venueCheck: venue as 'active' | 'passive' } });
    session.close();
  }

  let lastStates = '';
  const printStatus = (devices: DeviceStatus[]): void => {
    // one stderr line per change of a device's state, so an installer sees plug/unplug happen
    const now = devices.map((d) => `${d.id} ${d.state}${d.error ? ` (${d.error})` : ''}`).sort().join('\n');
    if (now === lastStates) return;
    const before = new Set(lastStates.split('\n'));
    lastStates = now;
    for (const l of now.split('\n')) if (l && !before.has(l)) io.stderr.write(`device ${l}\n`);
  };

  // scans are verified one at a time, in arrival order
  let queue: Promise<unknown> = Promise.resolve();
  const manager = createDeviceManager({
    serial,
    hid,
    autoDetect: values.auto === true || (serial.length === 0 && hid.length === 0),
    ...(hooks.hidApi ? { hidApi: hooks.hidApi } : {}),
    ...(values.relay ? { ignorePaths: [values.relay as string] } : {}),
    onStatus: (devices) => {
      core.setDevices(devices);
      printStatus(devices);
    },
    onScan: (scan) => {
      const s = { ...scan, at: scan.at + offset };
      queue = queue.then(async () => {
        try {
          const ev = await core.submitScan(s);
          io.stdout.write(json ? JSON.stringify({ ...ev, source: ev.source, deviceId: ev.deviceId }) + '\n' : line(ev));
        } catch (e) {
          io.stderr.write(`scan failed: ${(e as Error).name}\n`);
        }
      });
    },
  });

  let done = (): void => {};
  const stopped = new Promise<void>((resolve) => {
    done = () => resolve();
  });
  process.once('SIGINT', done);
  process.once('SIGTERM', done);
  hooks.signal?.addEventListener('abort', done, { once: true });
  if (hooks.signal?.aborted) done();

  // The drivers' reconnect timers are unref'd (they must never hold a kiosk's exit); a door that runs on
  // `listen` alone must still wait for an unplugged scanner to come back, for as long as it takes.
  const keepAlive = setInterval(() => undefined, 60 * 60_000);
  await manager.start();
  io.stderr.write(`listening on ${manager.devices().length} device(s); Ctrl+C to stop\n`);
  hooks.onReady?.();
  await stopped;
  clearInterval(keepAlive);
  process.off('SIGINT', done);
  process.off('SIGTERM', done);
  await manager.stop();
  await queue;
  await relay?.close();
  await core.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  return 0;
}
