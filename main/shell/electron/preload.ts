// The preload exposes exactly the kiosk API to the sandboxed renderer, and checks every message both ways.
import { contextBridge, ipcRenderer } from 'electron';
import { decodeEvent, decodeResult } from '../../api/dispatch.ts';
import { requests, type EventData, type EventName, type KioskApi, type Method, type Params, type ResponseEnvelope, type Result } from '../../api/contract.ts';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels.ts';

let nextId = 1;
const listeners = new Map<string, Set<(d: unknown) => void>>();

ipcRenderer.on(EVENT_CHANNEL, (_e, raw: unknown) => {
  const env = decodeEvent(raw);
  if (!env) return; // malformed events never reach the page
  for (const l of listeners.get(env.event) ?? []) l(env.data);
});

const api: KioskApi = {
  async call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
    if (!Object.hasOwn(requests, method)) throw new Error(`unknown method ${String(method)}`);
    const checked = requests[method].params.safeParse(params);
    if (!checked.success) throw new Error(`invalid params for ${method}`);
    const resp = (await ipcRenderer.invoke(CALL_CHANNEL, { id: nextId++, method, params: checked.data })) as ResponseEnvelope;
    return decodeResult(method, resp);
  },
  on<E extends EventName>(event: E, listener: (data: EventData<E>) => void): () => void {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    const l = listener as (d: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  },
};

contextBridge.exposeInMainWorld('kiosk', api);
