// The whole path with real parts: a signed demo VAC / MEC -> verify() -> identity -> status list built by the CLI
// from the fields as printed on the record -> resolver -> applyStatus. Proves that the identity the HK verifier
// produces and the hash the authority's tool computes agree.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { run as statusList } from '../../main/cli/status-list.ts';
import { createColourResolver } from '../../main/status/index.ts';
import { loadRuleProfile, verify, webCryptoVerifier } from '../../main/verify/index.ts';
import { applyStatus } from '../../main/verify/status/apply.ts';
import { demoStatusKeyPath, makeMec, makeVac } from '../fixtures/hk/sign.ts';
import { demoTrust, tempDir } from './helpers.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const trust = demoTrust();
const NOW = new Date('2022-09-15T04:00:00Z'); // 12:00 in Hong Kong

async function buildList(csv: string): Promise<string> {
  const t = tempDir();
  cleanups.push(t.cleanup);
  writeFileSync(join(t.dir, 'e.csv'), csv);
  const out = join(t.dir, 'list.json');
  const io = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough() };
  const code = await statusList(['build', '--key', demoStatusKeyPath, '--in', join(t.dir, 'e.csv'), '--out', out, '--issued-at', '2022-09-15T00:00:00Z'], io);
  if (code !== 0) throw new Error('build failed');
  return out;
}

async function scan(text: string, listFile: string, venue: 'active' | 'passive') {
  const rules = loadRuleProfile();
  if (!rules.ok) throw new Error('rules');
  const out = await verify(text, { now: NOW, venue, trust, rules: rules.profile, crypto: webCryptoVerifier });
  const resolver = await createColourResolver({ trust, listFiles: [listFile], now: () => NOW });
  cleanups.push(() => resolver.close());
  return applyStatus(out.verdict, await resolver.resolve(out.identity, NOW), { venue, unknownColourPolicy: 'warn' });
}

describe('status lists applied to real verified records', () => {
  const red = makeVac({ maskedName: 'CHAN T** M**', maskedId: '****456(7)', dob: '15-03-1985' });
  const amber = makeVac({ maskedName: 'HO K** W**', maskedId: '****777(7)', dob: '07-07-1977' });
  const blue = makeVac({ maskedName: 'LAM P** Y**', maskedId: '****888(8)', dob: '08-08-1988' });
  const mec = makeMec({ reference: 'DEMOMEC0000099' });
  const csv = [
    'kind,from,until,family,recordType,maskedId,maskedName,dob,reference',
    'red,,2022-09-20,hk-person,VAC,****456(7),CHAN T** M**,15-03-1985,',
    'amber,,2022-09-16,hk-person,VAC,****777(7),HO K** W**,07-07-1977,',
    'revoked,,,hk-ref,MEC,,,,DEMOMEC0000099',
  ].join('\n');

  it('red refused, amber refused at an active venue and admitted at a passive one, blue admitted, MEC revoked', async () => {
    const list = await buildList(csv);
    const v = await scan(blue, list, 'active');
    expect(v.outcome).toBe('valid');
    expect(v.colour).toMatchObject({ value: 'blue', source: 'list' });
    expect((await scan(red, list, 'passive')).outcome).toBe('red');
    expect((await scan(amber, list, 'active')).outcome).toBe('amber');
    const passive = await scan(amber, list, 'passive');
    expect(passive.outcome).toBe('valid');
    expect(passive.colour?.value).toBe('amber');
    const m = await scan(mec, list, 'active');
    expect(m.outcome).toBe('invalid');
    expect(m.reasons).toContain('revoked');
  });
});
