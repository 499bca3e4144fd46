// The colour service the kiosk core holds (ColourResolver): online lookup when configured, else the newest valid
// offline list, else unknown. Lists arrive from the data dir (kept from the last run), from files given at start,
// from a USB-stick import, or from a URL on a schedule; each is checked in full before it replaces the one held.
import { join } from 'node:path';
import type { StatusListInfo } from '../api/state.ts';
import type { ColourResolver, StatusLookup } from '../kiosk/ports.ts';
import type { StatusTrust } from '../verify/status/authorities.ts';
import { isStale, listAgeSeconds, lookupInList, unknownLookup } from '../verify/status/evaluate.ts';
import { DEFAULT_MAX_ENTRIES, DEFAULT_MAX_LIST_BYTES, loadStatusList, type StatusList } from '../verify/status/format.ts';
import { identityHashes, toHex } from '../verify/status/identity.ts';
import { randomBytes } from 'node:crypto';
import { checkLookupResponse, lookupUrlAllowed, MAX_LOOKUP_RESPONSE_BYTES } from '../verify/status/online.ts';
import type { CredentialIdentity, SignatureVerifier } from '../verify/types.ts';
import { describeHttpError, send } from './http.ts';
import { nodeSha256, nodeVerifier } from './node-crypto.ts';
import {
  fileStamp, LIST_FILE, readHighWater, readSyncState, readTextCapped, removeLeftovers, seriesKey, statusDir, writeFileAtomic,
  writeHighWater, writeSyncState, type HighWater, type SyncState,
} from './store.ts';

export interface ColourResolverOptions {
  trust: StatusTrust;
  /** lists to consider at start, besides the one kept in the data dir */
  listFiles?: string[];
  /** the kiosk's data directory; lists are kept in <dataDir>/status/ */
  dataDir?: string;
  listUrl?: string;
  lookupUrl?: string;
  syncIntervalMinutes?: number;
  /** online lookup deadline (default 1500 ms): past it the offline list answers */
  lookupTimeoutMs?: number;
  /** after a failed lookup, how long scans use the offline list without asking again (default 30 s) */
  lookupBackoffMs?: number;
  /** list download deadline (default 30 s) */
  fetchTimeoutMs?: number;
  now?: () => Date;
  verifier?: SignatureVerifier;
  maxListBytes?: number;
  maxEntries?: number;
  /** sync once right after start when a list URL is set (default true) */
  syncOnStart?: boolean;
}

export const DEFAULT_LOOKUP_TIMEOUT_MS = 1500;
export const DEFAULT_FETCH_TIMEOUT_MS = 30_000;
/** After the lookup server fails to answer, scans use the offline list for this long instead of waiting again. */
export const LOOKUP_BACKOFF_MS = 30_000;

/** Operator-facing text for a rejected list (no personal data: codes and versions only). */
export function describeRejection(error: string, detail?: string): string {
  const text: Record<string, string> = {
    oversized: 'list too large',
    malformed: 'list malformed',
    'unknown-authority': 'list signed by an authority not in the trust store',
    'bad-signature': 'list signature invalid',
    'entries-digest-mismatch': 'list entries do not match their signed digest (tampered or truncated)',
    'entries-invalid': 'list entries invalid',
    'expiry-before-issue': 'list expires before it was issued',
    rollback: 'list older than the one held (rollback refused)',
    'version-not-newer': 'list has the same version as the one held but different content',
  };
  return `rejected: ${text[error] ?? error}${detail ? ` (${detail})` : ''}`.slice(0, 500);
}

type Adopted = { ok: true; changed: boolean; list: StatusList; saveError?: string } | { ok: false; error: string; detail?: string };

/** The highest version of the candidate's series ever accepted here refuses a rollback even when no list is held. */
export function compareWithHighWater(candidate: StatusList, hw: HighWater): { ok: true } | { ok: false; error: string; detail?: string } {
  const h = candidate.header;
  const top = hw[seriesKey(h.authority, h.listId)];
  if (!top) return { ok: true };
  if (h.version < top.version) return { ok: false, error: 'rollback', detail: `version ${h.version} < ${top.version} accepted before` };
  if (h.version === top.version && h.entriesSha256 !== top.entriesSha256) return { ok: false, error: 'version-not-newer', detail: `version ${h.version}` };
  return { ok: true };
}

/** Returns the updated high-water mark when the list raises it, else null. */
export function raiseHighWater(list: StatusList, hw: HighWater): HighWater | null {
  const h = list.header;
  const key = seriesKey(h.authority, h.listId);
  if ((hw[key]?.version ?? 0) >= h.version) return null;
  return { ...hw, [key]: { version: h.version, entriesSha256: h.entriesSha256 } };
}

/** Operator warnings for a list that is accepted but odd: already expired, or issued after the kiosk's now. */
export function listWarnings(list: StatusList, nowMs: number): string[] {
  const w: string[] = [];
  if (list.expiresAtMs <= nowMs) w.push(`list version ${list.header.version} had already expired when it arrived`);
  if (list.issuedAtMs > nowMs + 5 * 60_000) w.push(`list version ${list.header.version} is issued in the future (check the kiosk's clock)`);
  return w;
}

/** Whether one part of lastSyncError is such a warning (the list was accepted: not a failed update). */
export function isListWarning(text: string): boolean {
  return /^list version \d+ (had already expired when it arrived|is issued in the future)/.test(text);
}

/** Decides whether a checked list may replace the held one: only a newer version may. */
export function compareWithHeld(candidate: StatusList, held: StatusList | null): { ok: true; changed: boolean } | { ok: false; error: string; detail?: string } {
  if (!held) return { ok: true, changed: true };
  const c = candidate.header, h = held.header;
  if (c.version < h.version) return { ok: false, error: 'rollback', detail: `version ${c.version} < ${h.version}` };
  if (c.version === h.version) {
    const same = c.entriesSha256 === h.entriesSha256 && c.listId === h.listId && c.issuedAt === h.issuedAt && c.expiresAt === h.expiresAt;
    return same ? { ok: true, changed: false } : { ok: false, error: 'version-not-newer', detail: `version ${c.version}` };
  }
  return { ok: true, changed: true };
}

export async function createColourResolver(opts: ColourResolverOptions): Promise<ColourResolver> {
  const clock = opts.now ?? (() => new Date());
  const verifier = opts.verifier ?? nodeVerifier;
  const maxBytes = opts.maxListBytes ?? DEFAULT_MAX_LIST_BYTES;
  const loadOpts = { maxBytes, maxEntries: opts.maxEntries ?? DEFAULT_MAX_ENTRIES, sha256: nodeSha256 };
  const lookupTimeoutMs = opts.lookupTimeoutMs ?? DEFAULT_LOOKUP_TIMEOUT_MS;
  const fetchTimeoutMs = opts.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const dir = opts.dataDir ? statusDir(opts.dataDir) : null;
  const listPath = dir ? join(dir, LIST_FILE) : null;
  const aborter = new AbortController();

  let held: { list: StatusList; source: string } | null = null;
  let heldStamp: string | null = null;
  let state: SyncState = {};
  let syncing: Promise<StatusListInfo> | null = null;
  let closed = false;
  // monotonic, not the injected clock: the back-off is about real waiting at the door
  let lookupDownUntil = 0;
  /** why the last lookup answer was not used (shown with the list's state) */
  let lookupRefused: string | undefined;
  let highWater: HighWater = dir ? await readHighWater(dir) : {};
  /** warnings about the held list (expired on arrival, issued in the future) */
  let listNotes: string[] = [];

  async function adopt(text: string, source: string, origin: 'disk' | 'file' | 'url'): Promise<Adopted> {
    const r = await loadStatusList(text, opts.trust, verifier, loadOpts);
    if (!r.ok) return r;
    const cmp = compareWithHeld(r.list, held?.list ?? null);
    if (!cmp.ok) return cmp;
    if (!cmp.changed) return { ok: true, changed: false, list: held!.list };
    const top = compareWithHighWater(r.list, highWater);
    if (!top.ok) return top;
    const raised = raiseHighWater(r.list, highWater);
    if (raised) {
      highWater = raised;
      if (dir) try { writeHighWater(dir, highWater); } catch { /* kept in memory; the list itself still guards */ }
    }
    listNotes = listWarnings(r.list, clock().getTime());
    // lists from the URL are kept in the data dir; those read from disk or given as files are already on disk
    let saveError: string | undefined;
    if (listPath && origin === 'url') {
      try {
        writeFileAtomic(listPath, text);
        heldStamp = fileStamp(listPath);
      } catch (e) {
        // a verified list is better used than thrown away; the operator learns it will not survive a restart
        saveError = `list in use but not saved (${(e as NodeJS.ErrnoException).code ?? 'write error'})`;
      }
    }
    held = { list: r.list, source };
    return { ok: true, changed: true, list: r.list, saveError };
  }

  function persistState(): void {
    if (!dir) return;
    try {
      writeSyncState(dir, state);
    } catch {
      // the state file is a convenience (ETag, last error); failing to write it must not stop the kiosk
    }
  }

  /** Picks up a list written into the data dir by someone else (a USB-stick import) since it was last read. */
  async function reloadFromDisk(): Promise<string | undefined> {
    if (!listPath || !dir) return undefined;
    const stamp = fileStamp(listPath);
    if (stamp === null || stamp === heldStamp) return undefined;
    const saved = await readSyncState(dir);
    const r = await readTextCapped(listPath, maxBytes);
    heldStamp = stamp;
    if (!r.ok) return r.error === 'missing' ? undefined : `saved list ${r.error}`;
    const a = await adopt(r.text, saved.source ?? 'saved list', 'disk');
    if (a.ok && a.changed) {
      state = { ...state, source: saved.source, etag: saved.etag };
      return undefined;
    }
    return a.ok ? undefined : `saved list ${describeRejection(a.error, a.detail)}`;
  }

  function info(now: Date): StatusListInfo {
    const nowMs = now.getTime();
    const base: StatusListInfo = {
      loaded: held !== null,
      stale: held ? isStale(held.list, nowMs) : false,
      ...(state.lastSyncAt ? { lastSyncAt: state.lastSyncAt } : {}),
      ...(state.lastSyncError || lookupRefused || listNotes.length ? { lastSyncError: [state.lastSyncError, ...listNotes, lookupRefused].filter(Boolean).join('; ').slice(0, 500) } : {}),
    };
    if (!held) return base;
    const h = held.list.header;
    return {
      ...base,
      version: h.version,
      issuedAt: h.issuedAt,
      expiresAt: h.expiresAt,
      ageSeconds: listAgeSeconds(held.list, nowMs),
      source: held.source.slice(0, 2000),
      entries: held.list.table.count,
    };
  }

  async function fetchOnce(url: string): Promise<string | undefined> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (held && state.etag) headers['if-none-match'] = state.etag;
    let res;
    try {
      res = await send({ url, method: 'GET', headers, timeoutMs: fetchTimeoutMs, maxBytes, signal: aborter.signal });
    } catch (e) {
      return describeHttpError(e);
    }
    if (res.status === 304) return held ? undefined : 'server answered 304 but no list is held';
    if (res.status !== 200) return `HTTP ${res.status}`;
    const a = await adopt(res.body.toString('utf8'), url, 'url');
    if (!a.ok) return describeRejection(a.error, a.detail);
    const etag = res.headers.etag;
    if (a.changed || typeof etag === 'string') state = { ...state, source: url, etag: typeof etag === 'string' && etag.length <= 200 ? etag : undefined };
    return a.saveError;
  }

  async function doSync(): Promise<StatusListInfo> {
    const diskError = await reloadFromDisk();
    if (opts.listUrl && !closed) {
      const at = clock();
      const error = await fetchOnce(opts.listUrl);
      state = { ...state, lastSyncAt: at.toISOString(), lastSyncError: error };
      persistState();
    } else if (diskError) {
      state = { ...state, lastSyncError: diskError };
    }
    return info(clock());
  }

  function sync(): Promise<StatusListInfo> {
    if (!syncing) {
      syncing = doSync()
        .catch((e: unknown) => {
          state = { ...state, lastSyncError: `sync failed: ${e instanceof Error ? e.message.slice(0, 200) : 'error'}` };
          return info(clock());
        })
        .finally(() => { syncing = null; });
    }
    return syncing;
  }

  async function resolve(identity: CredentialIdentity | undefined, now: Date): Promise<StatusLookup> {
    try {
      if (identity && lookupUrl && !closed && performance.now() >= lookupDownUntil) {
        const hashes = identityHashes(identity).map((h) => h.hash);
        if (hashes.length > 0) {
          try {
            // a fresh nonce per request: the signed answer must echo it, so an old answer cannot be replayed
            const nonce = randomBytes(16).toString('hex');
            const res = await send({
              url: lookupUrl, method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
              body: JSON.stringify({ hashes: hashes.map(toHex), nonce }), timeoutMs: lookupTimeoutMs,
              maxBytes: MAX_LOOKUP_RESPONSE_BYTES, signal: aborter.signal,
            });
            if (res.status === 200) {
              const checked = await checkLookupResponse(JSON.parse(res.body.toString('utf8')), hashes, now, {
                trust: opts.trust, verifier, nonce, ...(held ? { heldVersion: held.list.header.version } : {}),
              });
              if (checked.ok) {
                lookupRefused = undefined;
                return checked.lookup;
              }
              // an answer older than the held list is no fault of the server's connection: no back-off for it
              lookupRefused = `lookup answer refused: ${checked.refusal}`;
              if (checked.refusal === 'older-than-held') return { ...lookupInList(held!.list, identity, now), ...(held!.list.demo ? { demo: true } : {}) };
            }
            lookupDownUntil = performance.now() + (opts.lookupBackoffMs ?? LOOKUP_BACKOFF_MS);
          } catch {
            // offline, slow or broken lookup server: the offline list answers instead, for a while without asking
            lookupDownUntil = performance.now() + (opts.lookupBackoffMs ?? LOOKUP_BACKOFF_MS);
          }
        }
      }
      if (held) return { ...lookupInList(held.list, identity, now), ...(held.list.demo ? { demo: true } : {}) };
      return unknownLookup();
    } catch {
      return unknownLookup();
    }
  }

  // Start: the list kept from the last run, then the files given, then (in the background) the URL.
  const startErrors: string[] = [];
  // an unsigned-transport lookup elsewhere than this machine could be answered by anyone on the path: refused
  const lookupUrl = opts.lookupUrl && lookupUrlAllowed(opts.lookupUrl) ? opts.lookupUrl : undefined;
  if (opts.lookupUrl && !lookupUrl) startErrors.push('lookup URL refused: use https (plain http only on 127.0.0.1)');
  if (dir) {
    removeLeftovers(dir);
    state = await readSyncState(dir);
    const e = await reloadFromDisk();
    if (e) startErrors.push(e);
  }
  for (const f of opts.listFiles ?? []) {
    const r = await readTextCapped(f, maxBytes);
    if (!r.ok) { startErrors.push(`list file ${r.error}`); continue; }
    const a = await adopt(r.text, f, 'file');
    if (!a.ok && a.error !== 'rollback' && a.error !== 'version-not-newer') startErrors.push(`list file ${describeRejection(a.error, a.detail)}`);
  }
  if (startErrors.length) state = { ...state, lastSyncError: startErrors.join('; ').slice(0, 500) };

  let timer: ReturnType<typeof setInterval> | null = null;
  if (opts.listUrl) {
    const minutes = Math.min(1440, Math.max(1, opts.syncIntervalMinutes ?? 15));
    timer = setInterval(() => { void sync(); }, minutes * 60_000);
    timer.unref();
    if (opts.syncOnStart !== false) void sync();
  }

  return {
    resolve,
    info,
    sync,
    close() {
      closed = true;
      if (timer) clearInterval(timer);
      aborter.abort();
    },
  };
}

export type ImportResult =
  | { ok: true; changed: boolean; version: number; entries: number }
  | { ok: false; error: string };

/**
 * The USB-stick import: checks the file in full and, when it is newer than the list kept in <dataDir>/status/,
 * writes it there atomically. A running resolver picks it up on its next sync().
 */
export async function importStatusListFile(
  path: string, dataDir: string, trust: StatusTrust,
  opts: { verifier?: SignatureVerifier; maxListBytes?: number; maxEntries?: number } = {},
): Promise<ImportResult> {
  try {
    const maxBytes = opts.maxListBytes ?? DEFAULT_MAX_LIST_BYTES;
    const loadOpts = { maxBytes, maxEntries: opts.maxEntries ?? DEFAULT_MAX_ENTRIES, sha256: nodeSha256 };
    const r = await readTextCapped(path, maxBytes);
    if (!r.ok) return { ok: false, error: r.error === 'oversized' ? describeRejection('oversized') : `cannot read the file: ${r.error}` };
    const cand = await loadStatusList(r.text, trust, opts.verifier ?? nodeVerifier, loadOpts);
    if (!cand.ok) return { ok: false, error: describeRejection(cand.error, cand.detail) };
    const dir = statusDir(dataDir);
    removeLeftovers(dir);
    const target = join(dir, LIST_FILE);
    const current = await readTextCapped(target, maxBytes);
    let heldList: StatusList | null = null;
    if (current.ok) {
      const h = await loadStatusList(current.text, trust, opts.verifier ?? nodeVerifier, loadOpts);
      if (h.ok) heldList = h.list; // an unusable saved list may be replaced by any valid one
    }
    const cmp = compareWithHeld(cand.list, heldList);
    if (!cmp.ok) return { ok: false, error: describeRejection(cmp.error, cmp.detail) };
    const hw = await readHighWater(dir);
    const top = cmp.changed ? compareWithHighWater(cand.list, hw) : { ok: true as const };
    if (!top.ok) return { ok: false, error: describeRejection(top.error, top.detail) };
    if (cmp.changed) {
      writeFileAtomic(target, r.text);
      const raised = raiseHighWater(cand.list, hw);
      if (raised) writeHighWater(dir, raised);
      const st = await readSyncState(dir);
      // the ETag belonged to the URL's list, which this one now supersedes
      writeSyncState(dir, { ...st, etag: undefined, source: `file: ${path}`.slice(0, 2000) });
    }
    return { ok: true, changed: cmp.changed, version: cand.list.header.version, entries: cand.list.table.count };
  } catch (e) {
    return { ok: false, error: `import failed: ${e instanceof Error ? e.message.slice(0, 200) : 'error'}` };
  }
}
