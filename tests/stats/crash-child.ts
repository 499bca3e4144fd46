// Child process for crash.test.ts: counts verdicts as fast as it can and reports each one after record()
// returned, until it is killed.
import { writeSync } from 'node:fs';
import { openStatsStore } from '../../main/stats/index.ts';

const store = openStatsStore({ dataDir: process.argv[2]!, retryMs: 60_000 });
for (;;) {
  store.record({ outcome: 'valid', credential: 'hk-vac', source: 'hid-pos', at: Date.now() });
  writeSync(1, '+');
}
