// A request to the core that fails outright (no answer in time, signed out, refused, not saved) rejects with an
// English text from the transport or the dispatcher. The operator reads what happened and what to do instead.
const KNOWN: [RegExp, string][] = [
  [/could not be saved/i, 'notSaved'],
  [/needs the operator PIN|forbidden/, 'signedOut'],
  [/timed out/, 'timeout'],
  [/^(invalid params|bad-request|malformed envelope)/, 'refused'],
  [/request failed|connection|socket|WebSocket/i, 'connection'],
];

/** The message key (under op.errors) and its options for a failed request. */
export function callErrorKey(e: unknown): { key: string; opts: Record<string, string> } {
  const text = (e instanceof Error ? e.message : String(e)).slice(0, 200);
  for (const [re, k] of KNOWN) if (re.test(text)) return { key: `op.errors.${k}`, opts: { detail: text } };
  return { key: 'op.errors.other', opts: { detail: text } };
}

export const CALL_ERROR_KEYS = [...new Set(KNOWN.map(([, k]) => `op.errors.${k}`)), 'op.errors.other'];

/** The failed request in the operator's language. */
export function callErrorText(t: (key: string, opts?: Record<string, string>) => string, e: unknown): string {
  const k = callErrorKey(e);
  return t(k.key, k.opts);
}
