// `kiosk verify`: verify one pass (TEXT, @FILE, @IMAGE.png/.jpg, - for stdin) or a batch, offline, and print the
// verdict. Exit 0 whenever a verdict was produced (whatever the outcome), 2 on usage errors. The contract is
// stable: operators and support scripts depend on it (docs in README / docs/rules.md).
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { cappedLines } from './batch-lines.ts';
import { parseArgs } from 'node:util';
import type { Verdict } from '../api/verdict.ts';
import { decide } from '../kiosk/decide.ts';
import type { ColourResolver } from '../kiosk/ports.ts';
import { nodeSignatureVerifier } from '../kiosk/node-verifier.ts';
import { demoTrustPath, readTrustFile } from '../kiosk/trust-and-rules.ts';
import { defaultDataDir } from '../paths.ts';
import { configPathFor, loadDefaults, readConfig } from '../settings/config.ts';
import {
  DEFAULT_RULE_PROFILE, loadRuleProfile, loadRuleSet, loadTrustStore, MAX_INPUT_LENGTH, mergeTrustStores,
  cleanScan, type RuleProfile, type TrustStore,
} from '../verify/index.ts';

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; stdin: NodeJS.ReadableStream };

const USAGE = `Usage: kiosk verify [--trust FILE]... [--now ISO8601] [--venue active|passive] [--status FILE]...
                    [--rules by-date|STAGE-ID|FILE] [--json] TEXT|@FILE|-
       kiosk verify [same options] --batch FILE|-

  TEXT            the scanned text (quote it); @FILE reads it from a file; @IMAGE.png / @IMAGE.jpg decodes
                  the QR code in the image; - reads stdin
  --trust FILE    trust store(s) to use (repeatable); default: the DEMO store resources/trust/demo.json
  --now ISO8601   verification time (default: now); without a zone it is UTC
  --venue MODE    active (default; refuses amber) or passive
  --status FILE   signed code-colour / revocation list(s) to apply (repeatable)
  --rules X       rule profile: by-date, a stage id (e.g. hk-2022-11-30) or a rule file; default: configured
  --colour-policy warn (default) or refuse: what a pass whose colour cannot be checked gets, as the kiosk's
                  setting of the same name (with --status)
  --json          print one JSON object {outcome, credential, reasons, stages, display, demo}
  --show-payload  also print the decoded EU DCC / SMART Health Card payload (for support; personal data:
                  shown on this terminal only, never logged or stored)
  --batch FILE    one input per line: a JSON string (the text) or {"text","now"?,"venue"?,"trust"?}; prints one
                  JSON verdict per line, in order; a bad line gets an error verdict and the batch goes on

Exit status: 0 when a verdict was produced (whatever it says), 2 on usage errors.
`;

const MAX_FILE_BYTES = 4 * 1024 * 1024;
const IMAGE = /\.(png|jpe?g)$/i;

class UsageError extends Error {}

/** ISO 8601 instant; without a zone it is UTC (a bare date is midnight UTC). */
export function parseNow(s: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(s.trim());
  if (!m) return null;
  const time = m[2] ?? '00:00:00';
  let zone = m[3] ?? 'Z';
  if (/^[+-]\d{2}$/.test(zone)) zone += ':00';
  else if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const t = Date.parse(`${m[1]}T${time}${zone.toUpperCase()}`);
  if (Number.isNaN(t)) return null;
  // Date.parse rolls 2022-02-30 over to March: refuse dates that do not exist
  const check = new Date(t + (zone.toUpperCase() === 'Z' ? 0 : offsetMs(zone))).toISOString().slice(0, 10);
  return check === m[1] ? new Date(t) : null;
}

function offsetMs(zone: string): number {
  const sign = zone[0] === '-' ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2))) * 60_000;
}

function readTextFile(path: string, what: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new UsageError(`${what} not found: ${path}`);
  }
  if (size > MAX_FILE_BYTES) throw new UsageError(`${what} larger than ${MAX_FILE_BYTES} bytes: ${path}`);
  return readFileSync(path, 'utf8');
}

async function readAll(stream: NodeJS.ReadableStream, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += b.length;
    if (total > limit) throw new UsageError(`stdin larger than ${limit} bytes`);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function configuredProfile(): string {
  try {
    const cfg = readConfig(configPathFor(defaultDataDir()));
    return cfg.settings?.ruleProfile ?? loadDefaults().settings.ruleProfile;
  } catch {
    return DEFAULT_RULE_PROFILE;
  }
}

function ruleProfile(spec: string | undefined): RuleProfile {
  const id = spec ?? configuredProfile();
  const direct = loadRuleProfile(id);
  if (direct.ok) return direct.profile;
  if (spec !== undefined && existsSync(spec)) {
    let json: unknown;
    try {
      json = JSON.parse(readTextFile(spec, 'rule file'));
    } catch (e) {
      throw new UsageError(e instanceof UsageError ? e.message : `rule file is not JSON: ${spec}`);
    }
    const set = loadRuleSet(json);
    if (!set.ok) throw new UsageError(`${spec}: ${set.error}`);
    const p = loadRuleProfile(set.set.id, [json]);
    if (p.ok) return p.profile;
    throw new UsageError(`${spec}: ${p.error}`);
  }
  throw new UsageError(`--rules: ${direct.error}`);
}

function projection(v: Verdict): Record<string, unknown> {
  return {
    outcome: v.outcome, credential: v.credential, reasons: v.reasons, stages: v.stages, display: v.display, demo: v.demo,
    ...(v.colour ? { colour: v.colour } : {}),
    ...(v.ruleSet ? { ruleSet: v.ruleSet } : {}),
  };
}

function human(v: Verdict, trustDemo: boolean): string {
  const lines: string[] = [];
  // the tones the door plays for this outcome (README door table)
  const tones = { valid: '2 tones', exempt: '1 tone', invalid: '5 tones', red: '5 tones', amber: '5 tones', 'not-applicable': '3 tones', unreadable: '5 tones' }[v.outcome];
  lines.push(`${v.outcome.toUpperCase()}  ${v.credential}${tones ? `  (${tones})` : ''}${v.demo ? '  DEMO: decided with demonstration keys, not a real pass check' : ''}`);
  const d = v.display;
  if (d.name || d.id) lines.push(`  holder:  ${d.name ?? ''}  ${d.id ?? ''}`.trimEnd());
  if (d.recordType) lines.push(`  record:  ${d.recordType}${d.issuer ? ` (issuer key ${d.issuer})` : ''}`);
  if (d.doses !== undefined) lines.push(`  doses:   ${d.doses}${d.lastDose ? `, last ${d.lastDose}` : ''}`);
  if (d.validUntil) lines.push(`  valid until: ${d.validUntil}`);
  if (d.venueNameEn || d.venueNameZh) lines.push(`  venue:   ${d.venueNameZh ?? ''} ${d.venueNameEn ?? ''}`.trimEnd());
  if (v.colour) lines.push(`  colour:  ${v.colour.value} (${v.colour.source}${v.colour.listVersion !== undefined ? ` v${v.colour.listVersion}` : ''}${v.colour.stale ? ', STALE' : ''})`);
  if (v.ruleSet) lines.push(`  rules:   ${v.ruleSet}`);
  lines.push(`  reasons: ${v.reasons.length ? v.reasons.join(', ') : '-'}`);
  lines.push(`  stages:  ${Object.entries(v.stages).map(([k, ok]) => `${k} ${ok ? 'ok' : 'FAILED'}`).join(', ') || '-'}`);
  if (trustDemo && !v.demo) lines.push('  (trust store: DEMO keys)');
  return lines.join('\n') + '\n';
}

interface Env {
  trust: TrustStore;
  rules: RuleProfile;
  now: Date | null;
  venue: 'active' | 'passive';
  status: ColourResolver | null;
  unknownColourPolicy: 'warn' | 'refuse';
}

/** The kiosk's own decision (main/kiosk/decide.ts), with the command line's time, venue, trust and lists. */
function decideCli(text: string, env: Env, over: { now?: Date; venue?: 'active' | 'passive'; trust?: TrustStore } = {}): Promise<Verdict> {
  return decide(text, {
    now: over.now ?? env.now ?? new Date(), venue: over.venue ?? env.venue, trust: over.trust ?? env.trust, rules: env.rules,
    crypto: nodeSignatureVerifier, colour: env.status, unknownColourPolicy: env.unknownColourPolicy,
  });
}

function errorVerdict(reason: string): Verdict {
  return { outcome: 'unreadable', credential: 'unknown', reasons: [reason], stages: {}, display: {}, demo: false };
}

async function batchLine(line: string, n: number, env: Env): Promise<Record<string, unknown>> {
  let item: unknown;
  try {
    item = JSON.parse(line);
  } catch {
    return { ...projection(errorVerdict('batch-line-invalid')), error: `line ${n}: not JSON` };
  }
  if (typeof item === 'string') return projection(await decideCli(item, env));
  if (!item || typeof item !== 'object' || Array.isArray(item)) {
    return { ...projection(errorVerdict('batch-line-invalid')), error: `line ${n}: expected a JSON string or object` };
  }
  const o = item as Record<string, unknown>;
  if (typeof o.text !== 'string') return { ...projection(errorVerdict('batch-line-invalid')), error: `line ${n}: "text" must be a string` };
  const over: { now?: Date; venue?: 'active' | 'passive'; trust?: TrustStore } = {};
  if (o.now !== undefined) {
    const now = typeof o.now === 'string' ? parseNow(o.now) : null;
    if (!now) return { ...projection(errorVerdict('batch-line-invalid')), error: `line ${n}: "now" is not an ISO 8601 time` };
    over.now = now;
  }
  if (o.venue !== undefined) {
    if (o.venue !== 'active' && o.venue !== 'passive') return { ...projection(errorVerdict('batch-line-invalid')), error: `line ${n}: "venue" must be active or passive` };
    over.venue = o.venue;
  }
  if (o.trust !== undefined) {
    const t = loadTrustStore(o.trust);
    if (!t.ok) return { ...projection(errorVerdict('batch-line-invalid')), error: `line ${n}: trust: ${t.error}` };
    over.trust = mergeTrustStores(env.trust, t.store);
  }
  return projection(await decideCli(o.text, env, over));
}

async function runBatch(source: string, env: Env, io: Io): Promise<void> {
  const input = source === '-' ? io.stdin : createReadStream(source);
  let n = 0;
  for await (const line of cappedLines(input as AsyncIterable<Buffer>, MAX_INPUT_LENGTH * 8)) {
    n++;
    const raw = 'text' in line ? line.text : '';
    if ('text' in line && raw.trim() === '') continue; // blank lines are not inputs
    let out: Record<string, unknown>;
    if (!('text' in line) || raw.length > MAX_INPUT_LENGTH * 8) out = { ...projection(errorVerdict('too-large')), error: `line ${n}: too long` };
    else {
      try {
        out = await batchLine(raw, n, env);
      } catch {
        out = { ...projection(errorVerdict('internal-error')), error: `line ${n}: failed` };
      }
    }
    io.stdout.write(JSON.stringify(out) + '\n');
  }
}

async function inputText(arg: string, io: Io): Promise<{ text: string } | { verdict: Verdict }> {
  if (arg === '-') return { text: await readAll(io.stdin, MAX_FILE_BYTES) };
  if (!arg.startsWith('@')) return { text: arg };
  const path = arg.slice(1);
  if (!path) throw new UsageError('@ needs a file name');
  if (IMAGE.test(path)) {
    if (!existsSync(path)) throw new UsageError(`image not found: ${path}`);
    const { decodeQrFromImageFile } = await import('../qr/decode-image.ts');
    const text = await decodeQrFromImageFile(path);
    return text === null ? { verdict: errorVerdict('no-qr-code') } : { text };
  }
  return { text: readTextFile(path, 'input file') };
}

/** The decoded payload of an international pass, for support staff (--show-payload); null when it does not decode. */
async function decodedPayload(text: string): Promise<unknown> {
  const t = cleanScan(text);
  if (t.startsWith('HC1:')) return (await import('../verify/eudcc/index.ts')).decodeEuDcc(t)?.payload ?? null;
  if (t.startsWith('shc:/')) return (await import('../verify/shc/index.ts')).decodeSmartHealthCard(t)?.payload ?? null;
  return null;
}

export async function run(argv: string[], io: Io): Promise<number> {
  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        trust: { type: 'string', multiple: true },
        status: { type: 'string', multiple: true },
        now: { type: 'string' },
        venue: { type: 'string' },
        rules: { type: 'string' },
        'colour-policy': { type: 'string' },
        batch: { type: 'string' },
        json: { type: 'boolean' },
        'show-payload': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    io.stderr.write(`kiosk verify: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  let resolver: ColourResolver | null = null;
  try {
    const batch = values.batch as string | undefined;
    if (batch === undefined && positionals.length !== 1) throw new UsageError('give exactly one TEXT, @FILE or -');
    if (batch !== undefined && positionals.length > 0) throw new UsageError('--batch takes no TEXT argument');
    let now: Date | null = null;
    if (values.now !== undefined) {
      now = parseNow(values.now as string);
      if (!now) throw new UsageError(`--now is not an ISO 8601 time: ${String(values.now).slice(0, 60)}`);
    }
    const venue = (values.venue as string | undefined) ?? 'active';
    if (venue !== 'active' && venue !== 'passive') throw new UsageError('--venue must be active or passive');
    const trustFiles = (values.trust as string[] | undefined) ?? [];
    let trust: TrustStore;
    try {
      trust = mergeTrustStores(...(trustFiles.length ? trustFiles : [demoTrustPath()]).map(readTrustFile));
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const rules = ruleProfile(values.rules as string | undefined);
    const statusFiles = (values.status as string[] | undefined) ?? [];
    let status: Env['status'] = null;
    if (statusFiles.length) {
      for (const f of statusFiles) if (!existsSync(f)) throw new UsageError(`status list not found: ${f}`);
      const { createColourResolver } = await import('../status/index.ts');
      resolver = await createColourResolver({ trust, listFiles: statusFiles, syncOnStart: false });
      status = resolver;
    }
    const policy = (values['colour-policy'] as string | undefined) ?? 'warn';
    if (policy !== 'warn' && policy !== 'refuse') throw new UsageError('--colour-policy must be warn or refuse');
    const env: Env = { trust, rules, now, venue, status, unknownColourPolicy: policy };
    if (batch !== undefined) {
      if (batch !== '-' && !existsSync(batch)) throw new UsageError(`batch file not found: ${batch}`);
      await runBatch(batch, env, io);
      return 0;
    }
    const input = await inputText(positionals[0]!, io);
    const verdict = 'verdict' in input ? input.verdict : await decideCli(input.text, env);
    const payload = values['show-payload'] && 'text' in input ? await decodedPayload(input.text) : undefined;
    if (values.json) io.stdout.write(JSON.stringify({ ...projection(verdict), ...(payload !== undefined ? { payload } : {}) }) + '\n');
    else io.stdout.write(human(verdict, trust.demo) + (payload !== undefined ? `  payload: ${JSON.stringify(payload, null, 2)}\n` : ''));
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`kiosk verify: ${e.message}\n`);
      return 2;
    }
    io.stderr.write(`kiosk verify: ${e instanceof Error ? e.message : 'failed'}\n`);
    return 1;
  } finally {
    resolver?.close();
  }
}
