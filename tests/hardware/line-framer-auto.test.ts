// 'auto' framing: a scanner that never sends CR/LF has its scans ended by the quiet gap; once a scanner has sent a
// terminator, a pause no longer ends a scan (a cut-off line is dropped as before). Fake timers: the gap is a
// duration the framer measures, so the test moves the clock instead of waiting.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LineFramer, type DropReason } from '../../hardware/line-framer.ts';
import { effectiveGapMs } from '../../hardware/serial-scanner.ts';

beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });

function rig(terminator: 'auto' | 'none' | 'cr', gap = 50) {
  const lines: string[] = [];
  const drops: DropReason[] = [];
  const f = new LineFramer({ terminator, interByteTimeoutMs: gap, maxLength: 8192 }, { line: (b) => lines.push(b.toString()), drop: (r) => drops.push(r) });
  return { f, lines, drops };
}

describe('auto framing', () => {
  it('ends a terminator-less scan at the quiet gap, in pieces or whole', () => {
    const { f, lines } = rig('auto');
    expect(f.framing()).toBe('quiet-gap');
    f.push(Buffer.from('HKSARG|VAC|'));
    vi.advanceTimersByTime(30);
    f.push(Buffer.from('rest-of-pass'));
    vi.advanceTimersByTime(49);
    expect(lines).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(lines).toEqual(['HKSARG|VAC|rest-of-pass']);
    f.push(Buffer.from('second'));
    vi.advanceTimersByTime(50);
    expect(lines).toEqual(['HKSARG|VAC|rest-of-pass', 'second']);
    expect(f.framing()).toBe('quiet-gap');
  });

  it('after the first terminator, keeps to terminators: a pause does not end a scan', () => {
    const { f, lines, drops } = rig('auto');
    f.push(Buffer.from('first\r\n'));
    expect(lines).toEqual(['first']);
    expect(f.framing()).toBe('terminator');
    f.push(Buffer.from('half'));
    vi.advanceTimersByTime(200);
    f.push(Buffer.from('-and-half\r'));
    expect(lines).toEqual(['first', 'half-and-half']);
    f.push(Buffer.from('cut off'));
    vi.advanceTimersByTime(1000);
    expect(lines).toHaveLength(2);
    expect(drops).toEqual(['incomplete']);
  });

  it("'cr' framing still drops a line that never ends (unchanged)", () => {
    const { f, lines, drops } = rig('cr');
    f.push(Buffer.from('no terminator'));
    vi.advanceTimersByTime(1000);
    expect(lines).toEqual([]);
    expect(drops).toEqual(['incomplete']);
    expect(f.framing()).toBe('terminator');
  });

  it('the gap is at least eight characters long at the port speed', () => {
    expect(effectiveGapMs(50, 9600)).toBe(50);
    expect(effectiveGapMs(50, 115200)).toBe(50);
    expect(effectiveGapMs(50, 1200)).toBe(67);
    expect(effectiveGapMs(20, 2400)).toBe(34);
  });
});
