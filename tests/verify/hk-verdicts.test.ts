// Whole verdicts of verifyHk for each exit (issue 17: mutation testing of main/verify/hk/verify.ts left the display,
// stages, credential and demo flag of the early exits unasserted). Expected values come from the fixtures and the
// demo trust store's own file, not from the code under test; toStrictEqual, so an `undefined` field shows.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { demoTrustPath, makeEvt, makeMec, makeVac, mecUnsigned, signHk, vacUnsigned } from '../fixtures/hk/sign.ts';
import { check, ctx } from './helpers.ts';

const demoKeys = (JSON.parse(readFileSync(demoTrustPath, 'utf8')) as { hk: { id: string; types: string[]; versionMajor: number }[] }).hk;
const keyId = (type: string, major: number) => demoKeys.find((k) => k.types.includes(type) && k.versionMajor === major)!.id;

describe('verifyHk: every exit is a whole verdict', () => {
  it('kills: EVT display emptied / id not field 5 — a testing record shows its type, masked ID and issuer, demo as its key', async () => {
    const { verdict, identity } = await check(makeEvt({ maskedId: '****321(0)' }));
    expect(verdict).toStrictEqual({
      credential: 'hk-evt', demo: true, outcome: 'not-applicable', reasons: ['not-a-pass'],
      stages: { format: true, issuer: true, signature: true },
      display: { recordType: 'EVT', id: '****321(0)', issuer: keyId('EVT', 2) },
    });
    expect(identity).toBeUndefined();
  });

  it('kills: EVT id slice removed — a signed testing record with a 150-character ID field shows at most 100 characters', async () => {
    const { verdict } = await check(makeEvt({ maskedId: 'X'.repeat(150) }));
    expect(verdict.outcome).toBe('not-applicable');
    expect(verdict.display.id).toBe('X'.repeat(100));
  });

  it('kills: unchecked-type verdict emptied — HKSARG|RCV|… shows "HKSARG RCV" for the guard to check by eye', async () => {
    const text = signHk(['HKSARG', 'RCV', '1', '1', 'RR0000001', '****456(7)', 'CHAN T** M**', '20-04-2022', ''].join('|') + '|', 'ehs');
    const { verdict } = await check(text);
    expect(verdict).toStrictEqual({
      outcome: 'not-applicable', credential: 'unknown', reasons: ['hk-record-unchecked'], stages: { format: true },
      display: { recordType: 'HKSARG RCV' }, demo: false,
    });
  });

  it('kills: CREDENTIAL map emptied — an unreadable VAC is still named a VAC; a bare HKSARG is unknown', async () => {
    // CREDENTIAL is built when the module loads: a fresh copy, so that a mutated map is the one under test
    vi.resetModules();
    const { verifyHk } = await import('../../main/verify/hk/verify.ts');
    const bad = (await verifyHk('HKSARG|VAC|3.00|1|x|', ctx())).verdict;
    expect(bad.outcome).toBe('unreadable');
    expect(bad.credential).toBe('hk-vac');
    expect(bad.stages).toStrictEqual({ format: false });
    expect((await verifyHk('HKSARG|MEC|3.00|1|x|', ctx())).verdict.credential).toBe('hk-mec');
    expect((await verifyHk(makeEvt(), ctx())).verdict.credential).toBe('hk-evt');
    expect((await verifyHk(makeVac(), ctx())).verdict.credential).toBe('hk-vac');
  });

  it('kills: refusal display emptied — an unknown issuer slot and a bad signature name the record type', async () => {
    const slot = (await check(makeVac({ version: '5.00', key: 'ehs' }))).verdict;
    expect(slot).toStrictEqual({
      outcome: 'invalid', credential: 'hk-vac', reasons: ['issuer-unknown'], stages: { format: true, issuer: false },
      display: { recordType: 'VAC' }, demo: false,
    });
    const sig = (await check(makeMec({ key: 'rogue' }))).verdict;
    expect(sig).toStrictEqual({
      outcome: 'invalid', credential: 'hk-mec', reasons: ['signature-invalid'], stages: { format: true, issuer: true, signature: false },
      display: { recordType: 'MEC' }, demo: false,
    });
  });

  it('kills: layout-failure demo / display dropped — a signed record with a broken layout names its issuer and is demo as its key', async () => {
    const text = signHk(vacUnsigned({ dob: '99-99-1985' }), 'ehs');
    const { verdict, identity } = await check(text);
    expect(verdict).toStrictEqual({
      outcome: 'invalid', credential: 'hk-vac', reasons: ['malformed'],
      stages: { format: true, issuer: true, signature: true, layout: false },
      display: { recordType: 'VAC', issuer: keyId('VAC', 3) }, demo: true,
    });
    expect(identity).toBeUndefined();
  });

  it('kills: not-in-force verdict emptied — before the scheme a genuine record is not-applicable, with its display and identity', async () => {
    const { verdict, identity } = await check(makeVac(), ctx({ now: '2022-02-01T02:00:00Z', profile: 'by-date' }));
    expect(verdict).toMatchObject({ outcome: 'not-applicable', credential: 'hk-vac', reasons: ['vaccine-pass-not-in-force'], demo: true });
    expect(verdict.stages).toStrictEqual({ format: true, issuer: true, signature: true, layout: true });
    expect(verdict.display).toStrictEqual({ name: 'CHAN T** M**', id: '****456(7)', recordType: 'VAC', issuer: keyId('VAC', 3), doses: 3, lastDose: '2022-01-25' });
    expect(verdict.ruleSet).toBeUndefined();
    expect(identity).toMatchObject({ family: 'hk', recordType: 'VAC', reference: 'DEMO0000000001' });
  });

  it('kills: stages.rules always true — a refused record has rules: false; an exemption has rules: true and shows its end date', async () => {
    const one = (await check(makeVac({ doses: [{ date: '01-06-2021', code: 'BNT' }] }))).verdict;
    expect(one.outcome).toBe('invalid');
    expect(one.stages).toStrictEqual({ format: true, issuer: true, signature: true, layout: true, rules: false });
    expect(one.display.doses).toBe(1);
    expect(one.display.lastDose).toBe('2021-06-01');
    const mec = (await check(makeMec({ validUntil: '31-12-2022' }))).verdict;
    expect(mec.outcome).toBe('exempt');
    expect(mec.stages).toStrictEqual({ format: true, issuer: true, signature: true, layout: true, rules: true });
    expect(mec.display).toMatchObject({ recordType: 'MEC', validUntil: '2022-12-31' });
    expect('doses' in mec.display).toBe(false);
    expect('lastDose' in mec.display).toBe(false);
  });

  it('kills: the MEC identity and display — a MEC refused for its date still carries identity (for the colour) and the masked name', async () => {
    const { verdict, identity } = await check(signHk(mecUnsigned({ validUntil: '30-06-2022' }), 'ehs'));
    expect(verdict.credential).toBe('hk-mec');
    expect(verdict.outcome).toBe('invalid');
    expect(verdict.display).toMatchObject({ recordType: 'MEC', issuer: keyId('MEC', 3) });
    expect(identity).toMatchObject({ family: 'hk', recordType: 'MEC' });
  });
});
