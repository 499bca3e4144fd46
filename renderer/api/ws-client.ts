// The kiosk API over the standalone shell's WebSocket. Same interface as the Electron preload's window.kiosk.
// Validation of every message happens in the core (both directions); here we only route them.
import type { EventData, EventName, KioskApi, Method, Params, Result } from '../../main/api/contract.ts';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> };

const CALL_TIMEOUT_MS = 15_000;

export function createWsClient(url: string): KioskApi & { connected(): boolean; onConnection(cb: (up: boolean) => void): () => void } {
  let ws: WebSocket | null = null;
  let nextId = 1;
  let backoff = 250;
  let up = false;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(d: unknown) => void>>();
  const connListeners = new Set<(up: boolean) => void>();
  const queue: string[] = [];

  const setUp = (v: boolean) => {
    up = v;
    for (const cb of connListeners) cb(v);
  };

  function connect(): void {
    ws = new WebSocket(url);
    ws.onopen = () => {
      backoff = 250;
      setUp(true);
      for (const m of queue.splice(0)) ws?.send(m);
    };
    ws.onmessage = (ev) => {
      let msg: { id?: number; ok?: boolean; result?: unknown; error?: { message: string }; event?: string; data?: unknown };
      try { msg = JSON.parse(String(ev.data)); } catch { return; }
      if (typeof msg.event === 'string') {
        for (const l of listeners.get(msg.event) ?? []) l(msg.data);
        return;
      }
      const p = typeof msg.id === 'number' ? pending.get(msg.id) : undefined;
      if (!p) return;
      pending.delete(msg.id!);
      clearTimeout(p.timer);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new Error(msg.error?.message ?? 'request failed'));
    };
    ws.onclose = () => {
      setUp(false);
      // The core may be restarting: keep trying, never give up on a kiosk.
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 5000);
    };
    ws.onerror = () => ws?.close();
  }
  connect();

  return {
    call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
      const id = nextId++;
      const msg = JSON.stringify({ id, method, params });
      return new Promise<Result<M>>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${method} timed out`));
        }, CALL_TIMEOUT_MS);
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        if (up && ws?.readyState === WebSocket.OPEN) ws.send(msg);
        else queue.push(msg);
      });
    },
    on<E extends EventName>(event: E, listener: (data: EventData<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (d: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    connected: () => up,
    onConnection(cb) {
      connListeners.add(cb);
      return () => connListeners.delete(cb);
    },
  };
}
