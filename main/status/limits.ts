// The code-colour list's size caps, as settings (Settings.statusSync.maxListMiB / maxEntries; docs/status-lists.md).
// The caps bound what a downloaded, saved or imported list may cost before its signature is even checked. The
// defaults hold a 1.9 million entry list; a Hong Kong-scale list (7.5 million people) needs them raised.
import { DEFAULT_MAX_ENTRIES, DEFAULT_MAX_LIST_BYTES } from '../verify/status/format.ts';

/** Highest settable byte cap: the list is read as one string, and V8 caps a string at 2^29 - 24 characters. */
export const MAX_LIST_MIB_LIMIT = 500;
/** Highest settable entry cap: what fits in MAX_LIST_MIB_LIMIT (33.3 characters of base64 per 25-byte record). */
export const MAX_ENTRIES_LIMIT = 15_000_000;
/** Lowest settable caps: a list too small for any real authority is a typo, not a policy. */
export const MIN_LIST_MIB = 1;
export const MIN_ENTRIES = 1000;

export interface StatusListLimits { maxListBytes: number; maxEntries: number }

/** The caps a kiosk's settings ask for, the defaults where they are not set. */
export function statusListLimits(s: { maxListMiB?: number; maxEntries?: number } | undefined): StatusListLimits {
  return {
    maxListBytes: s?.maxListMiB !== undefined ? s.maxListMiB * 1024 * 1024 : DEFAULT_MAX_LIST_BYTES,
    maxEntries: s?.maxEntries ?? DEFAULT_MAX_ENTRIES,
  };
}
