// `kiosk status-list build|inspect|import`: the status authority's tool (build and sign a list from a CSV) and the
// operator's (check a list, import it from a USB stick into the kiosk's data dir). Prints versions and counts only.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resourcesDir } from '../paths.ts';
import { buildStatusList, parseEntriesCsv } from '../status/build.ts';
import { nodeSha256, nodeVerifier } from '../status/node-crypto.ts';
import { describeRejection, importStatusListFile } from '../status/resolver.ts';
import { readTextCapped, writeFileAtomic } from '../status/store.ts';
import { loadStatusList } from '../verify/status/format.ts';
import { MAX_ENTRIES_LIMIT, MAX_LIST_MIB_LIMIT, MIN_ENTRIES, MIN_LIST_MIB, statusListLimits, type StatusListLimits } from '../status/limits.ts';
import { configPathFor, readConfig } from '../settings/config.ts';
import { isStale } from '../verify/status/evaluate.ts';
import type { StatusTrust } from '../verify/status/authorities.ts';
import { loadTrustStoreText, mergeTrustStores } from '../verify/trust/load.ts';

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; stdin: NodeJS.ReadableStream };

const USAGE = `Usage:
  kiosk status-list build --key KEY.pem --in entries.csv --out list.json
        [--authority ID] [--issuer TEXT] [--list-id ID] [--version N]
        [--issued-at ISO] [--expires-at ISO | --valid-hours H]
  kiosk status-list inspect --in list.json [--trust FILE]... [--max-list-mib N] [--max-entries N]
  kiosk status-list import --in list.json --data-dir DIR [--trust FILE]... [--max-list-mib N] [--max-entries N]

entries.csv has a header row: kind,from,until and either a hash column (32 hex digits) or a family column with
the identity fields (see docs/status-lists.md). Defaults: --authority demo-status, --list-id hk-colour,
--issued-at now, --valid-hours 24, --version = issued-at in seconds (so that versions only grow).
--trust defaults to the trust stores in resources/trust/.
--max-list-mib / --max-entries: the size caps a list must fit (the kiosk's settings statusSync.maxListMiB and
statusSync.maxEntries; defaults 64 MiB and 2,000,000 entries, at most ${MAX_LIST_MIB_LIMIT} MiB and ${MAX_ENTRIES_LIMIT.toLocaleString('en')}
entries). import defaults to the caps configured in DIR's config.json.
`;

const LIMIT_OPTIONS = { 'max-list-mib': { type: 'string' }, 'max-entries': { type: 'string' } } as const;

function intIn(v: string | undefined, min: number, max: number, what: string): number | undefined | string {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= min && n <= max ? n : `${what} must be a whole number from ${min} to ${max}`;
}

/** The caps from the command line, over `base` (the defaults, or a data dir's configured ones). */
function limitsFrom(values: { 'max-list-mib'?: string; 'max-entries'?: string }, base: { maxListMiB?: number; maxEntries?: number } = {}): StatusListLimits | string {
  const mib = intIn(values['max-list-mib'], MIN_LIST_MIB, MAX_LIST_MIB_LIMIT, '--max-list-mib');
  const entries = intIn(values['max-entries'], MIN_ENTRIES, MAX_ENTRIES_LIMIT, '--max-entries');
  if (typeof mib === 'string') return mib;
  if (typeof entries === 'string') return entries;
  return statusListLimits({ maxListMiB: mib ?? base.maxListMiB, maxEntries: entries ?? base.maxEntries });
}

/** The caps the kiosk using DIR is configured with (a missing or unreadable config: the defaults). */
function configuredLimits(dataDir: string): { maxListMiB?: number; maxEntries?: number } {
  try {
    return readConfig(configPathFor(dataDir)).settings?.statusSync ?? {};
  } catch {
    return {};
  }
}

function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function loadTrust(files: string[] | undefined): StatusTrust | string {
  const paths = files && files.length ? files : ['demo.json', 'hk-production.json'].map((f) => join(resourcesDir(), 'trust', f));
  const stores = [];
  for (const p of paths) {
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch {
      return `cannot read trust store ${p}`;
    }
    const r = loadTrustStoreText(text);
    if (!r.ok) return `${p}: ${r.error}`;
    stores.push(r.store);
  }
  return mergeTrustStores(...stores);
}

async function build(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      key: { type: 'string' }, in: { type: 'string' }, out: { type: 'string' },
      authority: { type: 'string', default: 'demo-status' }, issuer: { type: 'string' },
      'list-id': { type: 'string', default: 'hk-colour' }, version: { type: 'string' },
      'issued-at': { type: 'string' }, 'expires-at': { type: 'string' }, 'valid-hours': { type: 'string' },
    },
    strict: true,
  });
  if (!values.key || !values.in || !values.out) {
    io.stderr.write(`status-list build: --key, --in and --out are required\n${USAGE}`);
    return 2;
  }
  let key;
  try {
    key = createPrivateKey(readFileSync(values.key, 'utf8'));
  } catch {
    io.stderr.write('status-list build: cannot read the private key (PEM)\n');
    return 1;
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    io.stderr.write('status-list build: the key must be an ECDSA P-256 private key\n');
    return 1;
  }
  let csv: string;
  try {
    csv = readFileSync(values.in, 'utf8');
  } catch {
    io.stderr.write('status-list build: cannot read the entries file\n');
    return 1;
  }
  const parsed = parseEntriesCsv(csv);
  if (!parsed.ok) {
    io.stderr.write(`status-list build: ${values.in}: ${parsed.error}\n`);
    return 1;
  }
  const issuedAtMs = values['issued-at'] ? Date.parse(values['issued-at']) : Date.now();
  if (!Number.isFinite(issuedAtMs)) {
    io.stderr.write('status-list build: --issued-at is not an instant\n');
    return 2;
  }
  const issuedAt = values['issued-at'] ?? isoSeconds(new Date(issuedAtMs));
  const hours = values['valid-hours'] !== undefined ? Number(values['valid-hours']) : 24;
  if (!(hours > 0)) {
    io.stderr.write('status-list build: --valid-hours must be a positive number\n');
    return 2;
  }
  const expiresAt = values['expires-at'] ?? isoSeconds(new Date(issuedAtMs + hours * 3_600_000));
  const version = values.version !== undefined ? Number(values.version) : Math.floor(issuedAtMs / 1000);
  if (!Number.isSafeInteger(version) || version < 1) {
    io.stderr.write('status-list build: --version must be a positive integer\n');
    return 2;
  }
  let text: string;
  try {
    text = buildStatusList({
      key, authority: values.authority!, issuer: values.issuer ?? values.authority!, listId: values['list-id']!,
      version, issuedAt, expiresAt, entries: parsed.entries,
    });
  } catch (e) {
    io.stderr.write(`status-list build: ${e instanceof Error ? e.message : 'failed'}\n`);
    return 1;
  }
  if (values.out === '-') io.stdout.write(text);
  else {
    writeFileAtomic(values.out, text);
    io.stdout.write(`wrote ${values.out}: authority ${values.authority}, version ${version}, ${parsed.entries.length} entries, issued ${issuedAt}, expires ${expiresAt}\n`);
  }
  return 0;
}

async function inspect(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { in: { type: 'string' }, trust: { type: 'string', multiple: true }, ...LIMIT_OPTIONS }, strict: true });
  if (!values.in) {
    io.stderr.write(`status-list inspect: --in is required\n${USAGE}`);
    return 2;
  }
  const limits = limitsFrom(values);
  if (typeof limits === 'string') {
    io.stderr.write(`status-list inspect: ${limits}\n`);
    return 2;
  }
  const trust = loadTrust(values.trust);
  if (typeof trust === 'string') {
    io.stderr.write(`status-list inspect: ${trust}\n`);
    return 1;
  }
  const r = await readTextCapped(values.in, limits.maxListBytes);
  if (!r.ok) {
    io.stderr.write(`status-list inspect: ${r.error === 'oversized' ? describeRejection('oversized') : `cannot read the file: ${r.error}`}\n`);
    return 1;
  }
  const l = await loadStatusList(r.text, trust, nodeVerifier, { sha256: nodeSha256, maxBytes: limits.maxListBytes, maxEntries: limits.maxEntries });
  if (!l.ok) {
    io.stdout.write(`${describeRejection(l.error, l.detail)}\n`);
    return 1;
  }
  const h = l.list.header;
  io.stdout.write([
    `authority   ${h.authority}${l.list.demo ? ' (DEMO)' : ''}`,
    `issuer      ${h.issuer}`,
    `list        ${h.listId} version ${h.version}`,
    `issued      ${h.issuedAt}`,
    `expires     ${h.expiresAt}${isStale(l.list, Date.now()) ? ' (STALE)' : ''}`,
    `entries     ${h.count}`,
    'signature   valid',
  ].join('\n') + '\n');
  return 0;
}

async function importCmd(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv, options: { in: { type: 'string' }, 'data-dir': { type: 'string' }, trust: { type: 'string', multiple: true }, ...LIMIT_OPTIONS }, strict: true,
  });
  if (!values.in || !values['data-dir']) {
    io.stderr.write(`status-list import: --in and --data-dir are required\n${USAGE}`);
    return 2;
  }
  const limits = limitsFrom(values, configuredLimits(values['data-dir']));
  if (typeof limits === 'string') {
    io.stderr.write(`status-list import: ${limits}\n`);
    return 2;
  }
  const trust = loadTrust(values.trust);
  if (typeof trust === 'string') {
    io.stderr.write(`status-list import: ${trust}\n`);
    return 1;
  }
  const r = await importStatusListFile(values.in, values['data-dir'], trust, limits);
  if (!r.ok) {
    io.stderr.write(`status-list import: ${r.error}\n`);
    return 1;
  }
  io.stdout.write(r.changed ? `imported version ${r.version} (${r.entries} entries)\n` : `version ${r.version} already held\n`);
  return 0;
}

export async function run(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  // `kiosk status-list build --help` (and inspect/import) answers with the usage, like the other commands
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  try {
    if (sub === 'build') return await build(rest, io);
    if (sub === 'inspect') return await inspect(rest, io);
    if (sub === 'import') return await importCmd(rest, io);
  } catch (e) {
    // parseArgs throws on unknown options: report it as a usage error
    io.stderr.write(`status-list: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  io[sub === '--help' || sub === '-h' ? 'stdout' : 'stderr'].write(USAGE);
  return sub === '--help' || sub === '-h' ? 0 : 2;
}
