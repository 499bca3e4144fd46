// `kiosk` (dist/main/kiosk, the package's bin): `kiosk verify` starts from a V8 start-up snapshot built at build
// time (main/build/verify-snapshot.mjs). Every answer must be the one the plain command (node dist/main/cli.mjs)
// gives for the same input, in a run whose time zone, configuration and install location differ from the build's;
// a snapshot that does not belong to this Node, or is damaged, must never stop the command.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dccVectors, shcExamples } from '../fuzz/support.ts';
import { makeMec, makeVac } from '../fixtures/hk/sign.ts';
import { hkPersonHash, makeList } from '../status/helpers.ts';

const root = resolve(import.meta.dirname, '../..');
const dist = join(root, 'dist/main');
const dir = mkdtempSync(join(tmpdir(), 'kiosk-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const configHome = join(dir, 'config-home');
// not the build's zone (UTC here): the snapshot must take the zone of the run
const env = { ...process.env, XDG_CONFIG_HOME: configHome, TZ: 'America/Los_Angeles' };

type Run = { status: number | null; out: string; err: string };
function run(cmd: string, args: string[], opts: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const r = spawnSync(cmd, args, { env: opts.env ?? env, cwd: opts.cwd ?? dir, input: opts.input ?? '', encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}
const launcher = (args: string[], opts?: { input?: string; cwd?: string }) => run(join(dist, 'kiosk'), ['verify', ...args], opts);
const plain = (args: string[], opts?: { input?: string; cwd?: string }) => run(process.execPath, [join(dist, 'cli.mjs'), 'verify', ...args], opts);
const json = (s: string) => JSON.parse(s) as Record<string, unknown>;

/** The same input through both start paths: same exit status, same output. */
function same(args: string[], opts?: { input?: string; cwd?: string }): Run {
  const a = launcher(args, opts);
  const b = plain(args, opts);
  expect(a.err).toBe(b.err);
  expect(a.out).toBe(b.out);
  expect(a.status).toBe(b.status);
  return a;
}

describe('kiosk verify from the start-up snapshot answers as the plain command does', () => {
  it('an HK pass (valid), a damaged one, an expired exemption', () => {
    expect(json(same(['--json', makeVac()]).out)).toMatchObject({ outcome: 'valid', credential: 'hk-vac', demo: true });
    const vac = makeVac();
    const tampered = vac.slice(0, -6) + (vac.at(-6) === 'A' ? 'B' : 'A') + vac.slice(-5);
    expect(json(same(['--json', tampered]).out).outcome).not.toBe('valid');
    const mec = json(same(['--json', '--now', '2022-12-11T00:00:00+08:00', makeMec({ validUntil: '10-12-2022' })]).out);
    expect(mec).toMatchObject({ outcome: 'invalid', reasons: ['exemption-expired'] });
  });

  it('the human-readable form, in a time zone that is not the build\'s', () => {
    const r = same(['--now', '2022-12-01T15:30:00Z', makeVac()]);
    expect(r.out).toMatch(/^VALID {2}hk-vac/);
  });

  it('EU DCC conformance vectors and a QR image', () => {
    for (const v of dccVectors().slice(0, 3)) same(['--json', v.prefix]);
    const png = join(root, '../shared/testdata/eu-dcc/DK/2DCode/png/11.png');
    expect(json(same(['--json', `@${png}`]).out).credential).toBe('eu-dcc');
  });

  it('SMART Health Cards, with the example issuer trusted and not', () => {
    const wk = join(root, '../shared/testdata/shc/issuer/.well-known');
    const shcTrust = join(dir, 'shc-trust.json');
    writeFileSync(shcTrust, JSON.stringify({
      version: 1, name: 'SMART example issuer (TEST ONLY)',
      shc: [{ iss: 'https://spec.smarthealth.cards/examples/issuer', jwks: json(readFileSync(join(wk, 'jwks.json'), 'utf8')) }],
    }));
    const card = shcExamples()[0]!;
    const trusted = json(same(['--json', '--trust', shcTrust, card]).out);
    expect(trusted.credential).toBe('shc');
    expect(trusted.reasons).not.toContain('issuer-unknown');
    expect(json(same(['--json', card]).out).reasons).toContain('issuer-unknown');
  });

  it('stdin, a batch file, a status list, usage errors and --help', () => {
    expect(json(same(['--json', '-'], { input: makeVac() }).out).outcome).toBe('valid');
    const batch = join(dir, 'batch.jsonl');
    writeFileSync(batch, [JSON.stringify(makeVac()), '{not json', JSON.stringify({ text: makeVac(), venue: 'passive' })].join('\n'));
    expect(same(['--batch', batch]).out.trim().split('\n').map((l) => json(l).outcome)).toEqual(['valid', 'unreadable', 'valid']);
    const list = join(dir, 'list.json');
    const person = { recordType: 'VAC', maskedId: '****456(7)', maskedName: 'CHAN T** M**', dob: '15-03-1985' };
    writeFileSync(list, makeList({ entries: [{ hash: hkPersonHash(person), kind: 'amber', from: 0, until: Date.parse('2022-12-31T00:00:00Z') / 86_400_000 }] }));
    expect(json(same(['--json', '--status', list, '--now', '2022-12-01T04:00:00Z', makeVac()]).out).outcome).toBe('amber');
    expect(same(['--venue', 'nowhere', makeVac()]).status).toBe(2);
    expect(same([]).status).toBe(2);
    expect(same(['--help']).out).toMatch(/^Usage: kiosk verify/);
  });

  it('reads the configuration and relative paths of the run, not of the build', () => {
    const two = makeVac({ doses: [{ date: '01-07-2021', code: 'BNT' }, { date: '25-01-2022', code: 'BNT' }] });
    expect(json(same(['--json', '--now', '2022-06-01T04:00:00Z', two]).out).ruleSet).toBe('hk-2022-11-30');
    mkdirSync(join(configHome, 'venue-kiosk'), { recursive: true });
    writeFileSync(join(configHome, 'venue-kiosk', 'config.json'), JSON.stringify({ settings: { ruleProfile: 'by-date' } }));
    try {
      expect(json(same(['--json', '--now', '2022-06-01T04:00:00Z', two]).out)).toMatchObject({ outcome: 'valid', ruleSet: 'hk-2022-05-31' });
    } finally {
      rmSync(join(configHome, 'venue-kiosk'), { recursive: true, force: true });
    }
    // a production-only trust store, named relative to the working directory: the demo pass is not trusted
    mkdirSync(join(dir, 'work'), { recursive: true });
    copyFileSync(join(root, 'resources/trust/hk-production.json'), join(dir, 'work/prod.json'));
    expect(json(same(['--json', '--trust', 'prod.json', makeVac()], { cwd: join(dir, 'work') }).out).outcome).toBe('invalid');
  });
});

describe('the launcher', () => {
  /** An installation elsewhere whose cli.mjs only says it ran: an answer with a verdict came from the snapshot. */
  function install(name: string): string {
    const at = join(dir, name);
    mkdirSync(join(at, 'dist/main'), { recursive: true });
    for (const f of ['kiosk', 'verify.blob', 'verify.blob.node']) copyFileSync(join(dist, f), join(at, 'dist/main', f));
    writeFileSync(join(at, 'dist/main/cli.mjs'), "process.stdout.write('plain cli.mjs ran\\n');\n");
    cpSync(join(root, 'resources'), join(at, 'resources'), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(at, 'node_modules'));
    writeFileSync(join(at, 'package.json'), readFileSync(join(root, 'package.json')));
    return join(at, 'dist/main/kiosk');
  }

  it('runs verify from the snapshot of an installation that was moved, with its own resources', () => {
    const kiosk = install('moved');
    const r = run(kiosk, ['verify', '--json', makeVac()]);
    expect(r.status).toBe(0);
    expect(json(r.out)).toMatchObject({ outcome: 'valid', demo: true });
    // the moved installation's demo trust store is the one read: without it there is no demo key to trust
    rmSync(join(dir, 'moved/resources/trust/demo.json'));
    const gone = run(kiosk, ['verify', '--json', makeVac()]);
    expect(gone.status).toBe(2);
    expect(gone.err).toContain(join(dir, 'moved/resources/trust/demo.json'));
  });

  it('through a symlink (as npm links a bin), and every other command goes to cli.mjs', () => {
    const kiosk = install('linked');
    const link = join(dir, 'kiosk-link');
    symlinkSync(kiosk, link);
    expect(json(run(link, ['verify', '--json', makeVac()]).out).outcome).toBe('valid');
    expect(run(link, ['stats']).out).toBe('plain cli.mjs ran\n');
  });

  it('verify (offline) starts Node without NODE_EXTRA_CA_CERTS; every other command keeps it', () => {
    const kiosk = install('ca-certs');
    // Node reads this file at every start, and says so when it cannot: the warning shows whether it was read
    const caEnv = { ...env, NODE_EXTRA_CA_CERTS: join(dir, 'no-such-ca.pem') };
    const verify = run(kiosk, ['verify', '--json', makeVac()], { env: caEnv });
    expect(json(verify.out).outcome).toBe('valid');
    expect(verify.err).toBe('');
    const other = run(kiosk, ['stats'], { env: caEnv });
    expect(other.out).toBe('plain cli.mjs ran\n');
    expect(other.err).toContain('no-such-ca.pem');
  });

  it('does not use a snapshot another Node built: the plain command answers', () => {
    const kiosk = install('other-node');
    writeFileSync(join(dir, 'other-node/dist/main/verify.blob.node'), '1 2\n');
    expect(run(kiosk, ['verify', '--json', makeVac()]).out).toBe('plain cli.mjs ran\n');
  });

  it('a damaged snapshot (overwritten header, cut short, emptied): says so, and the plain command answers', () => {
    const damage: Record<string, (b: Buffer) => Buffer> = {
      header: (b) => b.fill(0x5a, 0, 64),
      short: (b) => b.subarray(0, b.length >> 1),
      empty: () => Buffer.alloc(0),
    };
    for (const [name, spoil] of Object.entries(damage)) {
      const kiosk = install(`damaged-${name}`);
      const blob = join(dir, `damaged-${name}/dist/main/verify.blob`);
      writeFileSync(blob, spoil(readFileSync(blob)));
      const r = run(kiosk, ['verify', '--json', makeVac()]);
      expect(r.out, name).toBe('plain cli.mjs ran\n');
      expect(r.err, name).toContain('the verify start-up snapshot did not load');
    }
  });
});
