// `kiosk verify` through run() with in-memory streams, plus one real spawn through main/cli.ts.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { promisify } from 'node:util';
import QRCode from 'qrcode';
import { afterAll, describe, expect, it } from 'vitest';
import { parseNow, run } from '../../main/cli/verify.ts';
import { demoTrustPath, makeEvt, makeMec, makeVac, productionTrustPath } from '../fixtures/hk/sign.ts';
import { hkPersonHash, makeList } from '../status/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'kiosk-verify-cli-'));
// the default rule profile comes from the user's kiosk config: point it at an empty place
process.env.XDG_CONFIG_HOME = join(dir, 'config-home');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const code = await run(argv, { stdout, stderr, stdin: Readable.from([Buffer.from(stdin)]) });
  return { code, out, err };
}
const json = (s: string) => JSON.parse(s) as Record<string, unknown>;

describe('single verification', () => {
  it('--json prints exactly the contract object', async () => {
    const r = await cli(['--json', '--now', '2022-12-01T10:00:00', makeVac()]);
    expect(r.code).toBe(0);
    const v = json(r.out);
    expect(Object.keys(v).sort()).toEqual(['credential', 'demo', 'display', 'outcome', 'reasons', 'ruleSet', 'stages']);
    expect(v).toMatchObject({ outcome: 'valid', credential: 'hk-vac', demo: true, reasons: [] });
    expect(r.out.trim().split('\n')).toHaveLength(1);
  });

  it('human output says DEMO when demo keys decided', async () => {
    const r = await cli([makeVac()]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^VALID/);
    expect(r.out).toContain('DEMO');
  });

  it('exit 0 for any outcome: invalid, not-applicable, unreadable', async () => {
    for (const text of [makeVac({ key: 'rogue' }), makeEvt(), 'nonsense']) {
      const r = await cli(['--json', text]);
      expect(r.code).toBe(0);
      expect(['invalid', 'not-applicable', 'unreadable']).toContain(json(r.out).outcome);
    }
  });

  it('@FILE and - (stdin), with scanner line endings', async () => {
    const f = join(dir, 'pass.txt');
    writeFileSync(f, makeMec() + '\r\n');
    expect(json((await cli(['--json', `@${f}`])).out).outcome).toBe('exempt');
    expect(json((await cli(['--json', '-'], makeVac() + '\n')).out).outcome).toBe('valid');
  });

  it('@IMAGE.png decodes the QR first', async () => {
    const png = join(dir, 'pass.png');
    await QRCode.toFile(png, makeVac(), { errorCorrectionLevel: 'M', margin: 4, scale: 4 });
    const r = await cli(['--json', `@${png}`]);
    expect(r.code).toBe(0);
    expect(json(r.out).outcome).toBe('valid');
    const blank = join(dir, 'blank.png');
    // a valid PNG with no code in it is a verdict, not a crash
    await QRCode.toFile(join(dir, 'x.png'), 'x');
    writeFileSync(blank, readFileSync(join(dir, 'x.png')).subarray(0, 40));
    const b = await cli(['--json', `@${blank}`]);
    expect(b.code).toBe(0);
    expect(json(b.out).outcome).toBe('unreadable');
  });

  it('--now without a zone is UTC; with a zone it is honoured', async () => {
    expect(parseNow('2022-12-10T16:00:00')?.toISOString()).toBe('2022-12-10T16:00:00.000Z');
    expect(parseNow('2022-12-11T00:00:00+08:00')?.toISOString()).toBe('2022-12-10T16:00:00.000Z');
    expect(parseNow('2022-12-11')?.toISOString()).toBe('2022-12-11T00:00:00.000Z');
    expect(parseNow('2022-02-30T00:00:00')).toBeNull();
    const mec = makeMec({ validUntil: '10-12-2022' });
    // 15:59 UTC is 23:59 in Hong Kong on the last valid day; 16:00 UTC is the next HK day
    expect(json((await cli(['--json', '--now', '2022-12-10T15:59:00', mec])).out).outcome).toBe('exempt');
    expect(json((await cli(['--json', '--now', '2022-12-10T16:00:00', mec])).out).reasons).toEqual(['exemption-expired']);
  });

  it('--rules by-date, a stage id, or a rule file', async () => {
    const two = makeVac({ doses: [{ date: '01-07-2021', code: 'BNT' }, { date: '25-01-2022', code: 'BNT' }] });
    expect(json((await cli(['--json', '--rules', 'by-date', '--now', '2022-06-01T04:00:00Z', two])).out)).toMatchObject({ outcome: 'valid', ruleSet: 'hk-2022-05-31' });
    expect(json((await cli(['--json', '--rules', 'hk-2022-11-30', '--now', '2022-06-01T04:00:00Z', two])).out).outcome).toBe('invalid');
    const file = join(dir, 'rules.json');
    writeFileSync(file, JSON.stringify({
      version: 1, id: 'test-all-valid', label: { en: 'Test', zh: '測試' }, validFrom: '2020-01-01T00:00:00Z',
      vac: [{ name: 'all', when: true, outcome: 'valid', reasons: [] }], mec: [{ name: 'all', when: true, outcome: 'exempt', reasons: [] }],
    }));
    expect(json((await cli(['--json', '--rules', file, two])).out)).toMatchObject({ outcome: 'valid', ruleSet: 'test-all-valid' });
  });

  it('--trust replaces the demo default', async () => {
    const r = await cli(['--json', '--trust', productionTrustPath, makeVac()]);
    expect(json(r.out)).toMatchObject({ outcome: 'invalid', reasons: ['signature-invalid'], demo: false });
    expect(json((await cli(['--json', '--trust', productionTrustPath, '--trust', demoTrustPath, makeVac()])).out).outcome).toBe('valid');
  });

  it('--venue and --status apply the code colour', async () => {
    const list = join(dir, 'list.json');
    const person = { recordType: 'VAC', maskedId: '****456(7)', maskedName: 'CHAN T** M**', dob: '15-03-1985' };
    writeFileSync(list, makeList({ entries: [{ hash: hkPersonHash(person), kind: 'amber', from: 0, until: Date.parse('2022-12-31T00:00:00Z') / 86_400_000 }] }));
    const active = json((await cli(['--json', '--status', list, '--now', '2022-12-01T04:00:00Z', makeVac()])).out);
    expect(active.outcome).toBe('amber');
    expect((active.colour as { value: string }).value).toBe('amber');
    const passive = json((await cli(['--json', '--status', list, '--venue', 'passive', '--now', '2022-12-01T04:00:00Z', makeVac()])).out);
    expect(passive.outcome).toBe('valid');
  });
});

describe('usage errors exit 2', () => {
  const cases: [string, string[]][] = [
    ['no argument', []],
    ['two arguments', ['a', 'b']],
    ['bad --now', ['--now', 'yesterday', 'x']],
    ['bad --venue', ['--venue', 'outdoor', 'x']],
    ['unknown option', ['--colour', 'x']],
    ['unknown rule profile', ['--rules', 'hk-1999', 'x']],
    ['missing trust file', ['--trust', '/nonexistent/trust.json', 'x']],
    ['missing @FILE', ['@/nonexistent/pass.txt']],
    ['--batch with TEXT', ['--batch', '-', 'x']],
  ];
  for (const [name, argv] of cases) {
    it(name, async () => {
      const r = await cli(argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/kiosk verify/);
      expect(r.out).toBe('');
    });
  }
  it('a broken trust file names the bad entry', async () => {
    const bad = join(dir, 'bad-trust.json');
    const t = JSON.parse(readFileSync(demoTrustPath, 'utf8'));
    t.hk[2].spki = 'not-a-key';
    writeFileSync(bad, JSON.stringify(t));
    const r = await cli(['--trust', bad, 'x']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('hk[2] (id "demo-cms").spki');
  });
});

describe('--batch', () => {
  it('one JSON verdict per line, in order; bad lines get an error verdict and the batch goes on', async () => {
    const prodTrust = JSON.parse(readFileSync(productionTrustPath, 'utf8'));
    const lines = [
      JSON.stringify(makeVac()),
      JSON.stringify({ text: makeMec({ validUntil: '10-12-2022' }), now: '2022-12-11T00:00:00+08:00' }),
      '{not json',
      '',
      JSON.stringify({ text: makeEvt(), venue: 'passive' }),
      JSON.stringify({ text: 42 }),
      JSON.stringify({ text: makeVac(), trust: { ...prodTrust, hk: [{ id: 'bad', versionMajor: 3, types: ['VAC'], spki: 'x' }] } }),
      JSON.stringify({ text: makeVac(), now: 'soon' }),
      JSON.stringify('HKEN:0whatever'),
    ];
    const r = await cli(['--batch', '-', '--now', '2022-12-01T04:00:00Z'], lines.join('\n') + '\n');
    expect(r.code).toBe(0);
    const out = r.out.trim().split('\n').map(json);
    expect(out.map((o) => o.outcome)).toEqual(['valid', 'invalid', 'unreadable', 'not-applicable', 'unreadable', 'unreadable', 'unreadable', 'not-applicable']);
    expect(out[1]!.reasons).toEqual(['exemption-expired']);
    expect(out[2]!.error).toMatch(/line 3/);
    expect(out[5]!.error).toMatch(/hk\[0\] \(id "bad"\)\.spki/);
  });

  it('inline trust is added to the --trust stores', async () => {
    const demo = JSON.parse(readFileSync(demoTrustPath, 'utf8'));
    const file = join(dir, 'batch.jsonl');
    writeFileSync(file, [JSON.stringify(makeVac()), JSON.stringify({ text: makeVac(), trust: demo })].join('\n'));
    const r = await cli(['--batch', file, '--trust', productionTrustPath]);
    expect(r.out.trim().split('\n').map((l) => json(l).outcome)).toEqual(['invalid', 'valid']);
  });
});

describe('through the real command line', () => {
  it('node --import tsx main/cli.ts verify --json', async () => {
    const root = resolve(import.meta.dirname, '../..');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'main/cli.ts', 'verify', '--json', makeVac()], { cwd: root });
    expect(json(stdout)).toMatchObject({ outcome: 'valid', credential: 'hk-vac', demo: true });
  }, 60_000);
});

describe('default rule profile', () => {
  it('is the configured one (settings.ruleProfile), else the pinned final stage', async () => {
    const { mkdirSync } = await import('node:fs');
    const cfgDir = join(process.env.XDG_CONFIG_HOME!, 'venue-kiosk');
    const two = makeVac({ doses: [{ date: '01-07-2021', code: 'BNT' }, { date: '25-01-2022', code: 'BNT' }] });
    expect(json((await cli(['--json', '--now', '2022-06-01T04:00:00Z', two])).out).ruleSet).toBe('hk-2022-11-30');
    mkdirSync(cfgDir, { recursive: true });
    writeFileSync(join(cfgDir, 'config.json'), JSON.stringify({ settings: { ruleProfile: 'by-date' } }));
    try {
      expect(json((await cli(['--json', '--now', '2022-06-01T04:00:00Z', two])).out)).toMatchObject({ outcome: 'valid', ruleSet: 'hk-2022-05-31' });
    } finally {
      rmSync(cfgDir, { recursive: true, force: true });
    }
  });
});
