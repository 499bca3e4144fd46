// `kiosk status-server --list FILE [--port N]`: the reference status server on 127.0.0.1, until SIGINT/SIGTERM.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MAX_LIST_MIB_LIMIT, MIN_LIST_MIB, statusListLimits } from '../status/limits.ts';
import { startStatusServer } from '../status/server.ts';

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; stdin: NodeJS.ReadableStream };

const USAGE = `Usage: kiosk status-server --list FILE [--key KEY.pem] [--port N] [--max-list-mib N]

Serves FILE on http://127.0.0.1:N/status-list.json (ETag, If-None-Match -> 304; the file is re-read when it
changes) and, with --key (the status authority's ECDSA P-256 private key, PEM), the online lookup on
POST http://127.0.0.1:N/lookup with signed answers. Binds 127.0.0.1 only. --port 0 (the default) picks a free
port; the URL is printed. Stops on SIGINT or SIGTERM. --max-list-mib: the largest list it serves (default 64,
at most ${MAX_LIST_MIB_LIMIT}; a kiosk downloading it needs the same cap in its settings).
`;

export async function run(argv: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { list: { type: 'string' }, key: { type: 'string' }, port: { type: 'string', default: '0' }, 'max-list-mib': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (e) {
    io.stderr.write(`status-server: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const port = Number(values.port);
  if (!values.list || !Number.isInteger(port) || port < 0 || port > 65535) {
    io.stderr.write(`status-server: --list FILE is required and --port must be 0-65535\n${USAGE}`);
    return 2;
  }
  const mib = values['max-list-mib'] === undefined ? undefined : Number(values['max-list-mib']);
  if (mib !== undefined && !(Number.isInteger(mib) && mib >= MIN_LIST_MIB && mib <= MAX_LIST_MIB_LIMIT)) {
    io.stderr.write(`status-server: --max-list-mib must be a whole number from ${MIN_LIST_MIB} to ${MAX_LIST_MIB_LIMIT}\n`);
    return 2;
  }
  let key: KeyObject | undefined;
  if (values.key) {
    try {
      key = createPrivateKey(readFileSync(values.key, 'utf8'));
    } catch {
      io.stderr.write('status-server: cannot read the private key (PEM)\n');
      return 1;
    }
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      io.stderr.write('status-server: the key must be an ECDSA P-256 private key\n');
      return 1;
    }
  }
  let server;
  try {
    server = await startStatusServer({ listPath: values.list, port, ...(key ? { key } : {}), ...(mib ? { maxListBytes: statusListLimits({ maxListMiB: mib }).maxListBytes } : {}) });
  } catch (e) {
    io.stderr.write(`status-server: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  io.stdout.write(`status server listening on ${server.url} (list version ${server.version()}): GET ${server.listUrl}, ${key ? `POST ${server.lookupUrl} (signed answers)` : 'no lookups (no --key)'}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  io.stdout.write('status server stopped\n');
  return 0;
}
