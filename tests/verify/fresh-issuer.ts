// Test vectors are minted here with keys generated for this test run (never the shipped demo keys): a trust store
// holding only their public halves, and HK record builders that sign with them.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTrustStore, type TrustStore } from '../../main/verify/index.ts';
import { mecUnsigned, vacUnsigned, type MecOptions, type VacOptions } from '../fixtures/hk/sign.ts';

export interface FreshIssuer {
  key: KeyObject;
  status: KeyObject;
  /** the trust store JSON (not demo: verdicts are real for it) */
  json: unknown;
  store: TrustStore;
  /** writes the trust store to a temp file and returns its path */
  file(): string;
  sign(unsignedWithTrailingPipe: string): string;
  vac(opts?: Partial<VacOptions>): string;
  mec(opts?: Partial<MecOptions>): string;
  /** the 2021 VAC layout (hk-formats.md corrections): 1st dose in 7/8/9, 2nd in 12/13/14 or `NA`, 001 in 10 or 15 */
  vac2021(opts: { doses: string[]; recoveredAt?: 10 | 15; reference?: string }): string;
  /** a signed record of a type whose layout is not public, e.g. RCV */
  other(type: string): string;
}

const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' }).toString('base64');

export function freshIssuer(): FreshIssuer {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const status = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const json = {
    version: 1,
    name: 'fresh test issuer (this run only)',
    demo: false,
    hk: [{ id: 'fresh-ehs', versionMajor: 3, types: ['VAC', 'MEC'], keyVersion: '1', spki: spki(pair.publicKey) }],
    eudcc: [],
    shc: [],
    status: [{ id: 'fresh-status', spki: spki(status.publicKey) }],
  };
  const r = loadTrustStore(json);
  if (!r.ok) throw new Error(r.error);
  const signText = (t: string) => t + sign('sha256', Buffer.from(t, 'utf8'), pair.privateKey).toString('base64');
  let path: string | null = null;
  return {
    key: pair.privateKey,
    status: status.privateKey,
    json,
    store: r.store,
    file() {
      if (!path) {
        path = join(mkdtempSync(join(tmpdir(), 'fresh-trust-')), 'trust.json');
        writeFileSync(path, JSON.stringify(json));
      }
      return path;
    },
    sign: signText,
    vac: (opts = {}) => signText(vacUnsigned({ version: '3.00', ...opts })),
    mec: (opts = {}) => signText(mecUnsigned({ version: '3.00', ...opts })),
    vac2021({ doses, recoveredAt, reference }) {
      const f = [
        'HKSARG', 'VAC', '3.00', '1', reference ?? 'OLD2021000001', '****456(7)', 'CHAN T** M**',
        doses[0] ?? '', doses[0] ? 'Comirnaty' : '', doses[0] ? '復必泰' : '',
        recoveredAt === 10 ? '001' : '', '',
        doses[1] ?? 'NA', doses[1] ? 'Comirnaty' : '', doses[1] ? '復必泰' : '',
        recoveredAt === 15 ? '001' : '', '', '15-08-2021 10:53',
      ];
      return signText(f.join('|') + '|');
    },
    other(type) {
      return signText(['HKSARG', type, '1', '1', 'RR0000001', '****456(7)', 'CHAN T** M**', '20-04-2022', ''].join('|') + '|');
    },
  };
}
