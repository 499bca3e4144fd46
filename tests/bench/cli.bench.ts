// `kiosk verify TEXT`, process start to exit, as an operator runs it (dist/main/kiosk, the package's bin: the
// launcher and Node started from the verify snapshot), beside the plain dist/main/cli.mjs, interleaved run by run
// with the floor: `node -e 0`, a Node process that does nothing. Wall time is what the operator waits
// for; CPU time (user + system, from GNU time when installed) is what the process itself costs, and stays
// readable on a loaded machine where wall time is mostly other processes' time slices. The launcher starts
// `verify` without NODE_EXTRA_CA_CERTS (verify makes no TLS connection; set, Node parses that whole file at every
// start): so the plain cli.mjs rows run as the launcher would run them, and the floor is reported both ways.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { makeVac } from '../fixtures/hk/sign.ts';
import { dccVectors } from '../fuzz/support.ts';
import { summarise, type Bench } from './harness.ts';

const GNU_TIME = '/usr/bin/time';

const bench: Bench = {
  name: 'cli',
  async run(h) {
    const hk = makeVac({ reference: 'DEMO0000000090' });
    const dcc = dccVectors()[0]!.prefix;
    const n = h.quick ? 3 : 40;
    const withTime = existsSync(GNU_TIME);
    const asLauncher = { ...process.env };
    delete asLauncher.NODE_EXTRA_CA_CERTS;
    const caCerts = process.env.NODE_EXTRA_CA_CERTS !== undefined;
    const run = ([cmd, ...args]: string[], env: NodeJS.ProcessEnv): { wall: number; cpu: number } => {
      const argv = withTime ? ['-f', '@@%U %S', cmd!, ...args] : args;
      const t0 = performance.now();
      const r = spawnSync(withTime ? GNU_TIME : cmd!, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const wall = performance.now() - t0;
      if (r.status !== 0) throw new Error(`${args.join(' ').slice(0, 80)} exited ${r.status}: ${r.stderr.toString().slice(0, 300)}`);
      const m = /@@([\d.]+) ([\d.]+)/.exec(r.stderr.toString());
      return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN };
    };
    const noCa = caCerts ? ' (NODE_EXTRA_CA_CERTS unset, as the launcher runs verify)' : '';
    const FLOOR = `floor: node -e 0${noCa}`;
    const kinds: Record<string, { argv: string[]; env: NodeJS.ProcessEnv }> = {
      'kiosk verify TEXT (HK VAC)': { argv: ['dist/main/kiosk', 'verify', hk], env: process.env },
      'kiosk verify TEXT (EU DCC)': { argv: ['dist/main/kiosk', 'verify', dcc], env: process.env },
      [`without the snapshot: node dist/main/cli.mjs verify TEXT (HK VAC)${noCa}`]: { argv: [process.execPath, 'dist/main/cli.mjs', 'verify', hk], env: asLauncher },
      [`without the snapshot: node dist/main/cli.mjs verify TEXT (EU DCC)${noCa}`]: { argv: [process.execPath, 'dist/main/cli.mjs', 'verify', dcc], env: asLauncher },
      [FLOOR]: { argv: [process.execPath, '-e', '0'], env: asLauncher },
      ...(caCerts ? { 'floor: node -e 0 with this environment\'s NODE_EXTRA_CA_CERTS': { argv: [process.execPath, '-e', '0'], env: process.env } } : {}),
    };
    const names = Object.keys(kinds);
    for (const k of names) run(kinds[k]!.argv, kinds[k]!.env); // warm the file cache, as any second run would be
    const wall: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
    const cpu: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
    const load0 = loadavg()[0]!;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < names.length; j++) {
        const k = names[(i + j) % names.length]!; // order rotates each round
        const r = run(kinds[k]!.argv, kinds[k]!.env);
        wall[k]!.push(r.wall);
        cpu[k]!.push(r.cpu);
      }
    }
    const load = `load ${load0.toFixed(1)}-${loadavg()[0]!.toFixed(1)}`;
    const floor = summarise(wall[FLOOR]!);
    for (const k of names) {
      const w = summarise(wall[k]!);
      const isFloor = k.startsWith('floor');
      h.report({
        label: `${k}, start to exit (${n} runs, ${load})`, unit: 'ms', median: w.median, p95: w.p95, p99: w.p99,
        ...(k.startsWith('kiosk verify') ? { target: 'median < 150 ms', met: w.median < 150 } : {}),
      });
      if (withTime) {
        const c = summarise(cpu[k]!);
        h.report({ label: `${k}, CPU time (user + system)`, unit: 'ms', median: c.median, p95: c.p95, p99: c.p99 });
      }
      if (!isFloor) h.report({ label: `${k} above the floor (median)`, unit: 'ms', value: w.median - floor.median });
    }
  },
};
export default bench;
