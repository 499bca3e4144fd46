// `kiosk verify --show-payload` adds the decoded international payload for support staff, and only then.
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../main/cli/verify.ts';

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (d) => (out += d));
  const code = await run(args, { stdout, stderr: new PassThrough(), stdin: new PassThrough() });
  return { code, out };
}

const shcText = readFileSync('../shared/testdata/shc/example-00-f-qr-code-numeric-value-0.txt', 'utf8').trim();
const shcPayload = JSON.parse(readFileSync('../shared/testdata/shc/example-00-b-jws-payload-expanded.json', 'utf8'));

describe('kiosk verify --show-payload', () => {
  it('prints the SMART Health Card payload only when asked', async () => {
    const plain = JSON.parse((await cli(['--json', shcText])).out);
    expect(plain).not.toHaveProperty('payload');
    const shown = JSON.parse((await cli(['--json', '--show-payload', shcText])).out);
    expect(shown.payload.iss).toBe(shcPayload.iss);
    expect(shown.payload.vc.credentialSubject.fhirBundle.entry.length).toBe(shcPayload.vc.credentialSubject.fhirBundle.entry.length);
  });

  it('prints the EU DCC hcert payload', async () => {
    const dir = '../shared/testdata/eu-dcc/AT/2DCode/raw';
    const { readdirSync } = await import('node:fs');
    const file = readdirSync(dir).find((f) => f.endsWith('.json'))!;
    const vector = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
    const shown = JSON.parse((await cli(['--json', '--show-payload', vector.PREFIX])).out);
    expect(shown.payload).toEqual(vector.JSON);
  });
});
