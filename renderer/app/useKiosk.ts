// The kiosk's live state as React sees it: the API handle, the last KioskState, whether the core answers.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { KioskApi } from '../../main/api/contract.ts';
import type { KioskState } from '../../main/api/state.ts';

type Connectable = KioskApi & { connected?: () => boolean; onConnection?: (cb: (up: boolean) => void) => () => void };

const RETRY_MS = 1500;

export interface KioskConnection {
  state: KioskState | null;
  /** the core answered getState and the transport is up */
  ready: boolean;
  setState(s: KioskState): void;
  refresh(): Promise<void>;
}

export function useKiosk(api: KioskApi): KioskConnection {
  const [state, setState] = useState<KioskState | null>(null);
  const [up, setUp] = useState(true);
  const alive = useRef(true);
  const loadRef = useRef<() => Promise<void>>(async () => {});

  useEffect(() => {
    alive.current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async (): Promise<void> => {
      clearTimeout(timer);
      try {
        const s = await api.call('getState', {});
        if (alive.current) setState(s);
      } catch {
        // The core may still be starting: keep asking, quietly.
        if (alive.current) timer = setTimeout(() => void load(), RETRY_MS);
      }
    };
    loadRef.current = load;
    void load();
    const offState = api.on('state', (s) => { if (alive.current) setState(s); });
    const offDevices = api.on('devices', (devices) => {
      if (alive.current) setState((prev) => (prev ? { ...prev, devices } : prev));
    });
    const c = api as Connectable;
    let offConn: (() => void) | undefined;
    if (typeof c.onConnection === 'function') {
      setUp(c.connected?.() ?? true);
      offConn = c.onConnection((isUp) => {
        if (!alive.current) return;
        setUp(isUp);
        if (isUp) void load();
      });
    }
    return () => {
      alive.current = false;
      clearTimeout(timer);
      offState();
      offDevices();
      offConn?.();
    };
  }, [api]);

  // stable across renders: components key effects on it
  const refresh = useCallback(() => loadRef.current(), []);
  return { state, ready: state !== null && up, setState, refresh };
}
