// Status lists at national scale: 1,000,000 entries. Targets (issue 4): load + verify under 1.5 s, one lookup under
// 5 µs, memory held by the loaded list under 64 MB. The list is built once (not timed against a target), then
// loaded from its JSON text the way the kiosk loads it: schema, signature, base64, SHA-256 of the entries, index.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildStatusList, type BuildEntry } from '../../main/status/build.ts';
import { nodeSha256, nodeVerifier } from '../../main/status/node-crypto.ts';
import { entriesFor, evaluateEntries, lookupInList } from '../../main/verify/status/evaluate.ts';
import { loadStatusList, type StatusList } from '../../main/verify/status/format.ts';
import { identityHashes } from '../../main/verify/status/identity.ts';
import type { CredentialIdentity } from '../../main/verify/types.ts';
import { loadTrustStoreText } from '../../main/verify/trust/load.ts';
import { demoKeys, demoTrustPath } from '../fixtures/hk/sign.ts';
import type { Bench } from './harness.ts';

const N = 1_000_000;

function gcFunction(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** JS heap plus memory outside it (typed-array backing stores are counted in `external`). */
function retainedBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/** Full GCs with turns of the event loop between them, so that freed array buffers are really released. */
async function settle(gc: () => void): Promise<void> {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
}

const bench: Bench = {
  name: 'status',
  async run(h) {
    const trustResult = loadTrustStoreText(readFileSync(demoTrustPath, 'utf8'));
    if (!trustResult.ok) throw new Error(trustResult.error);
    const trust = trustResult.store;

    // 1M entries: one known person (so that lookups hit), the rest random hashes; a realistic red/amber/revoked mix
    const known: CredentialIdentity = { family: 'hk', recordType: 'VAC', maskedId: '****456(7)', maskedName: 'CHAN T** M**', dob: '15-03-1985', reference: 'DEMO-REF-0001' };
    const absent: CredentialIdentity = { ...known, maskedName: 'WONG K** L**', reference: 'DEMO-REF-0002' };
    const pool = randomBytes(16 * N);
    const entries: BuildEntry[] = new Array(N);
    const kinds = ['red', 'amber', 'revoked'] as const;
    const day = Math.floor(Date.parse('2022-09-20T00:00:00Z') / 86_400_000);
    for (let i = 0; i < N; i++) {
      const kind = kinds[i % 3]!;
      entries[i] = { hash: pool.subarray(16 * i, 16 * i + 16), kind, from: 0, until: kind === 'amber' ? day : 0 };
    }
    entries[0] = { hash: identityHashes(known)[0]!.hash, kind: 'red', from: 0, until: 0 };
    let t0 = performance.now();
    const text = buildStatusList({
      key: demoKeys.status, authority: 'demo-status', issuer: 'bench', listId: 'bench', version: 1,
      issuedAt: '2022-09-01T00:00:00Z', expiresAt: '2022-12-31T00:00:00Z', entries,
    });
    entries.length = 0;
    h.report({ label: `build + sign ${N.toLocaleString('en')} entries (once)`, unit: 'ms', value: performance.now() - t0 });
    h.report({ label: 'list file size', unit: 'MB', value: Buffer.byteLength(text) / 1e6 });

    const loadOnce = async (pure: boolean): Promise<StatusList> => {
      const r = await loadStatusList(text, trust, nodeVerifier, pure ? {} : { sha256: nodeSha256 });
      if (!r.ok) throw new Error(`load failed: ${r.error}`);
      return r.list;
    };

    // memory: heap + buffers with the list and after dropping it, full GCs each time
    const gc = gcFunction();
    await settle(gc);
    let rssPeak = process.memoryUsage().rss;
    const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, process.memoryUsage().rss); }, 5);
    let list: StatusList | null = await loadOnce(false);
    clearInterval(sampler);
    await settle(gc);
    const withList = retainedBytes();
    const indexBytes = list.table.byteSize;
    list = null;
    await settle(gc);
    // what the list held = what is freed when it is dropped (robust against garbage from earlier steps)
    const held = withList - retainedBytes();
    h.report({ label: 'memory held by the loaded list (heap + buffers)', unit: 'MB', value: held / 1e6, target: '< 64 MB', met: held / 1e6 < 64 });
    h.report({ label: 'index arrays (25 bytes per entry)', unit: 'MB', value: indexBytes / 1e6 });
    h.report({ label: 'process RSS peak while loading (incl. list text)', unit: 'MB', value: rssPeak / 1e6 });

    const iterations = h.quick ? 2 : 6;
    const loaded = await loadOnce(false);
    const load = await h.time(() => loadOnce(false), { iterations, warmup: 1 });
    h.report({ label: 'load + verify 1M-entry list (kiosk)', unit: 'ms', median: load.median, p95: load.p95, p99: load.p99, target: '< 1500 ms', met: load.p95 < 1500 });
    const pure = await h.time(() => loadOnce(true), { iterations: h.quick ? 1 : 3, warmup: 0 });
    h.report({ label: 'load + verify, pure SHA-256 (no node:crypto)', unit: 'ms', median: pure.median, p95: pure.p95, p99: pure.p99 });

    // lookups: timed in batches of 1000 because one lookup is below the timer's resolution
    const now = new Date('2022-10-01T00:00:00Z');
    const batch = 1000;
    const hit = lookupInList(loaded, known, now);
    if (hit.colour.value !== 'red') throw new Error('bench list does not answer red for the known person');
    const hitStats = await h.time(() => { for (let i = 0; i < batch; i++) lookupInList(loaded, known, now); }, { iterations: h.quick ? 50 : 500, warmup: 20 });
    const perHit = (x: number) => (x * 1000) / batch;
    h.report({ label: 'full lookup (identity hash + search), listed', unit: 'us', median: perHit(hitStats.median), p95: perHit(hitStats.p95), p99: perHit(hitStats.p99), target: 'median < 5 us', met: perHit(hitStats.median) < 5 });
    const missStats = await h.time(() => { for (let i = 0; i < batch; i++) lookupInList(loaded, absent, now); }, { iterations: h.quick ? 50 : 500, warmup: 20 });
    h.report({ label: 'full lookup (identity hash + search), not listed', unit: 'us', median: perHit(missStats.median), p95: perHit(missStats.p95), p99: perHit(missStats.p99), target: 'median < 5 us', met: perHit(missStats.median) < 5 });
    const listedHashes = identityHashes(known).map((x) => x.hash);
    const byHash = await h.time(() => { for (let i = 0; i < batch; i++) evaluateEntries(entriesFor(loaded.table, listedHashes), now.getTime()); }, { iterations: h.quick ? 50 : 500, warmup: 20 });
    h.report({ label: 'lookup by hash in the 1M list (search + evaluate)', unit: 'us', median: perHit(byHash.median), p95: perHit(byHash.p95), p99: perHit(byHash.p99), target: 'median < 5 us', met: perHit(byHash.median) < 5 });
    const probe = identityHashes(absent)[0]!.hash;
    const searchStats = await h.time(() => { for (let i = 0; i < batch; i++) loaded.table.range(probe); }, { iterations: h.quick ? 50 : 500, warmup: 20 });
    h.report({ label: 'binary search alone (1M entries)', unit: 'us', median: perHit(searchStats.median), p95: perHit(searchStats.p95), p99: perHit(searchStats.p99) });
  },
};

export default bench;
