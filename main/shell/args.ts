// Command-line options shared by both shells (and `npm start`), overriding the configuration.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { defaultDataDir } from '../paths.ts';

export interface ShellArgs {
  dataDir: string;
  config?: string;
  trust: string[];
  serial: { path: string; baudRate?: number }[];
  status: string[];
  port: number;
  headless: boolean;
  help: boolean;
  /** joins a fleet (main/fleet); overrides DATA_DIR/fleet.json from `kiosk fleet enrol` */
  fleet?: { broker: string; site?: string; kioskId?: string; username?: string; passwordFile?: string; keyFile?: string };
}

export const USAGE = `Usage: npm start -- [options]
  --data-dir DIR     where counts, settings and lists live (default: ${defaultDataDir()})
  --config FILE      configuration file (default: DIR/config.json)
  --trust FILE       issuer trust store (repeatable; default: the embedded DEMO keys)
  --serial PATH[:BAUD]  a serial QR scanner (repeatable)
  --status FILE      an offline code-colour status list to load (repeatable)
  --port N           standalone shell port on 127.0.0.1 (0 = any free port; default 8480)
  --headless         serve only, open no window
  --fleet URL        join a fleet's MQTT broker (mqtt://HOST:1883), with --site S --kiosk-id K
                     [--fleet-user U --fleet-password-file FILE --fleet-key PUBLIC.pem] (see docs/fleet.md)`;

export class UsageError extends Error {}

/** `lenient`: ignore options that are not ours (Electron and Chromium put their own switches on the command line). */
export function parseShellArgs(argv: string[], opts: { lenient?: boolean } = {}): ShellArgs {
  let raw: Record<string, unknown>;
  try {
    raw = parseArgs({
      args: argv,
      allowPositionals: Boolean(opts.lenient),
      strict: !opts.lenient,
      options: {
        'data-dir': { type: 'string' },
        config: { type: 'string' },
        trust: { type: 'string', multiple: true },
        serial: { type: 'string', multiple: true },
        status: { type: 'string', multiple: true },
        port: { type: 'string' },
        headless: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        fleet: { type: 'string' }, site: { type: 'string' }, 'kiosk-id': { type: 'string' },
        'fleet-user': { type: 'string' }, 'fleet-password-file': { type: 'string' }, 'fleet-key': { type: 'string' },
      },
    }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  // lenient parsing lets a value-less string option through as `true`: refuse it like strict parsing would
  const str = (k: string): string | undefined => {
    const x = raw[k];
    if (x === undefined) return undefined;
    if (typeof x !== 'string') throw new UsageError(`--${k} needs a value`);
    return x;
  };
  const list = (k: string): string[] => {
    const x = raw[k];
    if (x === undefined) return [];
    const arr = Array.isArray(x) ? x : [x];
    if (!arr.every((i) => typeof i === 'string')) throw new UsageError(`--${k} needs a value`);
    return arr as string[];
  };
  const v = {
    'data-dir': str('data-dir'), config: str('config'), port: str('port'),
    trust: list('trust'), serial: list('serial'), status: list('status'),
    headless: raw.headless === true, help: raw.help === true,
  };
  const port = v.port === undefined ? 8480 : Number(v.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0-65535, got ${v.port}`);
  const serial = (v.serial ?? []).map((s) => {
    const m = /^(.+?)(?::(\d{3,7}))?$/.exec(s);
    if (!m) throw new UsageError(`--serial ${s}: expected PATH[:BAUD]`);
    return { path: m[1]!, ...(m[2] ? { baudRate: Number(m[2]) } : {}) };
  });
  const fleetUrl = str('fleet');
  const fleetOpt = (k: string, name: string): Record<string, string> => {
    const x = str(k);
    if (x !== undefined && !fleetUrl) throw new UsageError(`--${k} needs --fleet URL`);
    return x === undefined ? {} : { [name]: x };
  };
  const fleetRest = {
    ...fleetOpt('site', 'site'), ...fleetOpt('kiosk-id', 'kioskId'), ...fleetOpt('fleet-user', 'username'),
    ...fleetOpt('fleet-password-file', 'passwordFile'), ...fleetOpt('fleet-key', 'keyFile'),
  };
  return {
    ...(fleetUrl ? { fleet: { broker: fleetUrl, ...fleetRest } } : {}),
    dataDir: resolve(v['data-dir'] ?? defaultDataDir()),
    ...(v.config ? { config: resolve(v.config) } : {}),
    trust: (v.trust ?? []).map((t) => resolve(t)),
    serial,
    status: (v.status ?? []).map((t) => resolve(t)),
    port,
    headless: Boolean(v.headless),
    help: Boolean(v.help),
  };
}
