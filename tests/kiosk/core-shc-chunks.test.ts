// A multi-part SMART Health Card scanned part by part reaches one verdict, counted once, through the real core.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createKioskCore } from '../../main/kiosk/core.ts';

const DIR = '../shared/testdata/shc/';
const read = (f: string) => readFileSync(DIR + f, 'utf8').trim();
const dir = mkdtempSync(join(tmpdir(), 'kiosk-shc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SMART Health Card parts through the core', () => {
  it('answers "next part" until the card is complete, then verifies it', async () => {
    const trustFile = join(dir, 'trust.json');
    writeFileSync(trustFile, JSON.stringify({
      version: 1, name: 'SMART example issuer', demo: true, hk: [], eudcc: [], status: [],
      shc: [{ iss: 'https://spec.smarthealth.cards/examples/issuer', jwks: JSON.parse(read('issuer/.well-known/jwks.json')), crls: [] }],
    }));
    const nbf = (JSON.parse(read('example-02-b-jws-payload-expanded.json')) as { nbf: number }).nbf;
    const now = nbf * 1000 + 86_400_000;
    const core = await createKioskCore({ dataDir: join(dir, 'data'), shell: 'cli', trustFiles: [trustFile], clock: () => now, log: { info() {}, warn() {}, error() {} } });
    const parts = [2, 0, 1].map((i) => read(`example-02-f-qr-code-numeric-value-${i}.txt`));
    const first = await core.submitScan({ text: parts[0]!, source: 'camera', deviceId: 'cam', at: now });
    expect(first.verdict.reasons).toEqual(['shc-chunk-partial']);
    expect(first.verdict.display.recordType).toContain('1/3');
    const second = await core.submitScan({ text: parts[1]!, source: 'camera', deviceId: 'cam', at: now });
    expect(second.verdict.display.recordType).toContain('2/3');
    const last = await core.submitScan({ text: parts[2]!, source: 'camera', deviceId: 'cam', at: now });
    expect(last.verdict.credential).toBe('shc');
    expect(last.verdict.stages.signature).toBe(true);
    expect(last.verdict.reasons).not.toContain('shc-chunk-partial');
    const s = core.openSession();
    await s.handlers.operatorLogin({ pin: '1234' });
    const { rows } = await s.handlers.getStats({ granularity: 'day' });
    expect(rows.reduce((a, r) => a + r.count, 0)).toBe(1);
    await core.close();
  });
});
