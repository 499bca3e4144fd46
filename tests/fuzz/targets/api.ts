// Messages from the renderer (Electron IPC or the standalone WebSocket) are untrusted. Properties: dispatch()
// resolves to a well-formed response for any value; a handler only ever sees params that pass its schema;
// operator-only handlers are never reached without the operator.
import fc from 'fast-check';
import { OPERATOR_ONLY, requests, type Method } from '../../../main/api/contract.ts';
import { dispatch, type Handlers } from '../../../main/api/dispatch.ts';
import { bounded } from '../support.ts';
import type { FuzzTarget } from './types.ts';

const METHODS = Object.keys(requests) as Method[];
const CODES = new Set(['bad-request', 'unknown-method', 'forbidden', 'internal']);

/** Handlers that record what reached them and then fail (results are the core's business, not the dispatcher's). */
function recordingHandlers(calls: { method: Method; params: unknown }[]): Handlers {
  return Object.fromEntries(METHODS.map((m) => [m, (params: unknown) => {
    calls.push({ method: m, params });
    throw new Error('handler reached');
  }])) as unknown as Handlers;
}

const params = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.record({ text: fc.string({ maxLength: 40 }), source: fc.constantFrom('camera', 'wedge', 'manual', 'serial', 'hid-pos'), deviceId: fc.string({ maxLength: 10 }) }, { requiredKeys: [] }),
  fc.record({ pin: fc.oneof(fc.string({ maxLength: 14 }), fc.stringMatching(/^[0-9]{4,12}$/)) }),
  fc.record({ patch: fc.dictionary(fc.constantFrom('volume', 'muted', 'verdictSeconds', 'ruleProfile', 'camera', '__proto__'), fc.jsonValue({ maxDepth: 2 })) }),
  fc.record({ granularity: fc.constantFrom('hour', 'day', 'week'), from: fc.string({ maxLength: 12 }) }, { requiredKeys: [] }),
  fc.record({ code: fc.string({ maxLength: 40 }), size: fc.constantFrom('a4', 'a5', 'a3') }, { requiredKeys: [] }),
);

const raw = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.record({
    id: fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.string({ maxLength: 4 })),
    method: fc.oneof(fc.constantFrom(...METHODS), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty'), fc.string({ maxLength: 70 })),
    params,
    extra: fc.anything({ maxDepth: 1 }),
  }, { requiredKeys: ['method'] }),
  fc.json({ maxDepth: 3 }).map((t) => JSON.parse(t) as unknown),
);

export const apiTargets: FuzzTarget[] = [
  {
    name: 'API: dispatch of arbitrary raw messages',
    runs: 3000,
    async run(p) {
      await fc.assert(fc.asyncProperty(raw, fc.boolean(), async (msg, operator) => {
        const calls: { method: Method; params: unknown }[] = [];
        const resp = await bounded('dispatch', () => dispatch(msg, recordingHandlers(calls), { isOperator: () => operator }));
        if (typeof resp !== 'object' || resp === null || typeof resp.id !== 'number' || typeof resp.ok !== 'boolean') throw new Error('malformed response');
        if (!resp.ok && (!CODES.has(resp.error.code) || typeof resp.error.message !== 'string' || resp.error.message.length > 2000)) throw new Error('malformed error');
        for (const c of calls) {
          if (!requests[c.method].params.safeParse(c.params).success) throw new Error(`${c.method} received params that fail its schema`);
          if (OPERATOR_ONLY.has(c.method) && !operator) throw new Error(`${c.method} reached without the operator`);
        }
        if (calls.length > 1) throw new Error('one message reached more than one handler');
      }), p);
    },
  },
];
