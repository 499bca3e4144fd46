// A mixed stream of scans with known outcomes from several sources: valid, exempt, refused, unreadable and
// venue codes, so that a count that lands in the wrong bucket after a fault shows up as a wrong number.
import type { Outcome, ScanSource } from '../../main/api/verdict.ts';
import { DEMO_VENUE_CODE } from '../../main/venue/demo.ts';
import { makeMec, makeVac } from '../fixtures/hk/sign.ts';

export interface MixItem { text: string; source: ScanSource; expect: Outcome }

export function scanMix(): MixItem[] {
  const vac = makeVac();
  const oneDose = makeVac({ doses: [{ date: '01-06-2021', code: 'BNT' }], total: 1, reference: 'DEMO0000000009' });
  const tampered = vac.replace('CHAN T** M**', 'CHAN X** M**');
  return [
    { text: vac, source: 'serial', expect: 'valid' },
    { text: makeMec(), source: 'hid-pos', expect: 'exempt' },
    { text: tampered, source: 'camera', expect: 'invalid' },
    { text: oneDose, source: 'wedge', expect: 'invalid' },
    { text: 'not a pass at all', source: 'manual', expect: 'unreadable' },
    { text: DEMO_VENUE_CODE, source: 'camera', expect: 'not-applicable' },
  ];
}
