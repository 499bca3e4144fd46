// Real signed HK pass texts (demo keys) of the sizes a scanner actually reads: 400 to 2,400 characters.
import { makeVac } from '../fixtures/hk/sign.ts';

/** A VAC record whose masked name is padded until the whole text is about `chars` long. */
export function passOfLength(chars: number, ref = 'DEMO0000000001'): string {
  const base = makeVac({ reference: ref });
  const extra = Math.max(0, chars - base.length);
  const words = Math.ceil((extra + 12) / 4); // signatures vary by a few bytes
  return makeVac({ reference: ref, maskedName: 'CHAN' + ' T**'.repeat(words) });
}
