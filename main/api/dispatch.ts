// Checks every message crossing the renderer boundary, in both directions. An invalid message is refused
// with an error and never reaches the core; a result that fails its own schema is a bug and is not sent.
import {
  events, OPERATOR_ONLY, RequestEnvelope, requests,
  type EventData, type EventEnvelope, type EventName, type Method, type Params, type ResponseEnvelope, type Result,
} from './contract.ts';

export type Handlers = { [M in Method]: (params: Result<M> extends never ? never : Params<M>) => Promise<Result<M>> | Result<M> };

export interface DispatchContext {
  /** whether the caller's session has an operator logged in */
  isOperator(): boolean;
}

/** Largest message either transport accepts; a pass is at most a few KB. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

function issues(err: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return err.issues.slice(0, 5).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}

export async function dispatch(raw: unknown, handlers: Handlers, ctx: DispatchContext): Promise<ResponseEnvelope> {
  const env = RequestEnvelope.safeParse(raw);
  const id = env.success ? env.data.id : typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
  if (!env.success) return { id, ok: false, error: { code: 'bad-request', message: `malformed envelope: ${issues(env.error)}` } };
  const method = env.data.method;
  if (!Object.hasOwn(requests, method)) return { id, ok: false, error: { code: 'unknown-method', message: `unknown method ${method.slice(0, 64)}` } };
  const m = method as Method;
  const spec = requests[m];
  const params = spec.params.safeParse(env.data.params ?? {});
  if (!params.success) return { id, ok: false, error: { code: 'bad-request', message: `invalid params for ${m}: ${issues(params.error)}` } };
  if (OPERATOR_ONLY.has(m) && !ctx.isOperator()) return { id, ok: false, error: { code: 'forbidden', message: `${m} needs the operator PIN` } };
  try {
    const handler = handlers[m] as (p: unknown) => Promise<unknown> | unknown;
    const result = await handler(params.data);
    const checked = spec.result.safeParse(result);
    if (!checked.success) return { id, ok: false, error: { code: 'internal', message: `result of ${m} failed its schema: ${issues(checked.error)}` } };
    return { id, ok: true, result: checked.data };
  } catch (e) {
    return { id, ok: false, error: { code: 'internal', message: e instanceof Error ? e.message.slice(0, 500) : 'internal error' } };
  }
}

/**
 * Whether the core's outgoing events are checked against their schemas: under the test runner (every test, so a
 * core bug fails a test) or with KIOSK_CHECK_EVENTS=1. In the running kiosk they are not: the core is trusted
 * code, its events are typed, and a zod parse of each verdict on the scan path was measurable (it was done twice,
 * here and in the Electron preload, which still checks what reaches the page).
 */
export const CHECK_EVENTS = typeof process !== 'undefined' && Boolean(process.env?.VITEST || process.env?.KIOSK_CHECK_EVENTS === '1');

/** Same keys and values, whatever the key order (zod rebuilds objects in its schema's order). */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * An outgoing event of the core. With CHECK_EVENTS: validated, and a field the schema does not know (which zod
 * would drop silently) is a core bug too; either throws, so that a malformed event fails the test that caused it.
 */
export function encodeEvent<E extends EventName>(event: E, data: EventData<E>): EventEnvelope {
  if (!CHECK_EVENTS) return { event, data } as EventEnvelope;
  const checked = events[event].safeParse(data);
  if (!checked.success) throw new Error(`event ${event} failed its schema: ${issues(checked.error)}`);
  if (!sameData(checked.data, data)) throw new Error(`event ${event} carries fields its schema does not have`);
  return { event, data: checked.data };
}

/** Validates an incoming event on the client side (preload); returns null for anything malformed. */
export function decodeEvent(raw: unknown): EventEnvelope | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { event, data } = raw as { event?: unknown; data?: unknown };
  if (typeof event !== 'string' || !Object.hasOwn(events, event)) return null;
  const checked = events[event as EventName].safeParse(data);
  return checked.success ? { event: event as EventName, data: checked.data } : null;
}

/** Validates a response on the client side against the method's result schema. */
export function decodeResult<M extends Method>(method: M, resp: ResponseEnvelope): Result<M> {
  if (!resp.ok) throw new Error(`${resp.error.code}: ${resp.error.message}`);
  const checked = requests[method].result.safeParse(resp.result);
  if (!checked.success) throw new Error(`response to ${method} failed its schema: ${issues(checked.error)}`);
  return checked.data as Result<M>;
}
