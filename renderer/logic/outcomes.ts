// What each verdict outcome looks like and sounds like. Colour is never alone: every outcome also has its own icon
// and words. Colours are listed here (not only in CSS) so tests can check their contrast.
import type { Outcome } from '../../main/api/verdict.ts';

export type IconName = 'check' | 'shield-check' | 'cross' | 'cross-square' | 'stop' | 'warning' | 'question' | 'qr-broken';

export interface OutcomeLook {
  /** admits the holder (drives the group summary and the tone family) */
  admits: boolean;
  icon: IconName;
  bg: string;
  fg: string;
}

// Kept in the renderer because renderer/ may import only types from main/api.
export const OUTCOME_LIST: readonly Outcome[] = ['valid', 'exempt', 'invalid', 'red', 'amber', 'not-applicable', 'unreadable'];

export const LOOKS: Record<Outcome, OutcomeLook> = {
  valid: { admits: true, icon: 'check', bg: '#0b6b2e', fg: '#ffffff' },
  exempt: { admits: true, icon: 'shield-check', bg: '#0b4f8a', fg: '#ffffff' },
  invalid: { admits: false, icon: 'cross', bg: '#a1121b', fg: '#ffffff' },
  red: { admits: false, icon: 'stop', bg: '#5e0a0e', fg: '#ffffff' },
  // amber at an active venue is a refusal and looks like one: a cross, the refusal colour family (never the
  // yellow of the "colour not checked" banner an admitted verdict can carry)
  amber: { admits: false, icon: 'cross-square', bg: '#9a3412', fg: '#ffffff' },
  'not-applicable': { admits: false, icon: 'question', bg: '#4a5160', fg: '#ffffff' },
  unreadable: { admits: false, icon: 'qr-broken', bg: '#2f3a4f', fg: '#ffffff' },
};

/** Unknown outcome strings (a newer core) fall back to the most cautious look. */
export function lookOf(outcome: string): OutcomeLook & { outcome: Outcome } {
  const known = (OUTCOME_LIST as readonly string[]).includes(outcome) ? (outcome as Outcome) : 'unreadable';
  return { outcome: known, ...LOOKS[known] };
}

export function admits(outcome: string): boolean {
  return (OUTCOME_LIST as readonly string[]).includes(outcome) && LOOKS[outcome as Outcome].admits;
}
