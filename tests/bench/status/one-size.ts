// One status-list size. `build N FILE` builds and signs a list of N entries (authority side, once) into FILE;
// `load FILE N [loads] [rounds] [--pure]`, in a process of its own so that its peak RSS is the kiosk's alone,
// reads the file and loads it the way the kiosk does (size cap, schema, signature, base64, SHA-256 of the entries,
// index), then looks people up in it. Prints one JSON line of figures. Run by tests/bench/status.bench.ts.
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildStatusList, type BuildEntry } from '../../../main/status/build.ts';
import { statusListLimits } from '../../../main/status/limits.ts';
import { nodeSha256, nodeVerifier } from '../../../main/status/node-crypto.ts';
import { readTextCapped } from '../../../main/status/store.ts';
import { entriesFor, evaluateEntries, lookupInList } from '../../../main/verify/status/evaluate.ts';
import { loadStatusList, type StatusList } from '../../../main/verify/status/format.ts';
import { identityHashes } from '../../../main/verify/status/identity.ts';
import type { CredentialIdentity } from '../../../main/verify/types.ts';
import { loadTrustStoreText } from '../../../main/verify/trust/load.ts';
import { demoKeys, demoTrustPath } from '../../fixtures/hk/sign.ts';
import { summarise, time } from '../harness.ts';

const [mode, a1, a2, a3, a4] = process.argv.slice(2);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
}
/** JS heap plus memory outside it (typed-array backing stores are counted in `external`). */
const retained = () => { const m = process.memoryUsage(); return m.heapUsed + m.external; };

const trustResult = loadTrustStoreText(readFileSync(demoTrustPath, 'utf8'));
if (!trustResult.ok) throw new Error(trustResult.error);
const trust = trustResult.store;

// one known person (so that lookups hit), the rest random hashes; a red/amber/revoked mix
const known: CredentialIdentity = { family: 'hk', recordType: 'VAC', maskedId: '****456(7)', maskedName: 'CHAN T** M**', dob: '15-03-1985', reference: 'DEMO-REF-0001' };
const absent: CredentialIdentity = { ...known, maskedName: 'WONG K** L**', reference: 'DEMO-REF-0002' };
if (mode === 'build') {
  const N = Number(a1);
  const pool = randomBytes(16 * N);
  const entries: BuildEntry[] = new Array(N);
  const kinds = ['red', 'amber', 'revoked'] as const;
  const day = Math.floor(Date.parse('2022-09-20T00:00:00Z') / 86_400_000);
  for (let i = 0; i < N; i++) {
    const kind = kinds[i % 3]!;
    entries[i] = { hash: pool.subarray(16 * i, 16 * i + 16), kind, from: 0, until: kind === 'amber' ? day : 0 };
  }
  entries[0] = { hash: identityHashes(known)[0]!.hash, kind: 'red', from: 0, until: 0 };
  const t0 = performance.now();
  const built = buildStatusList({
    key: demoKeys.status, authority: 'demo-status', issuer: 'bench', listId: 'bench', version: 1,
    issuedAt: '2022-09-01T00:00:00Z', expiresAt: '2022-12-31T00:00:00Z', entries,
  });
  const buildMs = performance.now() - t0;
  writeFileSync(a2!, built);
  process.stdout.write(JSON.stringify({ buildMs }) + '\n');
  process.exit(0);
}
const file = a1!;
const N = Number(a2);
const loads = Number(a3 ?? 3);
const lookupRounds = Number(a4 ?? 300);
const withPure = process.argv.includes('--pure');
const rssAtStart = process.memoryUsage().rss;
let rssPeak = rssAtStart;
const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, process.memoryUsage().rss); }, 2);
// the caps a kiosk needs for this list: the settings, in whole MiB
const maxListMiB = Math.ceil(statSync(file).size / (1024 * 1024));
const limits = statusListLimits({ maxListMiB, maxEntries: Math.max(1000, N) });
const opts = { maxBytes: limits.maxListBytes, maxEntries: limits.maxEntries, sha256: nodeSha256 };
const read = await readTextCapped(file, limits.maxListBytes);
if (!read.ok) throw new Error(`cannot read the list: ${read.error}`);
const text = read.text;
const fileBytes = Buffer.byteLength(text);
const loadOnce = async (pure = false): Promise<StatusList> => {
  const r = await loadStatusList(text, trust, nodeVerifier, pure ? { maxBytes: opts.maxBytes, maxEntries: opts.maxEntries } : opts);
  if (!r.ok) throw new Error(`load failed: ${r.error} ${r.detail ?? ''}`);
  return r.list;
};

// the first load: the kiosk's start with this list (file read above); RSS sampled every 2 ms from the process start
await loadOnce();
clearInterval(sampler);
rssPeak = Math.max(rssPeak, process.memoryUsage().rss);

// memory: what dropping the list frees, after full GCs (the list text stays held); in a function of its own so that
// no suspended frame keeps a reference to the list
async function measureHeld(): Promise<number> {
  let list: StatusList | null = await loadOnce();
  await settle();
  const withList = retained();
  list = null;
  await settle();
  void list;
  return withList - retained();
}
await settle();
const heldBytes = await measureHeld();

const load = await time(() => loadOnce(), { iterations: loads, warmup: 1 });
const pure = withPure ? await time(() => loadOnce(true), { iterations: 1, warmup: 0 }) : null;
const loaded = await loadOnce();
const now = new Date('2022-10-01T00:00:00Z');
if (lookupInList(loaded, known, now).colour.value !== 'red') throw new Error('bench list does not answer red for the known person');
// lookups timed in batches of 1000: one is below the timer's resolution
const batch = 1000;
const per = (s: { median: number; p95: number; p99: number }) => ({ median: (s.median * 1000) / batch, p95: (s.p95 * 1000) / batch, p99: (s.p99 * 1000) / batch });
const hit = per(await time(() => { for (let i = 0; i < batch; i++) lookupInList(loaded, known, now); }, { iterations: lookupRounds, warmup: 20 }));
const miss = per(await time(() => { for (let i = 0; i < batch; i++) lookupInList(loaded, absent, now); }, { iterations: lookupRounds, warmup: 20 }));
const listedHashes = identityHashes(known).map((x) => x.hash);
const byHash = per(await time(() => { for (let i = 0; i < batch; i++) evaluateEntries(entriesFor(loaded.table, listedHashes), now.getTime()); }, { iterations: lookupRounds, warmup: 20 }));
// the search alone over random probes, so that it walks the whole depth of the table
const probes = Array.from({ length: batch }, () => new Uint8Array(randomBytes(16)));
const search = per(await time(() => { for (let i = 0; i < batch; i++) loaded.table.range(probes[i]!); }, { iterations: lookupRounds, warmup: 20 }));

process.stdout.write(JSON.stringify({
  n: N, fileBytes, maxListMiB, indexBytes: loaded.table.byteSize, heldBytes, rssAtStart, rssPeak, rssEnd: process.memoryUsage().rss,
  load: summarise(load.samples), pure: pure ? pure.median : null, hit, miss, byHash, search,
}, (k, v) => (k === 'samples' ? undefined : v)) + '\n');
