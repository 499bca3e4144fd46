// Group commit for the collector: messages wait (at most maxWaitMs, at most maxBatch of them) to share one
// transaction, and each one's acknowledgement is sent only after that transaction committed, in the order the
// messages arrived (MQTT 3.1.1 4.6: PUBACKs in the order of the PUBLISHes). One commit (one fsync) then carries
// hundreds of messages instead of one. A batch that fails while the database answers is retried one message per
// transaction, so a single message the database refuses cannot hold the others back; it is refused on its own.
// Refused means PostgreSQL rejected the data itself (SQLSTATE class 22 or 23); anything else (a connection that
// timed out on a loaded machine, a server restarting) is a database failure: nothing is acknowledged and the
// broker sends it all again.
import type { FleetDb, Queryable } from './db.ts';

export interface GroupItem<R> {
  /** null: a message refused before the database (acknowledged in its turn, so the order holds) */
  record: R | null;
  /** sends this message's acknowledgement (called only after the commit that holds it) */
  ack: () => void;
  /** for the log */
  what: string;
}

export interface GroupCommitOptions<R> {
  db: FleetDb;
  /** writes the records of one batch, in arrival order, inside its transaction */
  write: (q: Queryable, records: R[]) => Promise<void>;
  /** messages per transaction (default 500; 1 is one commit per message) */
  maxBatch?: number;
  /** how long the first message of a batch waits for company (default 20 ms) */
  maxWaitMs?: number;
  /** messages waiting beyond which the broker connection is held (MQTT.js backpressure; default 5000) */
  maxPending?: number;
  /** the database failed: everything waiting is dropped unacknowledged (the broker sends it again) */
  onDbFailure: (e: Error) => void;
  /** a message the database refused on its own, while it answered other queries */
  onPoison?: (what: string, e: Error) => void;
  /** messages written and committed (refused ones are acknowledged, not counted here) */
  onCommitted?: (n: number) => void;
}

/** PostgreSQL (and PGlite) refused the data itself: a data exception (22xxx) or a constraint (23xxx) */
export function isDataError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}

export interface GroupCommit<R> {
  /**
   * Queues a message. `release` lets MQTT.js read the next packet: called now while there is room, later
   * when a commit made room.
   */
  add(item: GroupItem<R>, release: () => void): void;
  /** messages queued or in the transaction running now */
  pending(): number;
  /** drops everything waiting, unacknowledged (the connection is going) */
  reset(): void;
  /** resolves when nothing is queued or running */
  idle(): Promise<void>;
}

export function createGroupCommit<R>(opts: GroupCommitOptions<R>): GroupCommit<R> {
  const maxBatch = Math.max(1, opts.maxBatch ?? 500);
  const maxWaitMs = Math.max(0, opts.maxWaitMs ?? 20);
  const maxPending = Math.max(maxBatch, opts.maxPending ?? 5000);
  let queue: GroupItem<R>[] = [];
  let held: (() => void)[] = [];
  let running = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let epoch = 0; // reset() starts a new one; a transaction of an older epoch acknowledges nothing
  let idleWaiters: (() => void)[] = [];

  const dbUp = async (): Promise<boolean> => {
    try {
      await opts.db.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  };

  const runWrites = (items: GroupItem<R>[]) => opts.db.tx((q) => opts.write(q, items.flatMap((it) => (it.record === null ? [] : [it.record]))));

  function releaseHeld(): void {
    while (held.length > 0 && queue.length + running < maxPending) held.shift()!();
  }

  function checkIdle(): void {
    if (queue.length === 0 && running === 0) {
      const w = idleWaiters;
      idleWaiters = [];
      for (const f of w) f();
    }
  }

  function schedule(): void {
    if (running > 0 || queue.length === 0) return checkIdle();
    if (queue.length >= maxBatch || maxWaitMs === 0) {
      if (timer) { clearTimeout(timer); timer = null; }
      void flush();
      return;
    }
    timer ??= setTimeout(() => { timer = null; void flush(); }, maxWaitMs);
  }

  async function flush(): Promise<void> {
    if (running > 0 || queue.length === 0) return;
    const myEpoch = epoch;
    const batch = queue.splice(0, maxBatch);
    running = batch.length;
    let failed: Error | null = null;
    try {
      await runWrites(batch);
      if (myEpoch === epoch) for (const it of batch) it.ack();
      opts.onCommitted?.(batch.filter((it) => it.record !== null).length);
    } catch (e) {
      failed = e as Error;
    }
    if (failed && myEpoch === epoch) {
      // the database, or one message? Only a data error from a database that answers tells them apart.
      if (batch.length > 1 && isDataError(failed) && (await dbUp())) {
        for (const it of batch) {
          if (myEpoch !== epoch) break;
          try {
            await runWrites([it]);
            it.ack();
            if (it.record !== null) opts.onCommitted?.(1);
          } catch (e) {
            if (myEpoch !== epoch) break;
            if (isDataError(e) && (await dbUp())) {
              opts.onPoison?.(it.what, e as Error);
              it.ack(); // refused like a bad message: acknowledged so that it does not block the session for ever
            } else {
              running = 0;
              opts.onDbFailure(e as Error);
              return;
            }
          }
        }
      } else if (batch.length === 1 && isDataError(failed) && (await dbUp())) {
        if (myEpoch === epoch) {
          opts.onPoison?.(batch[0]!.what, failed);
          batch[0]!.ack();
        }
      } else {
        running = 0;
        if (myEpoch === epoch) opts.onDbFailure(failed);
        checkIdle();
        return;
      }
    }
    running = 0;
    releaseHeld();
    // what arrived during the commit has waited already: it goes now
    if (queue.length > 0) void flush();
    else checkIdle();
  }

  return {
    add(item, release) {
      queue.push(item);
      if (queue.length + running < maxPending) release();
      else held.push(release);
      schedule();
    },
    pending: () => queue.length + running,
    reset() {
      epoch++;
      queue = [];
      held = [];
      if (timer) { clearTimeout(timer); timer = null; }
      checkIdle();
    },
    idle: () => (queue.length === 0 && running === 0 ? Promise.resolve() : new Promise((r) => idleWaiters.push(r))),
  };
}
