// How cheaply the kiosk refuses compression bombs and 1 MB hostile scans (issue 8: under 5 ms each).
// The inputs and the refusals they must get are shared with tests/fuzz/hostile-input.test.ts.
import { dispatch, type Handlers } from '../../main/api/dispatch.ts';
import { verify } from '../../main/verify/index.ts';
import { hostileInputs } from '../fuzz/hostile-inputs.ts';
import { extendedTrust, verifyContext } from '../fuzz/support.ts';
import type { Bench } from './harness.ts';

const bench: Bench = {
  name: 'hostile',
  async run(h) {
    const ctx = verifyContext(extendedTrust(), new Date('2022-12-05T04:00:00Z'));
    for (const x of hostileInputs()) {
      const out = await verify(x.text, ctx);
      if (!out.verdict.reasons.some((r) => x.reason.test(r))) throw new Error(`${x.label}: expected ${x.reason}, got ${out.verdict.reasons.join(',')}`);
      const s = await h.time(() => verify(x.text, ctx), { iterations: h.quick ? 20 : 300, warmup: h.quick ? 5 : 30 });
      h.report({ label: `refuse ${x.label}`, unit: 'ms', median: s.median, p95: s.p95, p99: s.p99, target: 'p95 < 5 ms', met: s.p95 < 5 });
    }
    // the renderer path: a 1 MB scan in an already-parsed message is refused by the params schema
    const msg = { id: 1, method: 'submitScan', params: { text: 'HC1:' + 'A'.repeat(1024 * 1024), source: 'camera' } };
    const handlers = new Proxy({}, { get: () => () => { throw new Error('a handler was reached'); } }) as Handlers;
    const first = await dispatch(msg, handlers, { isOperator: () => false });
    if (first.ok || first.error.code !== 'bad-request') throw new Error('the 1 MB message was not refused as bad-request');
    const s = await h.time(() => dispatch(msg, handlers, { isOperator: () => false }), { iterations: h.quick ? 20 : 300, warmup: h.quick ? 5 : 30 });
    h.report({ label: 'refuse a 1 MB submitScan message (dispatch)', unit: 'ms', median: s.median, p95: s.p95, p99: s.p99, target: 'p95 < 5 ms', met: s.p95 < 5 });
  },
};
export default bench;
