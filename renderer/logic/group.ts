// How a group (family) is presented: one row per scanned pass and a summary that says "admitted" only when every
// member is admitted. The core decides `admitted`; the screen never shows more than the core allows.
import type { GroupState } from '../../main/api/state.ts';
import { admits, lookOf } from './outcomes.ts';

export type GroupSummary = 'empty' | 'admitted' | 'not-admitted';

export interface GroupView {
  rows: { index: number; outcome: string; admits: boolean; name?: string }[];
  summary: GroupSummary;
  refusedCount: number;
  full: boolean;
}

export function groupView(g: GroupState): GroupView {
  const rows = g.members.map((m, i) => ({
    index: i + 1,
    outcome: lookOf(m.outcome).outcome,
    admits: admits(m.outcome),
    ...(m.name ? { name: m.name } : {}),
  }));
  const refusedCount = rows.filter((r) => !r.admits).length;
  let summary: GroupSummary;
  if (rows.length === 0) summary = 'empty';
  // Both must agree: a core saying admitted with a refused row on screen would be a bug; refuse then.
  else if (g.admitted && refusedCount === 0) summary = 'admitted';
  else summary = 'not-admitted';
  return { rows, summary, refusedCount, full: g.max > 0 && rows.length >= g.max };
}
