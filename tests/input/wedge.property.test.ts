// Property: keys typed at human speed never become a scan, whatever they are.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WEDGE_DEFAULTS, WedgeCore } from '../../renderer/input/wedge-core.ts';

describe('wedge timing, any keys', () => {
  it('a run whose gaps are all human (>= 120 ms) is never a scan; in a field every key comes back, in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...'abcXYZ019|*() -'.split(''), 'Enter', 'Tab', 'Backspace'), fc.integer({ min: 120, max: 2000 })), { maxLength: 60 }),
        (keys) => {
          const scans: string[] = [];
          let field = '';
          const core = new WedgeCore(WEDGE_DEFAULTS, { scan: (s) => scans.push(s), giveBack: (s) => (field += s) });
          let t = 0;
          let typed = '';
          for (const [key, gap] of keys) {
            t += gap;
            const swallowed = core.key({ key, t, ctrl: false, alt: false, meta: false, composing: false, editable: true });
            if (key.length === 1) {
              typed += key;
              if (!swallowed) field += key; // reached the page directly
            } else expect(swallowed).toBe(false); // a person's Enter/Tab always reaches the page
          }
          core.idle(t + 10_000);
          expect(scans).toEqual([]);
          // every printable key reached the field, in the order typed: directly, or given back
          expect(field).toBe(typed);
        },
      ),
      { numRuns: 300 },
    );
  });
});
