// The kiosk's count publisher against the real stats store (SQLite): absolute buckets, oldest first, and an outage
// in the middle of a catch-up resumes where it stopped, across a restart, with nothing sent twice in the end state.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCountPublisher } from '../../main/fleet/count-publisher.ts';
import { CountsMessage } from '../../main/fleet/messages.ts';
import { openStatsStore, type KioskStatsStore } from '../../main/stats/index.ts';

let dir: string;
let stats: KioskStatsStore;
const HOUR = 3600_000;
const t0 = new Date(2026, 10, 20, 0, 30).getTime();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-pub-'));
  stats = openStatsStore({ dataDir: dir, sync: 'normal' });
});
afterEach(() => {
  stats.close();
  rmSync(dir, { recursive: true, force: true });
});

function record(hour: number, n: number): void {
  stats.recordBatch(Array.from({ length: n }, (_, i) => ({ outcome: 'valid' as const, credential: 'hk-vac' as const, source: 'serial' as const, at: t0 + hour * HOUR + i })));
}

describe('count publisher', () => {
  it('sends every bucket oldest first, then only the buckets that changed', async () => {
    for (let h = 0; h < 30; h++) record(h, h + 1);
    const sent: CountsMessage[] = [];
    const pub = createCountPublisher({ stats, dataDir: dir, topic: 't', maxInFlight: 1, publish: async (_t, p) => { sent.push(CountsMessage.parse(JSON.parse(p))); } });
    await pub.sync();
    expect(sent.map((m) => m.period)).toEqual([...sent.map((m) => m.period)].sort());
    expect(sent.length).toBe(30);
    expect(sent.reduce((a, m) => a + m.rows[0]!.count, 0)).toBe((30 * 31) / 2);
    sent.length = 0;
    await pub.sync();
    expect(sent).toEqual([]);
    record(29, 2);
    await pub.sync();
    expect(sent).toEqual([{ v: 1, period: sent[0]!.period, rows: [{ outcome: 'valid', credential: 'hk-vac', source: 'serial', count: 32 }] }]);
  });

  it('an outage in the middle: after a restart exactly the unacknowledged buckets go, oldest first', async () => {
    for (let h = 0; h < 24; h++) record(h, 1);
    let budget = 10;
    const delivered = new Map<string, number>();
    const publish = async (_t: string, p: string) => {
      if (budget-- <= 0) throw new Error('broker gone');
      const m = CountsMessage.parse(JSON.parse(p));
      delivered.set(m.period, m.rows[0]!.count);
    };
    await expect(createCountPublisher({ stats, dataDir: dir, topic: 't', maxInFlight: 1, publish }).sync()).rejects.toThrow('broker gone');
    expect(delivered.size).toBe(10);
    // meanwhile the door keeps counting, in an hour already sent and in a new one
    record(0, 4);
    record(24, 2);
    budget = 1000;
    const order: string[] = [];
    const again = createCountPublisher({ stats, dataDir: dir, topic: 't', maxInFlight: 1, publish: async (t, p) => { order.push((JSON.parse(p) as CountsMessage).period); await publish(t, p); } });
    await again.sync();
    expect(order).toEqual([...order].sort());
    expect(order.length).toBe(1 + 14 + 1); // hour 0 changed, 14 never acknowledged, hour 24 new
    const own = new Map(stats.query({ granularity: 'hour' }).map((r) => [r.period, r.count]));
    expect(delivered).toEqual(own);
    expect(again.backlog()).toBe(0);
  });
});
