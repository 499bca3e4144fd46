// Child process for crash.test.ts: counts verdicts as fast as it can until it is killed. argv[3] 'sync': each
// increment written before record() returns, '+' reported after each. 'group' (the kiosk's default): '+' after
// each record(), and 'c' each time the store has nothing left unwritten (everything before it is on disk).
import { writeSync } from 'node:fs';
import { openStatsStore } from '../../main/stats/index.ts';

/** stdout may be a non-blocking pipe once the event loop runs: retry until the byte is out */
function put(text: string): void {
  for (;;) {
    try {
      writeSync(1, text);
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== 'EAGAIN') throw e;
    }
  }
}

const mode = process.argv[3] === 'group' ? 'group' : 'sync';
const store = openStatsStore({ dataDir: process.argv[2]!, retryMs: 60_000, commitMs: mode === 'sync' ? 0 : 100 });
if (mode === 'sync') {
  for (;;) {
    store.record({ outcome: 'valid', credential: 'hk-vac', source: 'hid-pos', at: Date.now() });
    put('+');
  }
} else {
  let held = false;
  const step = (): void => {
    for (let i = 0; i < 20; i++) {
      store.record({ outcome: 'valid', credential: 'hk-vac', source: 'hid-pos', at: Date.now() });
      put('+');
    }
    held = true;
    // the event loop turns (the group commit's timer runs between these steps)
    setImmediate(() => {
      if (held && store.pending() === 0) put('c');
      step();
    });
  };
  step();
}
