import { describe, expect, it } from 'vitest';
import type { ColourInfo, Outcome, Verdict } from '../../main/api/verdict.ts';
import { applyStatus } from '../../main/verify/status/apply.ts';

function verdict(outcome: Outcome, reasons: string[] = []): Verdict {
  return { outcome, credential: 'hk-vac', reasons, stages: { format: true }, display: {}, demo: true };
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
  });

  it('red refuses at active and passive venues alike', () => {
    for (const opts of [warnActive, warnPassive]) {
      const v = applyStatus(verdict('valid'), { colour: colour('red'), revoked: false }, opts);
      expect(v.outcome).toBe('red');
      expect(v.colour?.value).toBe('red');
    }
    expect(applyStatus(verdict('exempt'), { colour: colour('red'), revoked: false }, warnPassive).outcome).toBe('red');
  });

  it('amber refuses at active venues and admits at passive ones', () => {
    expect(applyStatus(verdict('valid'), { colour: colour('amber'), revoked: false }, warnActive).outcome).toBe('amber');
    const passive = applyStatus(verdict('valid'), { colour: colour('amber'), revoked: false }, warnPassive);
    expect(passive.outcome).toBe('valid');
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
});
