// `kiosk status-list build|inspect|import` in-process; `kiosk status-server` as a child process stopped by
// SIGINT / SIGTERM (killed by its own PID if it ever failed to stop).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeVerifier } from '../../main/status/node-crypto.ts';
import { lookupInList } from '../../main/verify/status/evaluate.ts';
import { loadStatusList } from '../../main/verify/status/format.ts';
import { demoStatusKeyPath, demoTrustPath } from '../fixtures/hk/sign.ts';
import { ALICE, BOB, cli, demoTrust, makeList, MEC_CAROL, tempDir } from './helpers.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function dir(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

const CSV = [
  'kind,from,until,family,recordType,maskedId,maskedName,dob,reference',
  'red,,2022-09-18,hk-person,VAC,****456(7),"CHAN T** M**",15-03-1985,',
  'revoked,,,hk-ref,MEC,,,,DEMO-MEC-0003',
  '',
].join('\r\n');

describe('kiosk status-list', () => {
  it('build signs a list from CSV that the kiosk accepts and reads correctly', async () => {
    const d = dir();
    writeFileSync(join(d, 'entries.csv'), CSV);
    const out = join(d, 'list.json');
    const r = await cli(['build', '--key', demoStatusKeyPath, '--in', join(d, 'entries.csv'), '--out', out, '--version', '5', '--issued-at', '2022-09-01T00:00:00Z', '--valid-hours', '48']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/version 5, 2 entries/);
    expect(r.out).not.toMatch(/CHAN|456|DEMO-MEC/);
    const l = await loadStatusList(readFileSync(out, 'utf8'), demoTrust(), nodeVerifier);
    if (!l.ok) throw new Error(l.error);
    expect(l.list.header).toMatchObject({ version: 5, authority: 'demo-status', issuedAt: '2022-09-01T00:00:00Z', expiresAt: '2022-09-03T00:00:00Z', count: 2 });
    const at = new Date('2022-09-02T00:00:00Z');
    expect(lookupInList(l.list, ALICE, at).colour.value).toBe('red');
    expect(lookupInList(l.list, BOB, at).colour.value).toBe('blue');
    expect(lookupInList(l.list, MEC_CAROL, at).revoked).toBe(true);
  });

  it('build reports bad input with the line and column, never the value', async () => {
    const d = dir();
    writeFileSync(join(d, 'bad.csv'), 'kind,until,family,recordType,maskedId,maskedName,dob\nred,2022-09-18,hk-person,VAC,****999(9),SECRET NAME,\n');
    const r = await cli(['build', '--key', demoStatusKeyPath, '--in', join(d, 'bad.csv'), '--out', join(d, 'x.json')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/line 2: dob: required/);
    expect(r.err).not.toMatch(/SECRET|999/);
    expect((await cli(['build', '--in', join(d, 'bad.csv')])).code).toBe(2);
    expect((await cli(['build', '--bogus'])).code).toBe(2);
    expect((await cli([])).code).toBe(2);
    expect((await cli(['build', '--key', join(d, 'bad.csv'), '--in', join(d, 'bad.csv'), '--out', join(d, 'x.json')])).err).toMatch(/private key/);
  });

  it('inspect shows the header and the signature check; import writes into the data dir', async () => {
    const d = dir();
    writeFileSync(join(d, 'l.json'), makeList({ version: 42, entries: [] }));
    const i = await cli(['inspect', '--in', join(d, 'l.json'), '--trust', demoTrustPath]);
    expect(i.code).toBe(0);
    expect(i.out).toMatch(/version 42/);
    expect(i.out).toMatch(/signature\s+valid/);
    writeFileSync(join(d, 'forged.json'), JSON.stringify({ ...JSON.parse(makeList({ version: 42 })), version: 43 }));
    const f = await cli(['inspect', '--in', join(d, 'forged.json'), '--trust', demoTrustPath]);
    expect(f.code).toBe(1);
    expect(f.out).toMatch(/signature invalid/);
    const data = dir();
    const imp = await cli(['import', '--in', join(d, 'l.json'), '--data-dir', data, '--trust', demoTrustPath]);
    expect(imp).toMatchObject({ code: 0 });
    expect(JSON.parse(readFileSync(join(data, 'status', 'current.json'), 'utf8')).version).toBe(42);
    expect((await cli(['import', '--in', join(d, 'forged.json'), '--data-dir', data, '--trust', demoTrustPath])).code).toBe(1);
  });
});

describe('kiosk status-server', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`serves on 127.0.0.1 and stops cleanly on ${signal}`, async () => {
      const d = dir();
      writeFileSync(join(d, 'l.json'), makeList({ version: 8 }));
      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/status/fixtures/status-server-main.ts', '--list', join(d, 'l.json'), '--key', demoStatusKeyPath, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let killed = false;
      cleanups.push(() => { if (child.exitCode === null && !killed) child.kill('SIGKILL'); });
      let out = '';
      child.stdout.on('data', (c) => { out += c; });
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
        child.stdout.on('data', () => {
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) { clearTimeout(timer); resolve(m[1]!); }
        });
        child.on('exit', () => reject(new Error('server exited early')));
      });
      const res = await fetch(`${url}/status-list.json`);
      expect(res.status).toBe(200);
      expect((await res.json()).version).toBe(8);
      // with --key its lookup answers are signed over the kiosk's nonce
      const nonce = '5a'.repeat(16);
      const look = await fetch(`${url}/lookup`, { method: 'POST', body: JSON.stringify({ hashes: ['0'.repeat(32)], nonce }) });
      expect(await look.json()).toMatchObject({ nonce, listVersion: 8, authority: 'demo-status', alg: 'ES256', signature: expect.stringMatching(/^[A-Za-z0-9+/]{86}==$/) });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill(signal);
      killed = true;
      const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 10_000))]);
      if (code === 'hung') child.kill('SIGKILL');
      expect(code).toBe(0);
      expect(out).toMatch(/status server stopped/);
    });
  }

  it('refuses a missing list and bad ports', async () => {
    const { run } = await import('../../main/cli/status-server.ts');
    const err = new PassThrough();
    let text = '';
    err.on('data', (c) => { text += c; });
    const io = { stdout: new PassThrough(), stderr: err, stdin: new PassThrough() };
    expect(await run(['--list', '/nonexistent/list.json'], io)).toBe(1);
    expect(await run(['--list', 'x', '--port', '70000'], io)).toBe(2);
    expect(await run([], io)).toBe(2);
    expect(text).toMatch(/cannot read the list/);
  });
});
