// The verification core's front door: text + context -> verdict. Pure and deterministic; never rejects.
import type { Credential } from '../api/verdict.ts';
import type { VerifyContext } from './context.ts';
import { HK_PREFIX } from './hk/parse.ts';
import { venueVerdict } from './hk/venue.ts';
import { verifyHk } from './hk/verify.ts';
import { BUILTIN_RULE_FILES, DEFAULT_RULE_PROFILE } from './rules/builtin.ts';
import { buildRuleProfile, type RuleProfileResult } from './rules/load.ts';
import type { VerifyOutput } from './types.ts';
import { unreadable } from './verdicts.ts';

export type { VerifyContext } from './context.ts';
export type { SignatureVerifier, VerifyOutput, CredentialIdentity } from './types.ts';
export type { TrustStore, HkIssuerKey, EuDccSigner, ShcIssuer, StatusAuthority } from './trust/types.ts';
export type { RuleProfile, RuleSet, RuleData } from './rules/types.ts';
export { loadTrustStore, loadTrustStoreText, mergeTrustStores, emptyTrustStore, type TrustLoadResult } from './trust/load.ts';
export { webCryptoVerifier } from './crypto/webcrypto.ts';
export { loadRuleSet, selectRuleSet } from './rules/load.ts';
export { BUILTIN_RULE_FILES, DEFAULT_RULE_PROFILE } from './rules/builtin.ts';
export { HK_MAX_LENGTH } from './hk/parse.ts';

// EU DCC and SMART Health Card verification load on first use: their schema validator, CBOR, inflate and ASN.1
// packages were most of `kiosk verify`'s start-up for an HK pass (issue 14). The kiosk core imports the EU DCC path
// at start (prepareEuDcc), so a door never waits for this load; a one-shot CLI run loads only what its pass needs.
let euDcc: Promise<typeof import('./eudcc/index.ts')> | undefined;
let shc: Promise<typeof import('./shc/index.ts')> | undefined;
// a failed load is not remembered: the next scan tries again (the failure itself becomes `internal-error`)
const loadEuDcc = () => (euDcc ??= import('./eudcc/index.ts').catch((e: unknown) => { euDcc = undefined; throw e; }));
const loadShc = () => (shc ??= import('./shc/index.ts').catch((e: unknown) => { shc = undefined; throw e; }));

/** Nothing a scanner produces comes near this; refused before any other work. */
export const MAX_INPUT_LENGTH = 65_536;

/**
 * A rule profile: 'by-date' or a stage id, over the built-in stages plus `extraFiles` (parsed rule files; a file
 * with a built-in id replaces it). Never throws.
 */
export function loadRuleProfile(profile: string = DEFAULT_RULE_PROFILE, extraFiles: unknown[] = []): RuleProfileResult {
  return buildRuleProfile(profile, [...BUILTIN_RULE_FILES, ...extraFiles]);
}

/** Scanner artefacts: a UTF-8 BOM and surrounding whitespace (CR, LF, Tab, space) are not part of the code. */
export function cleanScan(text: string): string {
  // index loops, not a regex: /\s+$/ is quadratic on long runs of inner whitespace
  const ws = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let end = text.length;
  while (start < end && ws(text.charCodeAt(start))) start++;
  while (end > start && ws(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function prefixCredential(s: string): Credential {
  if (s.startsWith('HKSARG|')) return 'hk-vac';
  if (s.startsWith('HC1:')) return 'eu-dcc';
  if (s.startsWith('shc:/')) return 'shc';
  return 'unknown';
}

async function dispatch(text: string, ctx: VerifyContext): Promise<VerifyOutput> {
  if (typeof text !== 'string' || text.length === 0) return { verdict: unreadable('unknown', ['empty']) };
  if (text.length > MAX_INPUT_LENGTH) return { verdict: unreadable(prefixCredential(text), ['too-large']) };
  if (!(ctx.now instanceof Date) || Number.isNaN(ctx.now.getTime())) return { verdict: unreadable('unknown', ['clock-invalid']) };
  const s = cleanScan(text);
  if (s.length === 0) return { verdict: unreadable('unknown', ['empty']) };
  if (s.startsWith(HK_PREFIX)) return verifyHk(s, ctx);
  if (s.startsWith('HKEN:')) return { verdict: venueVerdict(s) };
  if (s.startsWith('HC1:')) return (await loadEuDcc()).verifyEuDcc(s, ctx);
  if (s.startsWith('shc:/')) return (await loadShc()).verifySmartHealthCard(s, ctx);
  return { verdict: unreadable('unknown', ['unknown-format']) };
}

/** Verifies scanned text. Never rejects: any failure inside becomes an `unreadable` verdict. */
export async function verify(text: string, ctx: VerifyContext): Promise<VerifyOutput> {
  try {
    return await dispatch(text, ctx);
  } catch {
    return { verdict: unreadable('unknown', ['internal-error']) };
  }
}
