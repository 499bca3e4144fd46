// Group mode: a family shows up to 9 passes (the owner's and 8 accompanied persons'). Admitted only when all are.
import type { GroupState } from '../api/state.ts';
import type { Verdict } from '../api/verdict.ts';

export const GROUP_MAX = 9;
const ADMITTING = new Set(['valid', 'exempt']);

export class Group {
  private active = false;
  private members: GroupState['members'] = [];

  start(): GroupState {
    this.active = true;
    this.members = [];
    return this.state();
  }

  end(): GroupState {
    this.active = false;
    this.members = [];
    return this.state();
  }

  isActive(): boolean {
    return this.active;
  }

  /** Adds a member; when the group is full the scan is still shown but not added. */
  add(v: Verdict): GroupState {
    if (this.active && this.members.length < GROUP_MAX) {
      this.members.push({ outcome: v.outcome, credential: v.credential, ...(v.display.name ? { name: v.display.name } : {}) });
    }
    return this.state();
  }

  state(): GroupState {
    const admitted = this.active && this.members.length > 0 && this.members.every((m) => ADMITTING.has(m.outcome));
    return { active: this.active, members: this.members.map((m) => ({ ...m })), admitted, max: GROUP_MAX };
  }
}
