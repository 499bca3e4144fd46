import { describe, expect, it } from 'vitest';
import type { ColourInfo, Outcome, Verdict } from '../../main/api/verdict.ts';
import { applyStatus } from '../../main/verify/status/apply.ts';

// demo: false by default, so that a demo flag on the result can only come from the list (see "demo" below)
function verdict(outcome: Outcome, reasons: string[] = [], demo = false): Verdict {
  return { outcome, credential: 'hk-vac', reasons, stages: { format: true }, display: {}, demo };
}
const colour = (value: ColourInfo['value']): ColourInfo => ({ value, source: 'list', listVersion: 7, listAgeSeconds: 60, stale: false });
const warnActive = { venue: 'active' as const, unknownColourPolicy: 'warn' as const };
const warnPassive = { venue: 'passive' as const, unknownColourPolicy: 'warn' as const };
const refuseActive = { venue: 'active' as const, unknownColourPolicy: 'refuse' as const };

describe('applyStatus', () => {
  it('blue keeps an admitting verdict and records the colour', () => {
    const v = applyStatus(verdict('valid'), { colour: colour('blue'), revoked: false }, warnActive);
    expect(v.outcome).toBe('valid');
    expect(v.reasons).toEqual([]);
    expect(v.colour).toEqual(colour('blue'));
    expect(v.stages.status).toBe(true);
    expect(v.demo).toBe(false);
  });

  it('kills: the colour-red reason dropped (red refuses at active and passive venues alike, with reason colour-red)', () => {
    for (const opts of [warnActive, warnPassive]) {
      const v = applyStatus(verdict('valid'), { colour: colour('red'), revoked: false }, opts);
      expect(v.outcome).toBe('red');
      expect(v.reasons).toEqual(['colour-red']);
      expect(v.stages.status).toBe(false);
      expect(v.colour?.value).toBe('red');
    }
    expect(applyStatus(verdict('exempt'), { colour: colour('red'), revoked: false }, warnPassive).outcome).toBe('red');
  });

  it('kills: the colour-amber reason dropped (amber refuses at active venues with reason colour-amber, admits at passive ones)', () => {
    const active = applyStatus(verdict('valid'), { colour: colour('amber'), revoked: false }, warnActive);
    expect(active.outcome).toBe('amber');
    expect(active.reasons).toEqual(['colour-amber']);
    expect(active.stages.status).toBe(false);
    const passive = applyStatus(verdict('valid'), { colour: colour('amber'), revoked: false }, warnPassive);
    expect(passive.outcome).toBe('valid');
    expect(passive.reasons).toEqual([]);
    expect(passive.stages.status).toBe(true);
    expect(passive.colour?.value).toBe('amber');
  });

  it('revoked makes the credential invalid with reason revoked, whatever the colour', () => {
    const v = applyStatus(verdict('exempt'), { colour: colour('blue'), revoked: true }, warnPassive);
    expect(v.outcome).toBe('invalid');
    expect(v.reasons).toContain('revoked');
    const red = applyStatus(verdict('valid'), { colour: colour('red'), revoked: true }, warnPassive);
    expect(red.outcome).toBe('invalid');
  });

  it('unknown colour: warn keeps the outcome with reason colour-unknown, refuse makes it invalid', () => {
    const unknown: ColourInfo = { value: 'unknown', source: 'none' };
    const warned = applyStatus(verdict('valid'), { colour: unknown, revoked: false }, warnActive);
    expect(warned.outcome).toBe('valid');
    expect(warned.reasons).toContain('colour-unknown');
    expect(warned.colour).toEqual(unknown);
    const refused = applyStatus(verdict('valid'), { colour: unknown, revoked: false }, refuseActive);
    expect(refused.outcome).toBe('invalid');
    expect(refused.reasons).toContain('colour-unknown');
    expect(warned.stages.status).toBe(true);
    expect(refused.stages.status).toBe(false);
  });

  it('an already refused verdict keeps its outcome and reasons but carries the colour', () => {
    for (const outcome of ['invalid', 'unreadable', 'not-applicable'] as const) {
      const before = verdict(outcome, ['signature-invalid']);
      const v = applyStatus(before, { colour: colour('red'), revoked: true }, refuseActive);
      expect(v.outcome).toBe(outcome);
      expect(v.reasons).toEqual(['signature-invalid']);
      expect(v.colour?.value).toBe('red');
    }
  });

  it('does not modify the verdict it was given', () => {
    const before = verdict('valid');
    applyStatus(before, { colour: colour('red'), revoked: true }, warnActive);
    expect(before).toEqual(verdict('valid'));
  });

  it('kills: the demo flag of a demo list not carried (a demo list marks the verdict demo; a real one does not)', () => {
    const demo = applyStatus(verdict('valid'), { colour: colour('blue'), revoked: false, demo: true }, warnActive);
    expect(demo.demo).toBe(true);
    expect(demo.outcome).toBe('valid');
    const real = applyStatus(verdict('valid'), { colour: colour('blue'), revoked: false, demo: false }, warnActive);
    expect(real.demo).toBe(false);
    // a demo list also marks a refused verdict (the screen says the colour is not real)
    expect(applyStatus(verdict('invalid'), { colour: colour('red'), revoked: false, demo: true }, warnActive).demo).toBe(true);
    // and a real list never clears a demo issuer's flag
    expect(applyStatus(verdict('valid', [], true), { colour: colour('blue'), revoked: false }, warnActive).demo).toBe(true);
  });

  it('kills: reasons duplicated or unbounded (an existing reason is not repeated; at most 32)', () => {
    const again = applyStatus(verdict('valid', ['colour-red']), { colour: colour('red'), revoked: false }, warnActive);
    expect(again.reasons).toEqual(['colour-red']);
    const full = Array.from({ length: 32 }, (_, i) => `r${i}`);
    const capped = applyStatus(verdict('valid', full), { colour: colour('red'), revoked: false }, warnActive);
    expect(capped.outcome).toBe('red');
    expect(capped.reasons).toEqual(full);
    const almost = full.slice(0, 31);
    expect(applyStatus(verdict('valid', almost), { colour: colour('red'), revoked: false }, warnActive).reasons).toEqual([...almost, 'colour-red']);
  });

  it('kills: refused verdicts given a status stage (only admitting verdicts are judged on colour)', () => {
    const v = applyStatus(verdict('invalid', ['signature-invalid']), { colour: colour('blue'), revoked: false }, warnActive);
    expect(v.stages.status).toBeUndefined();
    expect(v.stages.format).toBe(true);
  });
});
