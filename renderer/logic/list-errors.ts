// Colour-list sync and load errors arrive from the core as short English texts (main/status: describeRejection,
// describeHttpError; also logged). The screens show them in the operator's language with what to do.
const REJECTED: [RegExp, string][] = [
  [/list too large/, 'oversized'], [/list malformed/, 'malformed'], [/authority not in the trust store/, 'unknown-authority'],
  [/list signature invalid/, 'bad-signature'], [/do not match their signed digest/, 'entries-digest-mismatch'],
  [/list entries invalid/, 'entries-invalid'], [/expires before it was issued/, 'expiry-before-issue'],
  [/rollback refused/, 'rollback'], [/same version as the one held/, 'version-not-newer'],
];
const SYNC: [RegExp, string][] = [
  [/^HTTP \d+/, 'http'], [/^timeout:/, 'timeout'], [/^bad-url:/, 'badUrl'], [/^(network error|unreachable:|truncated:|aborted:)/, 'network'],
  [/^oversized:/, 'oversized'], [/not saved/, 'notSaved'],
];

/** A translation key and its options for one error text, or null to show the text as sent. */
export function listErrorKey(error: string): { key: string; opts?: Record<string, string> } | null {
  for (const [re, k] of REJECTED) if (re.test(error)) return { key: `op.colour.problems.${k}` };
  for (const [re, k] of SYNC) if (re.test(error)) return { key: `op.colour.syncErrors.${k}`, opts: { detail: error.slice(0, 200) } };
  return null;
}
