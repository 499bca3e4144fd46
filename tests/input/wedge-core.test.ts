// The wedge's decision, by key timing: scanner bursts become scans, people's typing is given back or dropped.
import { describe, expect, it } from 'vitest';
import { WedgeCore, type WedgeKey } from '../../renderer/input/wedge-core.ts';
import { RepeatSuppressor } from '../../renderer/input/suppress.ts';

function rig(minChars = 8, maxGapMs = 50) {
  const scans: string[] = [];
  const given: string[] = [];
  const core = new WedgeCore({ minChars, maxGapMs, holdMs: 150, burstHoldMs: 400, maxLength: 100 }, { scan: (t) => scans.push(t), giveBack: (t) => given.push(t) });
  const key = (key: string, t: number, more: Partial<WedgeKey> = {}) =>
    core.key({ key, t, ctrl: false, alt: false, meta: false, composing: false, editable: false, ...more });
  /** types `text` starting at t0 with `gap` ms between keys; returns which keys were swallowed */
  const type = (text: string, t0: number, gap: number, editable = false) => [...text].map((c, i) => key(c, t0 + i * gap, { editable }));
  return { core, scans, given, key, type };
}

describe('wedge timing', () => {
  it('a fast burst ended by Enter is one scan, and every key including Enter is swallowed', () => {
    const { scans, given, key, type } = rig();
    const payload = 'HKSARG|VAC|3.00|1|DEMO|****456(7)|CHAN T** M**|';
    expect(type(payload, 1000, 4).every(Boolean)).toBe(true);
    expect(key('Enter', 1000 + payload.length * 4)).toBe(true);
    expect(scans).toEqual([payload]);
    expect(given).toEqual([]);
  });

  it('a fast burst without a terminator ends at the pause', () => {
    const { scans, core, type } = rig();
    type('0123456789', 0, 3);
    core.idle(27 + 300);
    expect(scans).toEqual([]);
    core.idle(27 + 410);
    expect(scans).toEqual(['0123456789']);
  });

  it('human-speed typing is never a scan; in a text field it is given back in order', () => {
    const { scans, given, type, core, key } = rig();
    const swallowed = type('hello world', 0, 200, true);
    core.idle(10 * 200 + 500);
    expect(scans).toEqual([]);
    expect(given.join('')).toBe('hello world');
    expect(swallowed.every(Boolean)).toBe(true); // each key held, then given back
    // Enter with nothing held is the page's (submits the form)
    expect(key('Enter', 5000, { editable: true })).toBe(false);
  });

  it('human typing outside a text field is dropped, and Enter/Tab with nothing held pass through', () => {
    const { scans, given, type, core, key } = rig();
    type('abc', 0, 200);
    core.idle(1000);
    expect(scans).toEqual([]);
    expect(given).toEqual([]);
    expect(key('Tab', 2000)).toBe(false);
  });

  it('a short fast run (fewer than minChars) followed by Enter is given back, and the Enter reaches the page', () => {
    const { scans, given, type, key } = rig();
    type('ok', 0, 20, true);
    expect(key('Enter', 40, { editable: true })).toBe(false);
    expect(scans).toEqual([]);
    expect(given).toEqual(['ok']);
  });

  it('a fast typist: after a few slow gaps the held keys come back and the rest goes straight through', () => {
    const { scans, given, type, core } = rig();
    const swallowed = type('password1', 0, 80, true);
    expect(given).toEqual(['pass']); // judged human at the 4th key (3 slow gaps)
    expect(swallowed.slice(4).some(Boolean)).toBe(false);
    core.idle(8 * 80 + 200);
    expect(scans).toEqual([]);
    expect(given).toEqual(['pass']);
  });

  it('tolerates a rare slow gap inside a scanner burst', () => {
    const { scans, type, key } = rig();
    type('ABCDEFGHIJKLMNOPQRST', 0, 4);
    type('UVWXYZ', 4 * 19 + 90, 4); // one 90 ms hiccup
    type('0123456789', 4 * 19 + 90 + 20 + 250, 4); // and one of 250 ms, after the run looked like a scan
    key('Enter', 4 * 19 + 90 + 20 + 250 + 40);
    expect(scans).toEqual(['ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789']);
  });

  it('a pause longer than burstHoldMs splits runs: a slow key is not glued to the burst', () => {
    const { scans, given, type, key } = rig();
    type('x', 0, 0, true);
    type('ABCDEFGHIJ', 500, 5, true);
    key('Enter', 500 + 10 * 5, { editable: true });
    expect(given).toEqual(['x']);
    expect(scans).toEqual(['ABCDEFGHIJ']);
  });

  it('Ctrl+J ends a scan; shortcuts and IME composition are left alone', () => {
    const { scans, key, type } = rig();
    type('ABCDEFGHIJ', 0, 5);
    expect(key('j', 50, { ctrl: true })).toBe(true);
    expect(scans).toEqual(['ABCDEFGHIJ']);
    expect(key('c', 500, { ctrl: true })).toBe(false);
    expect(key('你', 600, { composing: true })).toBe(false);
  });

  it('drops a burst longer than the limit', () => {
    const { scans, type, key } = rig();
    type('Z'.repeat(150), 0, 2);
    key('Enter', 300);
    expect(scans).toEqual([]);
  });
});

describe('repeat suppression', () => {
  it('passes a text once while it stays in view, again after it was gone for the window, others at once', () => {
    const s = new RepeatSuppressor(3000);
    expect(s.accept('A', 0)).toBe(true);
    expect(s.accept('A', 100)).toBe(false);
    expect(s.accept('A', 2900)).toBe(false);
    expect(s.accept('A', 5800)).toBe(false); // seen at 2900: still within 3 s of the last sighting
    expect(s.accept('B', 5900)).toBe(true);
    expect(s.accept('A', 6000)).toBe(true);
    expect(s.accept('A', 9100)).toBe(true);
  });
});
