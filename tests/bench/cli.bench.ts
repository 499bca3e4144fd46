// `kiosk verify TEXT`, process start to exit (the built dist/main/cli.mjs, as an operator runs it), interleaved
// run by run with the floor: `node -e 0`, a Node process that does nothing.
import { spawnSync } from 'node:child_process';
import { makeVac } from '../fixtures/hk/sign.ts';
import { summarise, type Bench } from './harness.ts';

const bench: Bench = {
  name: 'cli',
  async run(h) {
    const pass = makeVac({ reference: 'DEMO0000000090' });
    const n = h.quick ? 3 : 30;
    const ours: number[] = [];
    const floor: number[] = [];
    const run = (args: string[]): number => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const ms = performance.now() - t0;
      if (r.status !== 0) throw new Error(`${args.join(' ').slice(0, 80)} exited ${r.status}: ${r.stderr.toString().slice(0, 300)}`);
      return ms;
    };
    run(['dist/main/cli.mjs', 'verify', pass]); // warm the file cache, as any second run would be
    for (let i = 0; i < n; i++) {
      ours.push(run(['dist/main/cli.mjs', 'verify', pass]));
      floor.push(run(['-e', '0']));
    }
    const o = summarise(ours);
    const f = summarise(floor);
    h.report({ label: 'kiosk verify TEXT, start to exit', unit: 'ms', median: o.median, p95: o.p95, p99: o.p99, target: 'median < 150 ms', met: o.median < 150 });
    h.report({ label: 'floor: node -e 0, start to exit', unit: 'ms', median: f.median, p95: f.p95, p99: f.p99 });
    h.report({ label: 'kiosk verify TEXT above the floor', unit: 'ms', value: o.median - f.median });
  },
};
export default bench;
