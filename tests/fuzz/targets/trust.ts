// Trust stores come from files (a USB stick, the config). Properties: loadTrustStore / loadTrustStoreText never
// throw, refuse with a reason, and what they accept holds only well-formed keys.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { isP256Spki, loadTrustStore, loadTrustStoreText } from '../../../main/verify/trust/load.ts';
import { demoTrustPath, productionTrustPath } from '../../fixtures/hk/sign.ts';
import { bounded, mutatedJson, mutatedString } from '../support.ts';
import type { FuzzTarget } from './types.ts';

function check(r: ReturnType<typeof loadTrustStore>): void {
  if (!r.ok) {
    if (typeof r.error !== 'string' || r.error.length === 0) throw new Error('refusal without a reason');
    return;
  }
  for (const k of [...r.store.hk, ...r.store.status]) if (!isP256Spki(k.spki)) throw new Error('accepted a key that is not P-256');
  for (const e of r.store.eudcc) if (!(e.der instanceof Uint8Array) || e.der.length === 0) throw new Error('accepted an empty certificate');
}

export const trustTargets: FuzzTarget[] = [
  {
    name: 'trust store: arbitrary JSON values',
    runs: 1000,
    async run(p) {
      await fc.assert(fc.asyncProperty(fc.anything({ maxDepth: 4 }), async (x) => { check(await bounded('loadTrustStore', () => loadTrustStore(x))); }), p);
    },
  },
  {
    name: 'trust store: edits of the shipped stores (structure and text)',
    runs: 1500,
    async run(p) {
      const texts = [readFileSync(demoTrustPath, 'utf8'), readFileSync(productionTrustPath, 'utf8')];
      const input = fc.oneof(
        fc.constantFrom(...texts).chain((t) => mutatedJson(JSON.parse(t))).map((j) => JSON.stringify(j) ?? ''),
        fc.constantFrom(...texts).chain((t) => mutatedString(t, '{}[]":,0123456789abcdefABCDEF+/= \n')),
      );
      await fc.assert(fc.asyncProperty(input, async (t) => { check(await bounded('loadTrustStoreText', () => loadTrustStoreText(t))); }), p);
    },
  },
];
