// Every door vector (tests/verify/door-vectors.ts, minted with fresh keys) through verify(): the outcome and the
// reasons the rule text gives, at the stage boundaries (00:00 / 23:59 HKT), birthdays and calendar-month ends.
import { describe, expect, it } from 'vitest';
import { loadRuleProfile } from '../../main/verify/index.ts';
import { nodeSignatureVerifier } from '../../main/kiosk/node-verifier.ts';
import { doorVectors } from './door-vectors.ts';
import { freshIssuer } from './fresh-issuer.ts';
import { check } from './helpers.ts';

const issuer = freshIssuer();
const vectors = doorVectors(issuer);

describe('door vectors through verify()', () => {
  for (const vec of vectors) {
    it(vec.name, async () => {
      const rules = loadRuleProfile(vec.profile);
      if (!rules.ok) throw new Error(rules.error);
      const { verdict } = await check(vec.text, {
        now: new Date(vec.now), venue: vec.venue ?? 'active', trust: issuer.store, rules: rules.profile, crypto: nodeSignatureVerifier,
      });
      expect(verdict.outcome).toBe(vec.expect.outcome);
      if (vec.expect.reasons) expect(verdict.reasons).toEqual(vec.expect.reasons);
      if (vec.expect.validUntil) expect(verdict.display.validUntil).toBe(vec.expect.validUntil);
      expect(verdict.demo).toBe(false);
    });
  }
  it('an unchecked Hong Kong record names its type for the guard', async () => {
    const rules = loadRuleProfile('hk-2022-11-30');
    if (!rules.ok) throw new Error(rules.error);
    const { verdict } = await check(issuer.other('RCV'), { now: new Date(), venue: 'active', trust: issuer.store, rules: rules.profile, crypto: nodeSignatureVerifier });
    expect(verdict.display.recordType).toBe('HKSARG RCV');
  });
});
