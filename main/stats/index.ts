// Aggregated counts in SQLite: one increment per verdict into an hour bucket keyed by outcome, credential family
// and input source, plus a daily total. Nothing else is stored: no per-scan rows, no time finer than the hour.
//
// A broken database never stops verification: record() adds to an in-memory tally first and writes it in one
// transaction; when the write fails (locked, read-only, full, deleted, corrupt) the tally stays in memory, the
// operator sees fault(), and a timer writes it once the file can be written again.
//
// Group commit (the kiosk's setting): record() only adds to the tally; the tally is written (one fsync'd
// transaction) at most `commitMs` (100 ms) later, so the scan path never waits for the disk and a busy door pays one fsync per window,
// not per scan. A SIGKILL or power cut loses at most the counts of that last window. Reading the counts or the
// fault, flush() and close() write what is held first. The file's identity (deleted or replaced under the open
// handle) and header (overwritten) are checked at most once per `identityCheckMs` and after any failed write,
// not per scan (it was ~28% of a scan's CPU).
import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync, readSync, renameSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { StatsRow } from '../api/state.ts';
import { CREDENTIALS, OUTCOMES, SOURCES, type Credential, type Outcome, type ScanSource } from '../api/verdict.ts';
import type { StatsStore } from '../kiosk/ports.ts';
import { toCsv } from './csv.ts';
import { BOUND_RE, dayKey, hourKey, inRange } from './period.ts';
import { migrate, NewerSchemaError } from './schema.ts';

export { toCsv, CSV_HEADER } from './csv.ts';

export interface StatsOptions {
  dataDir: string;
  /** days hourly buckets are kept (default 31) */
  retentionDays?: number;
  /** days daily totals are kept (default 3650) */
  dailyRetentionDays?: number;
  now?: () => number;
  /** how often a held tally is retried while the database is failing (default 5000 ms) */
  retryMs?: number;
  /** never create or change the file (the `kiosk stats` command) */
  readOnly?: boolean;
  /** database file name inside dataDir (default stats.db) */
  fileName?: string;
  /**
   * 'full' (default): every increment is on disk when record() returns, so a power cut loses at most the verdict
   * in flight. 'normal' skips the per-commit fsync (simulations and benchmarks of size only).
   */
  sync?: 'full' | 'normal';
  /** caps the file at this many pages (SQLITE_FULL past it): a size limit, and how tests simulate a full disk */
  maxPageCount?: number;
  /**
   * group commit window, at most 100 ms (the kiosk core uses 100): increments are written together this long
   * after the first of them. 0 (default, for tools and tests that read the file at once) writes each increment
   * before record() returns.
   */
  commitMs?: number;
  /** least time between checks that the file is still the one opened (default 2000 ms) */
  identityCheckMs?: number;
}

export interface StatsEvent {
  outcome: Outcome;
  credential: Credential;
  source: ScanSource;
  /** ms since epoch; only its hour is kept */
  at: number;
}

/** The StatsStore the core uses, plus what the operator tools, tests and benchmarks need. */
export interface KioskStatsStore extends StatsStore {
  /** many increments in one transaction */
  recordBatch(events: readonly StatsEvent[]): void;
  /** tries to write what is held in memory now; true when nothing is left unwritten */
  flush(): boolean;
  /** increments held in memory, not yet written */
  pending(): number;
  setRetention(days: { hourly?: number; daily?: number }): void;
  readonly path: string;
}

const DAY_MS = 86_400_000;
/** KioskState.faults allows 300 characters per entry */
const MAX_FAULT = 300;
const OUTCOME_SET = new Set<string>(OUTCOMES);
const CREDENTIAL_SET = new Set<string>(CREDENTIALS);
const SOURCE_SET = new Set<string>(SOURCES);
const SEP = '\t';
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

type Tally = Map<string, number>;
type Granularity = 'hour' | 'day';

function add(t: Tally, key: string, n: number): void {
  t.set(key, (t.get(key) ?? 0) + n);
}

function sqliteCode(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

const isCorrupt = (e: unknown): boolean => /^SQLITE_(CORRUPT|NOTADB)/.test(sqliteCode(e));
/** errors after which the handle is dropped and the file opened afresh on the next try */
const needsReopen = (e: unknown): boolean => /^(SQLITE_(READONLY|IOERR|CANTOPEN|PERM)|E[A-Z]+$)/.test(sqliteCode(e));

/** A one-line reason for the operator. SQLite's messages carry no data of ours, but keep them short anyway. */
function describe(e: unknown): string {
  const code = sqliteCode(e);
  if (e instanceof NewerSchemaError) return e.message;
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return 'is locked by another program';
  if (isCorrupt(e)) return 'is damaged';
  if (/^SQLITE_READONLY/.test(code) || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'cannot be written (read-only)';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'is full (disk full or size limit reached)';
  if (/^SQLITE_IOERR/.test(code)) return 'had a write error (disk full or failing?)';
  if (/^SQLITE_CANTOPEN/.test(code) || code === 'EISDIR' || code === 'ENOTDIR' || code === 'ENOENT') return 'cannot be opened';
  const msg = e instanceof Error ? e.message : String(e);
  return `failed (${(code || msg).slice(0, 120)})`;
}

interface Ident { dev: number; ino: number }

export function openStatsStore(opts: StatsOptions): KioskStatsStore {
  const now = opts.now ?? Date.now;
  const path = join(opts.dataDir, opts.fileName ?? 'stats.db');
  const readOnly = opts.readOnly ?? false;
  const retryMs = opts.retryMs ?? 5000;
  const commitMs = Math.max(0, Math.min(100, opts.commitMs ?? 0));
  const identityCheckMs = opts.identityCheckMs ?? 2000;
  let commitTimer: ReturnType<typeof setTimeout> | null = null;
  /** when the file's identity and header were last checked; 0 forces a check with the next write */
  let checkedAt = 0;
  let hourlyDays = opts.retentionDays ?? 31;
  let dailyDays = opts.dailyRetentionDays ?? 3650;

  let db: Database.Database | null = null;
  let ident: Ident | null = null;
  let upsertHour: Database.Statement | null = null;
  let upsertDay: Database.Statement | null = null;
  // increments not yet written, and (for recovery from a damaged file) all increments written by this process
  const pendingHour: Tally = new Map();
  const pendingDay: Tally = new Map();
  const writtenHour: Tally = new Map();
  const writtenDay: Tally = new Map();
  // counts read from a damaged file that could not be moved aside yet
  const rescuedHour: Tally = new Map();
  const rescuedDay: Tally = new Map();
  let current: string | null = null;
  const notes: string[] = [];
  let timer: ReturnType<typeof setInterval> | null = null;
  let retainedAt = '';
  let closed = false;
  let damagedSeq = 0;

  function setFault(reason: string): void {
    // the file name, not the whole path: the operator screen shows at most 300 characters per fault
    current = `The counts database ${basename(path)} ${reason}`;
  }

  function note(text: string): void {
    if (!notes.includes(text)) notes.push(text);
    if (notes.length > 5) notes.shift();
  }

  function identOf(): Ident | null {
    try {
      const st = statSync(path, { throwIfNoEntry: false });
      return st && st.isFile() ? { dev: st.dev, ino: st.ino } : null;
    } catch {
      return null;
    }
  }

  function open(allowRecovery = true): boolean {
    if (db) return true;
    try {
      if (!readOnly) mkdirSync(opts.dataDir, { recursive: true });
      const st = statSync(path, { throwIfNoEntry: false });
      if (st && !st.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
      if (!st && readOnly) throw Object.assign(new Error('no counts database yet'), { code: 'ENOENT' });
      // a short busy timeout: record() runs on the scan path and must not wait long for another program's lock
      const d = new Database(path, { readonly: readOnly, fileMustExist: readOnly, timeout: 20 });
      try {
        if (!readOnly) {
          d.pragma('journal_mode = WAL');
          // FULL: each committed increment survives a power cut (at most the verdict in flight is lost)
          d.pragma(`synchronous = ${opts.sync === 'normal' ? 'NORMAL' : 'FULL'}`);
          if (opts.maxPageCount) d.pragma(`max_page_count = ${Math.max(1, Math.floor(opts.maxPageCount))}`);
        }
        const check = d.pragma('quick_check', { simple: true });
        if (check !== 'ok') throw Object.assign(new Error('quick_check failed'), { code: 'SQLITE_CORRUPT' });
        if (!readOnly) migrate(d);
        else if ((d.pragma('user_version', { simple: true }) as number) === 0) throw Object.assign(new Error('empty'), { code: 'ENOENT' });
      } catch (e) {
        d.close();
        throw e;
      }
      db = d;
      ident = identOf();
      if (!readOnly) {
        const upsert = (table: string) =>
          d.prepare(
            `INSERT INTO ${table} (period, outcome, credential, source, count) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (period, outcome, credential, source) DO UPDATE SET count = count + excluded.count`,
          );
        upsertHour = upsert('hourly');
        upsertDay = upsert('daily');
        try {
          retain();
        } catch {
          /* retried with the next write; the file is open and counting matters more */
        }
      }
      // the daily look at the file may have found it damaged and moved it aside: then there is nothing open
      return db !== null;
    } catch (e) {
      if (isCorrupt(e) && !readOnly && allowRecovery) {
        return recoverDamaged(null) ? open(false) : false;
      }
      setFault(describe(e));
      return false;
    }
  }

  function drop(): void {
    const d = db;
    db = null;
    ident = null;
    upsertHour = upsertDay = null;
    try {
      d?.close();
    } catch {
      /* the handle is being abandoned anyway */
    }
  }

  /** Reads whatever rows a (possibly damaged) database still gives. */
  function salvage(handle: Database.Database | null): { hour: Tally; day: Tally } | null {
    let h = handle;
    let own = false;
    try {
      if (!h) {
        h = new Database(path, { readonly: true, fileMustExist: true });
        own = true;
      }
      const read = (table: string): Tally => {
        const t: Tally = new Map();
        try {
          for (const r of h!.prepare(`SELECT period, outcome, credential, source, count FROM ${table}`).iterate() as Iterable<StatsRow>) {
            add(t, [r.period, r.outcome, r.credential, r.source].join(SEP), r.count);
          }
        } catch {
          /* keep the rows read before the damage */
        }
        return t;
      };
      return { hour: read('hourly'), day: read('daily') };
    } catch {
      return null;
    } finally {
      if (own) {
        try {
          h?.close();
        } catch {
          /* read-only salvage handle */
        }
      }
    }
  }

  /** Moves a damaged file aside and carries every count that can still be known into the new file. */
  function recoverDamaged(handle: Database.Database | null): boolean {
    const got = salvage(handle);
    if (handle) drop();
    // what was read is kept (per key, the most seen) until the file is out of the way: repeated tries while it
    // cannot be moved must neither lose it nor count it twice
    if (got) {
      for (const [into, from] of [[rescuedHour, got.hour], [rescuedDay, got.day]] as const) {
        for (const [k, n] of from) into.set(k, Math.max(into.get(k) ?? 0, n));
      }
    }
    // real time plus a sequence number: two recoveries never overwrite each other's copy, whatever now() says
    const aside = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}-${++damagedSeq}`;
    try {
      renameSync(path, aside);
    } catch (e) {
      setFault(`is damaged and could not be moved aside: ${describe(e)}`);
      return false;
    }
    for (const ext of ['-wal', '-shm']) {
      try {
        renameSync(path + ext, aside + ext);
      } catch {
        /* may not exist */
      }
    }
    // the true count is at least what the damaged file still showed and at least what this process wrote
    for (const [mine, rescued, pending] of [
      [writtenHour, rescuedHour, pendingHour],
      [writtenDay, rescuedDay, pendingDay],
    ] as const) {
      for (const k of new Set([...mine.keys(), ...rescued.keys()])) add(pending, k, Math.max(mine.get(k) ?? 0, rescued.get(k) ?? 0));
      // written again into the new file, where write() counts them as written once more
      mine.clear();
      rescued.clear();
    }
    note(`The counts database was damaged; it was moved to ${basename(aside)} and the counts that could be read were carried over.`);
    return true;
  }



  /** The file was deleted or replaced under the open handle: the handle still reads the old contents. */
  function recoverReplaced(): void {
    const got = salvage(db);
    drop();
    const src = got ?? { hour: writtenHour, day: writtenDay };
    for (const [k, n] of src.hour) add(pendingHour, k, n);
    for (const [k, n] of src.day) add(pendingDay, k, n);
    // written again into the new file, where write() counts them as written once more
    writtenHour.clear();
    writtenDay.clear();
    note('The counts database file was deleted or replaced while in use; its counts were carried over to a new file.');
  }

  /** Cheap per-write check that nothing overwrote the file under us (SQLite would only notice on a cache miss). */
  function headerOk(): boolean {
    let fd: number | null = null;
    try {
      fd = openSync(path, 'r');
      const buf = Buffer.alloc(16);
      const n = readSync(fd, buf, 0, 16, 0);
      return n === 0 || buf.equals(SQLITE_MAGIC);
    } catch {
      return true; // unreadable is reported by the write itself
    } finally {
      if (fd !== null) closeSync(fd);
    }
  }

  /** Full check through a second connection, which reads the file rather than this connection's cache. */
  function fileOk(): boolean {
    let h: Database.Database | null = null;
    try {
      h = new Database(path, { readonly: true, fileMustExist: true, timeout: 20 });
      return h.pragma('quick_check', { simple: true }) === 'ok';
    } catch (e) {
      return !isCorrupt(e);
    } finally {
      try {
        h?.close();
      } catch {
        /* read-only check handle */
      }
    }
  }

  function retain(): void {
    if (!db || readOnly) return;
    // retention cuts at day boundaries, so once a day is enough; so is the full look at the file
    const today = dayKey(now());
    if (today === retainedAt) return;
    if (retainedAt !== '' && !fileOk()) {
      recoverDamaged(db);
      return;
    }
    const hourCut = dayKey(now() - hourlyDays * DAY_MS);
    const dayCut = dayKey(now() - dailyDays * DAY_MS);
    db.prepare('DELETE FROM hourly WHERE period < ?').run(hourCut);
    db.prepare('DELETE FROM daily WHERE period < ?').run(dayCut);
    for (const k of writtenHour.keys()) if (k < hourCut) writtenHour.delete(k);
    for (const k of writtenDay.keys()) if (k < dayCut) writtenDay.delete(k);
    retainedAt = today;
  }

  function scheduleRetry(): void {
    if (timer || closed) return;
    timer = setInterval(() => {
      if (flush() && current === null && timer) {
        clearInterval(timer);
        timer = null;
      }
    }, retryMs);
    timer.unref?.();
  }

  function write(): void {
    const d = db!;
    d.transaction(() => {
      for (const [k, n] of pendingHour) upsertHour!.run(...k.split(SEP), n);
      for (const [k, n] of pendingDay) upsertDay!.run(...k.split(SEP), n);
    })();
    for (const [k, n] of pendingHour) add(writtenHour, k, n);
    for (const [k, n] of pendingDay) add(writtenDay, k, n);
    pendingHour.clear();
    pendingDay.clear();
  }

  let lastFailedTry = 0;

  /** From the scan path: while the database is failing, try it at most once a second (the timer retries too). */
  function flushSoon(): void {
    if (current !== null && Date.now() - lastFailedTry < 1000) return;
    if (commitMs > 0) {
      // group commit: the first increment of a window starts the clock, later ones ride along
      commitTimer ??= setTimeout(() => {
        commitTimer = null;
        if (!closed && !flush()) lastFailedTry = Date.now();
      }, commitMs);
      return;
    }
    if (!flush()) lastFailedTry = Date.now();
  }

  /** Writes what is held before counts or faults are read (not on the scan path). */
  function settle(): void {
    if (commitTimer && !closed) flush();
  }

  /** Is the open file still the one at `path`, with a SQLite header? If not, its counts are carried over. */
  function checkFile(allowRecovery: boolean): void {
    checkedAt = Date.now();
    const id = identOf();
    if (!id || !ident || id.ino !== ident.ino || id.dev !== ident.dev) recoverReplaced();
    else if (allowRecovery && !headerOk()) recoverDamaged(db);
  }

  function flush(allowRecovery = true): boolean {
    if (readOnly || closed) return pendingHour.size === 0;
    if (pendingHour.size === 0 && pendingDay.size === 0 && current === null && db) return true;
    if (commitTimer) {
      clearTimeout(commitTimer);
      commitTimer = null;
    }
    if (db && (Date.now() - checkedAt >= identityCheckMs || current !== null)) checkFile(allowRecovery);
    if (!db && !open()) {
      scheduleRetry();
      return false;
    }
    try {
      write();
      current = null;
      try {
        retain();
      } catch {
        /* retention is retried with the next write; counting matters more */
      }
      // the daily check found the file damaged and carried its counts into memory: write them to a new file
      if (!db && allowRecovery) return flush(false);
      return true;
    } catch (e) {
      if (isCorrupt(e) && allowRecovery) {
        recoverDamaged(db);
        return flush(false);
      }
      setFault(describe(e));
      checkedAt = 0; // after a failure, look at the file again with the next write
      if (needsReopen(e)) {
        drop();
        // the handle may predate the repair (SQLite silently opens read-only what it cannot write): one fresh try
        if (allowRecovery) return flush(false);
      }
      scheduleRetry();
      return false;
    }
  }

  function tally(e: StatsEvent): boolean {
    if (!e || typeof e !== 'object' || !OUTCOME_SET.has(e.outcome) || !CREDENTIAL_SET.has(e.credential) || !SOURCE_SET.has(e.source)) {
      note('An event with an unknown outcome, credential or source was not counted.');
      return false;
    }
    const at = typeof e.at === 'number' && Number.isFinite(e.at) && Math.abs(e.at) < 8.64e15 ? e.at : now();
    const h = hourKey(at);
    const rest = [e.outcome, e.credential, e.source].join(SEP);
    add(pendingHour, h + SEP + rest, 1);
    add(pendingDay, h.slice(0, 10) + SEP + rest, 1);
    return true;
  }

  function rows(granularity: Granularity): Tally {
    settle();
    const out: Tally = new Map();
    let fromDb = false;
    if (db || open()) {
      try {
        const table = granularity === 'hour' ? 'hourly' : 'daily';
        for (const r of db!.prepare(`SELECT period, outcome, credential, source, count FROM ${table}`).iterate() as Iterable<StatsRow>) {
          add(out, [r.period, r.outcome, r.credential, r.source].join(SEP), r.count);
        }
        fromDb = true;
      } catch (e) {
        out.clear();
        setFault(describe(e));
        scheduleRetry(); // a successful retry clears the fault again
      }
    }
    // without the file, what this process wrote (or read from a damaged file) is the best that is known
    if (!fromDb) {
      const [mine, rescued] = granularity === 'hour' ? [writtenHour, rescuedHour] : [writtenDay, rescuedDay];
      for (const k of new Set([...mine.keys(), ...rescued.keys()])) add(out, k, Math.max(mine.get(k) ?? 0, rescued.get(k) ?? 0));
    }
    for (const [k, n] of granularity === 'hour' ? pendingHour : pendingDay) add(out, k, n);
    return out;
  }

  open();

  return {
    path,
    record(e) {
      try {
        if (closed || readOnly) return;
        if (tally(e)) flushSoon();
      } catch (err) {
        // record() must never throw into the scan path
        setFault(describe(err));
      }
    },
    recordBatch(events) {
      try {
        if (closed || readOnly) return;
        let any = false;
        for (const e of events) any = tally(e) || any;
        if (any) flushSoon();
      } catch (err) {
        setFault(describe(err));
      }
    },
    flush: () => flush(),
    pending: () => {
      let n = 0;
      for (const v of pendingHour.values()) n += v;
      return n;
    },
    setRetention(days) {
      if (days.hourly !== undefined) hourlyDays = days.hourly;
      if (days.daily !== undefined) dailyDays = days.daily;
      retainedAt = '';
      try {
        retain();
      } catch {
        /* retried with the next write */
      }
    },
    query(q) {
      for (const b of [q.from, q.to]) {
        if (b !== undefined && !BOUND_RE.test(b)) throw new RangeError('date bounds must be YYYY-MM-DD or YYYY-MM-DDTHH');
      }
      const from = q.from?.replace(/T(\d{2})$/, 'T$1:00');
      const to = q.to?.replace(/T(\d{2})$/, 'T$1:00');
      const out: StatsRow[] = [];
      for (const [k, count] of rows(q.granularity)) {
        const [period, outcome, credential, source] = k.split(SEP) as [string, Outcome, Credential, ScanSource];
        if (count > 0 && inRange(period, from, to)) out.push({ period, outcome, credential, source, count });
      }
      return out.sort((a, b) =>
        a.period < b.period ? -1 : a.period > b.period ? 1 : `${a.outcome}${SEP}${a.credential}${SEP}${a.source}` < `${b.outcome}${SEP}${b.credential}${SEP}${b.source}` ? -1 : 1,
      );
    },
    exportCsv(granularity) {
      return toCsv(this.query({ granularity }));
    },
    fault() {
      settle();
      let text: string | null = notes.length ? notes[notes.length - 1]! : null;
      if (current) {
        const n = this.pending();
        text = n > 0 ? `${current}; ${n} count(s) are held in memory until it can be written.` : `${current}.`;
      }
      return text === null ? null : text.slice(0, MAX_FAULT);
    },
    close() {
      if (closed) return;
      if (timer) clearInterval(timer);
      timer = null;
      if (commitTimer) clearTimeout(commitTimer);
      commitTimer = null;
      try {
        // what was written since the last look at the file must not stay in a deleted or replaced one
        if (db && !readOnly) checkFile(true);
        flush();
        // a last look at the file itself: damage this connection's cache hid would otherwise surface only next start
        if (db && !readOnly && !fileOk()) {
          recoverDamaged(db);
          flush(false);
        }
      } catch {
        /* closing anyway */
      }
      closed = true;
      drop();
    },
  };
}
