// Operator screens, in the operator's language: one section at a time, reachable by keyboard from the nav.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../main/api/contract.ts';
import type { KioskState } from '../../main/api/state.ts';
import { useSettings } from './useSettings.ts';
import { callErrorText } from '../logic/call-errors.ts';
import { Devices } from './sections/Devices.tsx';
import { Colour } from './sections/Colour.tsx';
import { Venue } from './sections/Venue.tsx';
import { Verdicts } from './sections/Verdicts.tsx';
import { ManagedNotice } from '../fleet/ManagedNotice.tsx';
import { Counts } from './sections/Counts.tsx';
import { Poster } from './sections/Poster.tsx';
import { System } from './sections/System.tsx';
import { Pin } from './sections/Pin.tsx';

export const SECTIONS = ['devices', 'colour', 'venue', 'verdicts', 'pin', 'counts', 'poster', 'system'] as const;
export type Section = (typeof SECTIONS)[number];

interface Props {
  api: KioskApi;
  state: KioskState;
  onLeave(): void;
  onStateStale(): void;
  initialSection?: Section;
}

export function Operator({ api, state, onLeave, onStateStale, initialSection = 'devices' }: Props): ReactNode {
  const { t } = useTranslation();
  const [section, setSection] = useState<Section>(initialSection);
  const { settings, status, save } = useSettings(api, state.settings);

  // Saved settings change the kiosk state (language order, timing): ask the core for the fresh state, once per
  // save. Keyed on the status object alone (a new one per answer): keyed on the callback or the settings, every
  // re-render the fresh state causes would ask again, flooding the core with getState.
  const stale = useRef(onStateStale);
  stale.current = onStateStale;
  useEffect(() => { if (status.kind === 'saved') stale.current(); }, [status]);

  const savePatch = (p: Parameters<typeof save>[0]) => void save(p);
  return (
    <div className="screen operator" data-screen="operator" data-section={section}>
      <div className="op-head">
        <h1>{t('op.title')}</h1>
        <p role="status" className={status.kind === 'error' ? 'msg-error' : 'msg-ok'} data-testid="save-status">
          {status.kind === 'saved' ? t('op.saved') : status.kind === 'error' ? callErrorText(t, status.message) : ''}
        </p>
        <button type="button" className="btn btn-secondary" onClick={onLeave} data-testid="operator-leave">{t('op.back')}</button>
      </div>
      <div className="op-layout">
        <nav className="op-nav" aria-label={t('op.nav')}>
          <ul>
            {SECTIONS.map((s) => (
              <li key={s}>
                <button type="button" aria-current={section === s ? 'page' : undefined} onClick={() => setSection(s)} data-testid={`tab-${s}`}>
                  {t(`op.tabs.${s}`)}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="op-section">
          <ManagedNotice fleet={state.fleet} />
          {section === 'devices' && <Devices api={api} devices={state.devices} settings={settings} save={savePatch} />}
          {section === 'colour' && <Colour api={api} shell={state.shell} info={state.statusList} attention={state.attention ?? []} settings={settings} save={savePatch} />}
          {section === 'venue' && <Venue api={api} venue={state.venue} onChanged={onStateStale} />}
          {section === 'verdicts' && <Verdicts api={api} settings={settings} save={savePatch} />}
          {section === 'pin' && <Pin api={api} demoPin={(state.attention ?? []).some((a) => a.key === 'demoPin')} />}
          {section === 'counts' && <Counts api={api} />}
          {section === 'poster' && <Poster api={api} {...(settings.printer ? { defaultPrinter: settings.printer } : {})} />}
          {section === 'system' && <System api={api} state={state} />}
        </div>
      </div>
    </div>
  );
}
