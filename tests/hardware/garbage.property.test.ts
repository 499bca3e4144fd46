// Whatever bytes a device sends, the decoders never throw, never emit more than their limit, and recover.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HidKeyboardDecoder } from '../../hardware/hid-keyboard-decoder.ts';
import { encodeHidPosReports, HidPosDecoder } from '../../hardware/hid-pos-decoder.ts';
import { LineFramer } from '../../hardware/line-framer.ts';
import { printableText } from '../../hardware/text-guard.ts';

describe('decoders under arbitrary input', () => {
  it('serial framing: lines are bounded and never contain CR/LF; a real line after garbage survives', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 600 }), { maxLength: 20 }), fc.constantFrom('cr', 'lf', 'crlf') as fc.Arbitrary<'cr' | 'lf' | 'crlf'>, (chunks, terminator) => {
        const lines: Buffer[] = [];
        const f = new LineFramer({ terminator, interByteTimeoutMs: 50, maxLength: 256 }, { line: (b) => lines.push(b), drop: () => {} });
        for (const c of chunks) f.push(c);
        f.push(Buffer.from('\r\nHKSARG|VAC|OK\r\n'));
        f.reset();
        for (const l of lines) {
          expect(l.length).toBeLessThanOrEqual(256);
          expect(l.includes(0x0d) || l.includes(0x0a)).toBe(false);
        }
        expect(lines.at(-1)?.toString('latin1')).toBe('HKSARG|VAC|OK');
      }),
      { numRuns: 300 },
    );
  });

  it('printableText never throws and returns only control-free text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const t = printableText(b);
        if (t !== null) expect(/[\u0000-\u001f\u007f-\u009f]/.test(t)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('HID POS: random reports never throw, never yield more than the limit, and a real scan still decodes after', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 0, maxLength: 70 }), { maxLength: 60 }), (reports) => {
        const d = new HidPosDecoder(512);
        let t = 0;
        for (const r of reports) {
          const out = d.push(r, (t += 10));
          if (out.kind === 'scan') expect(Buffer.byteLength(out.text)).toBeLessThanOrEqual(512);
        }
        d.clear();
        const last = encodeHidPosReports('HKSARG|VAC|AFTER').map((r) => d.push(r, (t += 10)));
        expect(last.at(-1)).toMatchObject({ kind: 'scan', text: 'HKSARG|VAC|AFTER' });
      }),
      { numRuns: 300 },
    );
  });

  it('HID keyboard: random reports never throw and never exceed the limit', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 0, maxLength: 12 }), { maxLength: 400 }), (reports) => {
        const d = new HidKeyboardDecoder(100);
        for (const r of reports) {
          const out = d.push(r);
          if (out.kind === 'scan') expect(out.text.length).toBeLessThanOrEqual(100);
        }
        const end = d.end();
        if (end.kind === 'scan') expect(end.text.length).toBeLessThanOrEqual(100);
      }),
      { numRuns: 300 },
    );
  });
});
