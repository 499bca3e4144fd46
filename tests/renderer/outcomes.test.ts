import { describe, expect, it } from 'vitest';
import { LOOKS, OUTCOME_LIST, admits, lookOf } from '../../renderer/logic/outcomes.ts';
import { contrastRatio } from '../../renderer/logic/contrast.ts';
import { readFileSync } from 'node:fs';

describe('outcome looks', () => {
  it('cover exactly the outcomes of the verdict contract', async () => {
    // The contract is the source of truth; the renderer keeps its own copy because it may not import runtime code.
    const src = readFileSync('main/api/verdict.ts', 'utf8');
    const m = /OUTCOMES = \[([^\]]+)\]/.exec(src);
    const contract = m![1]!.split(',').map((s) => s.trim().replace(/'/g, ''));
    expect([...OUTCOME_LIST].sort()).toEqual(contract.sort());
  });

  it('give each outcome its own icon and its own colour', () => {
    const icons = OUTCOME_LIST.map((o) => LOOKS[o].icon);
    const bgs = OUTCOME_LIST.map((o) => LOOKS[o].bg);
    expect(new Set(icons).size).toBe(OUTCOME_LIST.length);
    expect(new Set(bgs).size).toBe(OUTCOME_LIST.length);
  });

  it('meet WCAG AA contrast (4.5:1) for text on every outcome colour', () => {
    for (const o of OUTCOME_LIST) {
      expect(contrastRatio(LOOKS[o].fg, LOOKS[o].bg), o).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('match the palette in the stylesheet', () => {
    const css = readFileSync('renderer/styles.css', 'utf8');
    for (const o of OUTCOME_LIST) {
      const m = new RegExp(`\\.o-${o} \\{ --v-bg: (#[0-9a-f]{6}); --v-fg: (#[0-9a-f]{6}); \\}`).exec(css);
      expect(m, o).not.toBeNull();
      expect(m![1]).toBe(LOOKS[o].bg);
      expect(m![2]).toBe(LOOKS[o].fg);
    }
  });

  it('admit only valid and exempt', () => {
    expect(OUTCOME_LIST.filter(admits)).toEqual(['valid', 'exempt']);
    expect(admits('something-new')).toBe(false);
  });

  it('show an unknown outcome string cautiously, as unreadable', () => {
    expect(lookOf('brand-new').outcome).toBe('unreadable');
    expect(lookOf('brand-new').admits).toBe(false);
  });
});

describe('contrast ratio', () => {
  it('is 21 for black on white and 1 for equal colours', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#777777')).toBeCloseTo(1, 5);
  });
  it('matches a published pair (#767676 on white is the classic 4.54:1)', () => {
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });
});
