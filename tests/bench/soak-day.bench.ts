// A guard's day in every `npm run bench`: the page soak (tests/bench/soak/page.ts) with 5,000 distinct passes
// through the WebSocket, the screen open in Chromium, counts on disk. The full 200,000-scan soak takes hours on
// this machine and runs when named: `npm run bench -- soak page` (or `soak page N`).
import type { Bench } from './harness.ts';
import { pageSoak } from './soak/page.ts';

const bench: Bench = {
  name: 'soak-day',
  run: (h) => pageSoak(h, h.quick ? 1_000 : 5_000),
};
export default bench;
