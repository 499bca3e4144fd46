// Colour-list sync and load errors arrive from the core as short English texts (main/status: describeRejection,
// describeHttpError, listWarnings; also logged). The screens show them in the operator's language with what to do;
// a text not known here still gets a translated sentence (with the core's words as detail), never the bare text.
const REJECTED: [RegExp, string][] = [
  [/list too large/, 'oversized'], [/list malformed/, 'malformed'], [/authority not in the trust store/, 'unknown-authority'],
  [/list signature invalid/, 'bad-signature'], [/do not match their signed digest/, 'entries-digest-mismatch'],
  [/list entries invalid/, 'entries-invalid'], [/expires before it was issued/, 'expiry-before-issue'],
  [/rollback refused/, 'rollback'], [/same version as the one held/, 'version-not-newer'],
];
const SYNC: [RegExp, string][] = [
  [/^HTTP \d+/, 'http'], [/^server answered 304/, 'http'], [/^timeout:/, 'timeout'], [/^bad-url:/, 'badUrl'],
  [/^(network error|unreachable:|truncated:|aborted:)/, 'network'], [/^oversized:/, 'oversized'], [/not saved/, 'notSaved'],
  [/had already expired when it arrived/, 'expiredOnArrival'], [/is issued in the future/, 'futureOnArrival'],
  [/^lookup URL refused/, 'lookupUrl'], [/^lookup answer refused/, 'lookupRefused'],
  [/^(saved list|list file) (missing|unreadable|not a file)/, 'fileUnreadable'], [/^(saved list|list file) oversized/, 'fileOversized'],
];

/** A translation key and its options for one error text (the last resort: 'other', with the text as detail). */
export function listErrorKey(error: string): { key: string; opts?: Record<string, string> } {
  for (const [re, k] of REJECTED) if (re.test(error)) return { key: `op.colour.problems.${k}` };
  for (const [re, k] of SYNC) if (re.test(error)) return { key: `op.colour.syncErrors.${k}`, opts: { detail: error.slice(0, 200) } };
  return { key: 'op.colour.syncErrors.other', opts: { detail: error.slice(0, 200) } };
}

export const LIST_ERROR_KEYS = [
  ...new Set([...REJECTED.map(([, k]) => `op.colour.problems.${k}`), ...SYNC.map(([, k]) => `op.colour.syncErrors.${k}`)]),
  'op.colour.syncErrors.other',
];
