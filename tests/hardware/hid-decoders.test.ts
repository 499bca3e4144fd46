// HID report decoding from recorded byte sequences.
import { describe, expect, it } from 'vitest';
import { encodeHidPosReports, HidPosDecoder } from '../../hardware/hid-pos-decoder.ts';
import { encodeKeyboardReports, HidKeyboardDecoder } from '../../hardware/hid-keyboard-decoder.ts';
import { hex, posReport } from './fake-hid.ts';
import { passOfLength } from './payloads.ts';

describe('HID POS reports', () => {
  it('decodes a single report: id 02, length, AIM ]Q1, data', () => {
    // "HKSARG|VAC" = 48 4b 53 41 52 47 7c 56 41 43 (10 bytes)
    const r = posReport('02 0a 5d5131 484b534152477c564143', false);
    const d = new HidPosDecoder();
    expect(d.push(r, 0)).toEqual({ kind: 'scan', text: 'HKSARG|VAC', aim: ']Q1' });
  });

  it('joins a scan continued over two reports', () => {
    const first = 'A'.repeat(56);
    const r1 = posReport('02 38 5d5131' + Buffer.from(first).toString('hex'), true);
    const r2 = posReport('02 03 5d5131 78797a', false); // "xyz"
    const d = new HidPosDecoder();
    expect(d.push(r1, 0)).toEqual({ kind: 'partial' });
    expect(d.push(r2, 5)).toEqual({ kind: 'scan', text: first + 'xyz', aim: ']Q1' });
  });

  it('accepts reports delivered without the report id byte (63 bytes)', () => {
    const r = posReport('02 05 5d5131 48454c4c4f', false).subarray(1);
    expect(new HidPosDecoder().push(r, 0)).toMatchObject({ kind: 'scan', text: 'HELLO' });
  });

  it('drops a trailing CR the scanner was configured to append', () => {
    const r = posReport('02 04 5d5131 4f4b0d0a'.replace('0d0a', '0d'), false);
    const fixed = Buffer.from(r);
    fixed[1] = 3; // "OK\r"
    expect(new HidPosDecoder().push(fixed, 0)).toMatchObject({ kind: 'scan', text: 'OK' });
  });

  it('reassembles a 2,400-character pass from its 43+ reports', () => {
    const pass = passOfLength(2400);
    const reports = encodeHidPosReports(pass);
    expect(reports.length).toBe(Math.ceil(Buffer.byteLength(pass) / 56));
    const d = new HidPosDecoder();
    const results = reports.map((r, i) => d.push(r, i));
    expect(results.slice(0, -1).every((r) => r.kind === 'partial')).toBe(true);
    expect(results.at(-1)).toEqual({ kind: 'scan', text: pass, aim: ']Q1' });
  });

  it('ignores other report ids, rejects impossible lengths and overlong scans', () => {
    const d = new HidPosDecoder(100);
    expect(d.push(posReport('04 01 00', false), 0)).toEqual({ kind: 'ignored' });
    expect(d.push(posReport('02 39 5d5131', false), 0)).toEqual({ kind: 'dropped', reason: 'malformed' });
    const long = encodeHidPosReports('B'.repeat(150));
    const out = long.map((r) => d.push(r, 0));
    expect(out).toContainEqual({ kind: 'dropped', reason: 'too-long' });
    expect(out.some((r) => r.kind === 'scan')).toBe(false);
    // and the decoder is usable afterwards
    expect(d.push(posReport('02 02 5d5131 4f4b', false), 0)).toMatchObject({ kind: 'scan', text: 'OK' });
  });

  it('drops a half scan whose continuation never came, and decodes the next one', () => {
    const d = new HidPosDecoder(8192, 1000);
    const r1 = posReport('02 38 5d5131' + '41'.repeat(56), true);
    expect(d.push(r1, 0).kind).toBe('partial');
    // 5 s later a fresh single-report scan: must not be glued to the stale half
    expect(d.push(posReport('02 02 5d5131 4f4b', false), 5000)).toMatchObject({ kind: 'scan', text: 'OK' });
  });

  it('refuses binary data', () => {
    expect(new HidPosDecoder().push(posReport('02 03 5d5131 00ff01', false), 0)).toEqual({ kind: 'dropped', reason: 'noise' });
  });
});

describe('HID keyboard reports', () => {
  const R = (s: string) => hex(s);
  it('decodes shift, digits and punctuation and ends at Enter', () => {
    // "Hk|3" : H (shift 0x0b), k (0x0e), | (shift 0x31), 3 (0x20), Enter (0x28); each followed by a release
    const reports = [
      R('02 00 0b 00 00 00 00 00'), R('00 00 00 00 00 00 00 00'),
      R('00 00 0e 00 00 00 00 00'), R('00 00 00 00 00 00 00 00'),
      R('20 00 31 00 00 00 00 00'), R('00 00 00 00 00 00 00 00'), // right shift
      R('00 00 20 00 00 00 00 00'), R('00 00 00 00 00 00 00 00'),
      R('00 00 28 00 00 00 00 00'), R('00 00 00 00 00 00 00 00'),
    ];
    const d = new HidKeyboardDecoder();
    const out = reports.map((r) => d.push(r)).filter((r) => r.kind !== 'none');
    expect(out).toEqual([{ kind: 'scan', text: 'Hk|3' }]);
  });

  it('types a repeated letter only when the key was released in between', () => {
    const d = new HidKeyboardDecoder();
    const seq = [
      R('00 00 04 00 00 00 00 00'), R('00 00 04 00 00 00 00 00'), // held: one "a"
      R('00 00 00 00 00 00 00 00'), R('00 00 04 00 00 00 00 00'), // released and pressed: second "a"
      R('00 00 04 05 00 00 00 00'), // "b" added while "a" held (rollover)
      R('00 00 00 00 00 00 00 00'), R('00 00 2b 00 00 00 00 00'), // Tab ends
    ];
    const out = seq.map((r) => d.push(r)).filter((r) => r.kind !== 'none');
    expect(out).toEqual([{ kind: 'scan', text: 'aab' }]);
  });

  it('ends at Ctrl+J and at keypad Enter; reads a report-id prefix', () => {
    const d = new HidKeyboardDecoder();
    expect(d.push(R('00 00 1e 00 00 00 00 00')).kind).toBe('none'); // "1"
    expect(d.push(R('01 00 0d 00 00 00 00 00'))).toEqual({ kind: 'scan', text: '1' }); // LCtrl + j
    expect(d.push(R('01 00 00 00 1f 00 00 00 00')).kind).toBe('none'); // id 01, "2"
    expect(d.push(R('01 00 00 00 58 00 00 00 00'))).toEqual({ kind: 'scan', text: '2' }); // KP Enter
  });

  it('ignores rollover error reports and Ctrl/Alt shortcuts', () => {
    const d = new HidKeyboardDecoder();
    d.push(R('00 00 04 00 00 00 00 00'));
    d.push(R('00 00 01 01 01 01 01 01'));
    d.push(R('04 00 05 00 00 00 00 00')); // Alt+b: not text
    d.push(R('00 00 00 00 00 00 00 00'));
    expect(d.push(R('00 00 28 00 00 00 00 00'))).toEqual({ kind: 'scan', text: 'a' });
  });

  it('decodes a whole signed pass typed by a keyboard-mode scanner', () => {
    const pass = passOfLength(600);
    const d = new HidKeyboardDecoder();
    const out = encodeKeyboardReports(pass, 'enter').map((r) => d.push(r)).filter((r) => r.kind !== 'none');
    expect(out).toEqual([{ kind: 'scan', text: pass }]);
  });

  it('drops a scan longer than the limit', () => {
    const d = new HidKeyboardDecoder(10);
    const out = encodeKeyboardReports('x'.repeat(20), 'enter').map((r) => d.push(r)).filter((r) => r.kind !== 'none');
    expect(out).toEqual([{ kind: 'dropped', reason: 'too-long' }]);
  });
});
