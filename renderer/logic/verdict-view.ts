// What one verdict screen says beyond its outcome's look: the title and line under it, and the notes a guard must
// not miss (amber admitted at a passive venue, colour not checked, a record to check by eye, group full / repeat).
import type { GroupEntry, VerdictEvent } from '../../main/api/state.ts';
import { lookOf, type OutcomeLook } from './outcomes.ts';
import type { Outcome } from '../../main/api/verdict.ts';

export type VerdictNote = 'amber-admitted' | 'colour-unknown' | 'colour-stale';

export interface VerdictView {
  look: OutcomeLook & { outcome: Outcome };
  titleKey: string;
  subKey: string;
  notes: VerdictNote[];
  /** a Hong Kong record whose layout is not public: the guard checks it by eye */
  checkByEye: boolean;
}

export function verdictView(ev: Pick<VerdictEvent, 'verdict'>): VerdictView {
  const v = ev.verdict;
  const look = lookOf(v.outcome);
  const reasons = Array.isArray(v.reasons) ? v.reasons : [];
  const checkByEye = look.outcome === 'not-applicable' && reasons.includes('hk-record-unchecked');
  const notes: VerdictNote[] = [];
  // amber at a passive-checking venue admits, and the screen says so (docs/status-lists.md)
  if (look.admits && v.colour?.value === 'amber') notes.push('amber-admitted');
  if (v.colour?.value === 'unknown') notes.push('colour-unknown');
  else if (v.colour?.stale === true) notes.push('colour-stale');
  return {
    look: checkByEye ? { ...look, icon: 'warning' } : look,
    titleKey: checkByEye ? 'verdict.checkByEye.title' : `outcome.${look.outcome}.title`,
    subKey: checkByEye ? 'verdict.checkByEye.sub' : `outcome.${look.outcome}.sub`,
    notes,
    checkByEye,
  };
}

/** What the group screen says about the latest scan's place in the group. */
export function groupEntryKey(entry: GroupEntry | undefined): string | null {
  if (entry === 'repeat') return 'group.repeat';
  if (entry === 'full') return 'group.notAdded';
  return null;
}
