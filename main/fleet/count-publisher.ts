// Publishes the kiosk's hour buckets to the fleet: absolute values per bucket (a repeat, a late copy or a replay
// can never add to a count), QoS 1, oldest first. Reads through the stats store's query API only.
//
// What the broker acknowledged is remembered per bucket in DATA_DIR/fleet-sent.json, so after an outage of
// hours or days (or a restart in between) exactly the buckets that changed since are sent again, oldest first.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StatsRow } from '../api/state.ts';
import type { StatsStore } from '../kiosk/ports.ts';
import { writeFileAtomic } from '../settings/atomic-write.ts';
import type { CountsMessage } from './messages.ts';

export interface Publish {
  /** resolves once the broker acknowledged (QoS 1), rejects when the message could not be sent */
  (topic: string, payload: string): Promise<void>;
}

export interface CountPublisherOptions {
  /** the stats store's query API (or the core's getStats request, which is the same) */
  stats: { query(q: Parameters<StatsStore['query']>[0]): StatsRow[] | Promise<StatsRow[]> };
  dataDir: string;
  topic: string;
  publish: Publish;
  /** messages awaiting an acknowledgement at once (default 20) */
  maxInFlight?: number;
  onError?: (e: Error) => void;
}

export interface CountPublisher {
  /** publish every bucket whose counts differ from what the broker last acknowledged */
  sync(): Promise<void>;
  /** buckets not yet acknowledged in their current state */
  backlog(): number;
}

type Buckets = Map<string, CountsMessage['rows']>;

function bucketsOf(rows: readonly StatsRow[]): Buckets {
  const out: Buckets = new Map();
  for (const r of rows) {
    if (r.count <= 0) continue;
    let b = out.get(r.period);
    if (!b) out.set(r.period, (b = []));
    b.push({ outcome: r.outcome, credential: r.credential, source: r.source, count: r.count });
  }
  return out;
}

const fingerprint = (rows: CountsMessage['rows']): string =>
  rows.map((r) => `${r.outcome}/${r.credential}/${r.source}=${r.count}`).sort().join(',');

export function createCountPublisher(opts: CountPublisherOptions): CountPublisher {
  const file = join(opts.dataDir, 'fleet-sent.json');
  const maxInFlight = opts.maxInFlight ?? 20;
  // period -> fingerprint the broker acknowledged
  const acked = new Map<string, string>();
  try {
    if (existsSync(file)) {
      const j = JSON.parse(readFileSync(file, 'utf8')) as { acked?: Record<string, string> };
      for (const [k, v] of Object.entries(j.acked ?? {})) if (typeof v === 'string') acked.set(k, v);
    }
  } catch {
    // a damaged record only means buckets are sent again: absolute values make that harmless
    acked.clear();
  }
  let running: Promise<void> | null = null;
  let again = false;
  let pending = 0;

  function save(): void {
    try {
      writeFileAtomic(file, JSON.stringify({ acked: Object.fromEntries(acked) }));
    } catch (e) {
      opts.onError?.(e as Error);
    }
  }

  async function once(): Promise<void> {
    const buckets = bucketsOf(await opts.stats.query({ granularity: 'hour' }));
    // buckets the kiosk no longer keeps (retention) need no memory here
    let changed = false;
    for (const k of acked.keys()) if (!buckets.has(k)) { acked.delete(k); changed = true; }
    const todo = [...buckets.entries()]
      .map(([period, rows]) => ({ period, rows, fp: fingerprint(rows) }))
      .filter((b) => acked.get(b.period) !== b.fp)
      .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
    pending = todo.length;
    let failed: Error | null = null;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < todo.length && !failed) {
        const b = todo[next++]!;
        const msg: CountsMessage = { v: 1, period: b.period, rows: b.rows };
        try {
          await opts.publish(opts.topic, JSON.stringify(msg));
          acked.set(b.period, b.fp);
          pending--;
          changed = true;
        } catch (e) {
          failed = e as Error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(maxInFlight, todo.length) }, worker));
    if (changed) save();
    if (failed) throw failed;
  }

  return {
    backlog: () => pending,
    sync() {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        try {
          do {
            again = false;
            await once();
          } while (again);
        } finally {
          running = null;
        }
      })();
      return running;
    },
  };
}
