// What a verdict screen says beyond its outcome: amber admitted at a passive venue, check-by-eye records, group notes.
import { describe, expect, it } from 'vitest';
import type { VerdictEvent } from '../../main/api/state.ts';
import { groupView } from '../../renderer/logic/group.ts';
import { LOOKS } from '../../renderer/logic/outcomes.ts';
import { groupEntryKey, verdictView } from '../../renderer/logic/verdict-view.ts';
import { hasKey } from '../../renderer/logic/reasons.ts';

const ev = (v: Partial<VerdictEvent['verdict']>): Pick<VerdictEvent, 'verdict'> => ({
  verdict: { outcome: 'valid', credential: 'hk-vac', reasons: [], stages: {}, display: {}, demo: false, ...v },
});

describe('verdict view', () => {
  it('amber at an active venue is a refusal with a cross, in the refusal colour family, not the warning yellow', () => {
    const view = verdictView(ev({ outcome: 'amber', reasons: ['colour-amber'], colour: { value: 'amber', source: 'list' } }));
    expect(view.look.admits).toBe(false);
    expect(view.look.icon).toMatch(/^cross/);
    expect(view.look.bg).not.toBe('#ffd54a');
    // refusal family: red channel dominant, white text
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(view.look.bg.slice(i, i + 2), 16));
    expect(r).toBeGreaterThan(g! * 2);
    expect(r).toBeGreaterThan(b! * 2);
    expect(view.notes).not.toContain('amber-admitted');
  });

  it('amber at a passive venue admits and says so', () => {
    const view = verdictView(ev({ outcome: 'valid', colour: { value: 'amber', source: 'list' } }));
    expect(view.look.admits).toBe(true);
    expect(view.notes).toEqual(['amber-admitted']);
  });

  it('colour not checked and stale are notes, not the amber note', () => {
    expect(verdictView(ev({ colour: { value: 'unknown', source: 'none' } })).notes).toEqual(['colour-unknown']);
    expect(verdictView(ev({ colour: { value: 'blue', source: 'list', stale: true } })).notes).toEqual(['colour-stale']);
  });

  it('a Hong Kong record the kiosk cannot check has its own title, in both languages', () => {
    const view = verdictView(ev({ outcome: 'not-applicable', credential: 'unknown', reasons: ['hk-record-unchecked'] }));
    expect(view.checkByEye).toBe(true);
    expect(hasKey(view.titleKey)).toBe(true);
    expect(hasKey(view.subKey)).toBe(true);
    expect(view.titleKey).not.toBe('outcome.not-applicable.title');
    expect(hasKey('reason.hk-record-unchecked')).toBe(true);
  });

  it('group notes for a repeat and a pass not added', () => {
    expect(groupEntryKey('repeat')).toBe('group.repeat');
    expect(groupEntryKey('full')).toBe('group.notAdded');
    expect(groupEntryKey('added')).toBeNull();
    for (const k of ['group.repeat', 'group.notAdded', 'verdict.amberAdmitted']) expect(hasKey(k), k).toBe(true);
  });

  it('group rows carry each member\'s reason and colour; any colour not checked shows on the group', () => {
    const v = groupView({
      active: true, admitted: false, max: 9,
      members: [
        { outcome: 'valid', credential: 'hk-vac', reasons: ['colour-unknown'], colour: 'unknown' },
        { outcome: 'invalid', credential: 'hk-vac', reasons: ['doses-insufficient', 'needs-3-doses'], colour: 'blue' },
      ],
    });
    expect(v.colourUnchecked).toBe(true);
    expect(v.rows[0]!.reasonKey).toBeUndefined(); // the colour has its own badge, not a reason line
    expect(v.rows[0]!.colour).toBe('unknown');
    expect(v.rows[1]!.reasonKey).toBe('reason.doses-insufficient');
    expect(LOOKS.amber.icon).not.toBe(LOOKS.invalid.icon);
  });
});
