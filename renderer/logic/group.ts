// How a group (family) is presented: one row per scanned pass and a summary that says "admitted" only when every
// member is admitted. The core decides `admitted`; the screen never shows more than the core allows.
import type { GroupState } from '../../main/api/state.ts';
import { admits, lookOf } from './outcomes.ts';
import { reasonLines } from './reasons.ts';

export type GroupSummary = 'empty' | 'admitted' | 'not-admitted';

export interface GroupRow {
  index: number;
  outcome: string;
  admits: boolean;
  name?: string;
  /** the row's one reason line (translation key), when there is one worth showing */
  reasonKey?: string;
  /** the member's code colour state, when one was looked up */
  colour?: 'blue' | 'red' | 'amber' | 'unknown';
}

export interface GroupView {
  rows: GroupRow[];
  summary: GroupSummary;
  refusedCount: number;
  full: boolean;
  /** some member's colour could not be checked: the group verdict says so */
  colourUnchecked: boolean;
}

export function groupView(g: GroupState): GroupView {
  const rows = g.members.map((m, i): GroupRow => {
    const outcome = lookOf(m.outcome).outcome;
    const line = reasonLines(m.reasons ?? [], { colourBanner: true, outcome })[0];
    return {
      index: i + 1,
      outcome,
      admits: admits(m.outcome),
      ...(m.name ? { name: m.name } : {}),
      ...(line && line.key !== 'reason.generic' ? { reasonKey: line.key } : {}),
      ...(m.colour ? { colour: m.colour } : {}),
    };
  });
  const refusedCount = rows.filter((r) => !r.admits).length;
  let summary: GroupSummary;
  if (rows.length === 0) summary = 'empty';
  // Both must agree: a core saying admitted with a refused row on screen would be a bug; refuse then.
  else if (g.admitted && refusedCount === 0) summary = 'admitted';
  else summary = 'not-admitted';
  return {
    rows, summary, refusedCount, full: g.max > 0 && rows.length >= g.max,
    colourUnchecked: rows.some((r) => r.colour === 'unknown'),
  };
}
