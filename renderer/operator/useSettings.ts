// Operator settings: loaded once, saved patch by patch (the core validates; the answer is the new truth).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { KioskApi } from '../../main/api/contract.ts';
import type { Settings, SettingsPatch } from '../../main/api/state.ts';

export type SaveStatus = { kind: 'idle' } | { kind: 'saved' } | { kind: 'error'; message: string };

export function useSettings(api: KioskApi, initial: Settings): {
  settings: Settings;
  status: SaveStatus;
  save(patch: SettingsPatch): Promise<void>;
} {
  const [settings, setSettings] = useState<Settings>(initial);
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  // Quick successive changes (a blur save, then a radio) answer in order, but only the latest answer may
  // replace what the operator sees, or an older answer would briefly undo the newer choice.
  const latest = useRef(0);
  const inFlight = useRef(0);

  // Settings changed elsewhere (another screen, the core) arrive with the pushed state: follow them, except while
  // a save of ours is under way (its answer is newer than any state pushed before it).
  useEffect(() => {
    if (inFlight.current === 0) setSettings((s) => (JSON.stringify(s) === JSON.stringify(initial) ? s : initial));
  }, [initial]);

  useEffect(() => {
    let alive = true;
    api.call('getSettings', {}).then((s) => { if (alive) setSettings(s); }, () => {});
    return () => { alive = false; };
  }, [api]);

  const save = useCallback(async (patch: SettingsPatch) => {
    // Show the choice at once (controls stay responsive); the core's answer, or the old value on error, follows.
    const mine = ++latest.current;
    inFlight.current++;
    let before: Settings | null = null;
    setSettings((s) => { before = s; return { ...s, ...patch } as Settings; });
    try {
      const next = await api.call('setSettings', { patch });
      if (mine === latest.current) setSettings(next);
      setStatus({ kind: 'saved' });
    } catch (e) {
      if (before && mine === latest.current) setSettings(before);
      setStatus({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    } finally {
      inFlight.current--;
    }
  }, [api]);

  return { settings, status, save };
}
