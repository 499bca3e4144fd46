// Group mode: a family shows up to 9 passes (the owner's and 8 accompanied persons'). Admitted only when all are.
// The same pass scanned twice counts once: passes are compared by a digest held in memory only, dropped when the
// group ends (nothing reaches the disk). A pass beyond the ninth is not added ("group full").
import { createHash } from 'node:crypto';
import type { GroupEntry, GroupState } from '../api/state.ts';
import type { Verdict } from '../api/verdict.ts';

export const GROUP_MAX = 9;
const ADMITTING = new Set(['valid', 'exempt']);
/** reasons a row carries: enough for the screen's one line, never a list to scroll */
const ROW_REASONS = 3;

export class Group {
  private active = false;
  private members: GroupState['members'] = [];
  private seen = new Set<string>();

  start(): GroupState {
    this.active = true;
    this.members = [];
    this.seen.clear();
    return this.state();
  }

  end(): GroupState {
    this.active = false;
    this.members = [];
    this.seen.clear();
    return this.state();
  }

  isActive(): boolean {
    return this.active;
  }

  /** Adds a member unless the same pass is already in the group or the group is full; says which. */
  add(v: Verdict, text: string): { state: GroupState; entry: GroupEntry } {
    const digest = createHash('sha256').update(text.trim()).digest('base64');
    let entry: GroupEntry;
    if (this.seen.has(digest)) entry = 'repeat';
    else if (this.members.length >= GROUP_MAX) entry = 'full';
    else {
      entry = 'added';
      this.seen.add(digest);
      this.members.push({
        outcome: v.outcome,
        credential: v.credential,
        reasons: v.reasons.slice(0, ROW_REASONS),
        ...(v.colour ? { colour: v.colour.value } : {}),
        ...(v.display.name ? { name: v.display.name } : {}),
      });
    }
    return { state: this.state(), entry };
  }

  state(): GroupState {
    const admitted = this.active && this.members.length > 0 && this.members.every((m) => ADMITTING.has(m.outcome));
    return { active: this.active, members: this.members.map((m) => ({ ...m })), admitted, max: GROUP_MAX };
  }
}
