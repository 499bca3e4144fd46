import { describe, expect, it } from 'vitest';
import { groupView } from '../../renderer/logic/group.ts';
import type { GroupState } from '../../main/api/state.ts';

const member = (outcome: GroupState['members'][number]['outcome']) => ({ outcome, credential: 'hk-vac' as const });

describe('group display', () => {
  it('an empty group is neither admitted nor refused', () => {
    const v = groupView({ active: true, members: [], admitted: false, max: 9 });
    expect(v.summary).toBe('empty');
    expect(v.rows).toEqual([]);
  });

  it('a group of three with one invalid member is not admitted, and says how many failed', () => {
    const v = groupView({ active: true, members: [member('valid'), member('invalid'), member('valid')], admitted: false, max: 9 });
    expect(v.summary).toBe('not-admitted');
    expect(v.refusedCount).toBe(1);
    expect(v.rows.map((r) => r.index)).toEqual([1, 2, 3]);
    expect(v.rows[1]!.admits).toBe(false);
  });

  it('the same group all valid (or exempt) is admitted', () => {
    const v = groupView({ active: true, members: [member('valid'), member('exempt'), member('valid')], admitted: true, max: 9 });
    expect(v.summary).toBe('admitted');
    expect(v.refusedCount).toBe(0);
  });

  it('never shows admitted when a row is refused, even if the core said so', () => {
    const v = groupView({ active: true, members: [member('valid'), member('amber')], admitted: true, max: 9 });
    expect(v.summary).toBe('not-admitted');
  });

  it('never shows admitted when the core did not admit', () => {
    const v = groupView({ active: true, members: [member('valid')], admitted: false, max: 9 });
    expect(v.summary).toBe('not-admitted');
  });

  it('knows when the group is full', () => {
    const members = Array.from({ length: 9 }, () => member('valid'));
    expect(groupView({ active: true, members, admitted: true, max: 9 }).full).toBe(true);
    expect(groupView({ active: true, members: members.slice(1), admitted: true, max: 9 }).full).toBe(false);
  });
});
