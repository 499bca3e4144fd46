// What a list says about one credential at one instant. Pure: the instant comes in, nothing is read from a clock.
import type { ColourInfo } from '../../api/verdict.ts';
import type { StatusLookup } from '../../kiosk/ports.ts';
import type { CredentialIdentity } from '../types.ts';
import type { StatusList } from './format.ts';
import { identityHashes } from './identity.ts';
import { amberEndsAt } from './time.ts';
import type { StatusEntry, StatusTable } from './table.ts';

/** When an entry stops applying, in ms since epoch (Infinity for never). */
export function entryEndsAt(e: StatusEntry): number {
  if (e.kind === 'amber') return amberEndsAt(e.until);
  return e.until === 0 ? Infinity : e.until * 1000;
}

export function entryActiveAt(e: StatusEntry, nowMs: number): boolean {
  return e.from * 1000 <= nowMs && nowMs < entryEndsAt(e);
}

export interface Finding {
  /** the strongest colour among the active entries; 'blue' when none */
  colour: 'blue' | 'red' | 'amber';
  revoked: boolean;
}

/** Combines the entries that apply now: revoked is independent of colour; red outranks amber. */
export function evaluateEntries(entries: Iterable<StatusEntry>, nowMs: number): Finding {
  let colour: Finding['colour'] = 'blue';
  let revoked = false;
  for (const e of entries) {
    if (!entryActiveAt(e, nowMs)) continue;
    if (e.kind === 'revoked') revoked = true;
    else if (e.kind === 'red') colour = 'red';
    else if (e.kind === 'amber' && colour !== 'red') colour = 'amber';
  }
  return { colour, revoked };
}

export function entriesFor(table: StatusTable, hashes: readonly Uint8Array[]): StatusEntry[] {
  const out: StatusEntry[] = [];
  for (const h of hashes) {
    const [start, end] = table.range(h);
    for (let i = start; i < end; i++) out.push(table.entry(i));
  }
  return out;
}

export function listAgeSeconds(list: StatusList, nowMs: number): number {
  return Math.max(0, Math.round((nowMs - list.issuedAtMs) / 1000));
}

export function isStale(list: StatusList, nowMs: number): boolean {
  return nowMs >= list.expiresAtMs;
}

/**
 * The answer of an offline list. A stale list (past expiresAt) still proves what it lists (red, amber and revoked
 * entries carry their own end), but it cannot prove the absence of a newer entry: no hit on a stale list is
 * 'unknown', not 'blue'.
 */
export function lookupInList(list: StatusList, identity: CredentialIdentity | undefined, now: Date): StatusLookup {
  const nowMs = now.getTime();
  const stale = isStale(list, nowMs);
  const base: Omit<ColourInfo, 'value'> = {
    source: 'list', listVersion: list.header.version, listAgeSeconds: listAgeSeconds(list, nowMs), stale,
  };
  if (!identity) return { colour: { value: 'unknown', ...base }, revoked: false };
  const hashes = identityHashes(identity).map((h) => h.hash);
  if (hashes.length === 0) return { colour: { value: 'unknown', ...base }, revoked: false };
  const f = evaluateEntries(entriesFor(list.table, hashes), nowMs);
  const value = f.colour === 'blue' && stale ? 'unknown' : f.colour;
  return { colour: { value, ...base }, revoked: f.revoked };
}

export function unknownLookup(): StatusLookup {
  return { colour: { value: 'unknown', source: 'none' }, revoked: false };
}
