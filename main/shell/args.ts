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
}

export const USAGE = `Usage: npm start -- [options]
  --data-dir DIR     where counts, settings and lists live (default: ${defaultDataDir()})
  --config FILE      configuration file (default: DIR/config.json)
  --trust FILE       issuer trust store (repeatable; default: the embedded DEMO keys)
  --serial PATH[:BAUD]  a serial QR scanner (repeatable)
  --status FILE      an offline code-colour status list to load (repeatable)
  --port N           standalone shell port on 127.0.0.1 (0 = any free port; default 8480)
  --headless         serve only, open no window`;

export class UsageError extends Error {}

export function parseShellArgs(argv: string[]): ShellArgs {
  let v;
  try {
    v = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        'data-dir': { type: 'string' },
        config: { type: 'string' },
        trust: { type: 'string', multiple: true },
        serial: { type: 'string', multiple: true },
        status: { type: 'string', multiple: true },
        port: { type: 'string' },
        headless: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const port = v.port === undefined ? 8480 : Number(v.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0-65535, got ${v.port}`);
  const serial = (v.serial ?? []).map((s) => {
    const m = /^(.+?)(?::(\d{3,7}))?$/.exec(s);
    if (!m) throw new UsageError(`--serial ${s}: expected PATH[:BAUD]`);
    return { path: m[1]!, ...(m[2] ? { baudRate: Number(m[2]) } : {}) };
  });
  return {
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
