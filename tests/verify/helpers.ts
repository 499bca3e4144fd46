// Shared setup for the verification tests: contexts over the demo trust store and the shipped rule sets.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { Verdict } from '../../main/api/verdict.ts';
import { CORE_REASONS } from '../../main/verify/reasons.ts';
import { nodeSignatureVerifier } from '../../main/kiosk/node-verifier.ts';
import {
  loadRuleProfile, loadTrustStore, verify, webCryptoVerifier,
  type SignatureVerifier, type TrustStore, type VerifyContext, type VerifyOutput,
} from '../../main/verify/index.ts';
import { demoTrustPath } from '../fixtures/hk/sign.ts';

export function demoTrust(): TrustStore {
  const r = loadTrustStore(JSON.parse(readFileSync(demoTrustPath, 'utf8')));
  if (!r.ok) throw new Error(r.error);
  return r.store;
}

export function ctx(opts: { now?: string; profile?: string; trust?: TrustStore; venue?: 'active' | 'passive'; crypto?: SignatureVerifier } = {}): VerifyContext {
  const rules = loadRuleProfile(opts.profile ?? 'hk-2022-11-30');
  if (!rules.ok) throw new Error(rules.error);
  return {
    now: new Date(opts.now ?? '2022-12-01T02:00:00Z'),
    venue: opts.venue ?? 'active',
    trust: opts.trust ?? demoTrust(),
    rules: rules.profile,
    crypto: opts.crypto ?? nodeSignatureVerifier,
  };
}

/** Verifies and checks the verdict against the API schema, so that every test also checks the shape. */
export async function check(text: string, c: VerifyContext = ctx()): Promise<VerifyOutput> {
  const out = await verify(text, c);
  Verdict.parse(out.verdict);
  // the core's reasons are all catalogued (and so documented: docs.test.ts)
  if (out.verdict.credential.startsWith('hk') || out.verdict.credential === 'unknown') {
    for (const r of out.verdict.reasons) expect(CORE_REASONS as readonly string[]).toContain(r);
  }
  return out;
}

export { webCryptoVerifier, nodeSignatureVerifier };
