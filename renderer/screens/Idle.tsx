// Idle / ready: venue name in both languages, the venue QR, the prompt, and a quiet status line. Drifts slowly.
import { useContext, useEffect, useState, type ReactNode } from 'react';
import type { KioskState } from '../../main/api/state.ts';
import { Bi, OrderContext, biText } from '../components/Bi.tsx';
import { VenueQr } from '../components/VenueQr.tsx';
import { DRIFT_STEP_MS, driftOffset } from '../logic/drift.ts';
import { ageParts } from '../logic/age.ts';
import { fixedT, orderedLangs } from '../i18n/index.ts';
import { hkTime } from '../logic/hk-time.ts';
import { faultKey } from '../logic/fault-keys.ts';

interface Props {
  state: KioskState;
  onOperator(): void;
  onStartGroup(): void;
}

function useDrift(): { x: number; y: number } {
  const [off, setOff] = useState(() => driftOffset(Date.now()));
  useEffect(() => {
    const t = setInterval(() => setOff(driftOffset(Date.now())), DRIFT_STEP_MS);
    return () => clearInterval(t);
  }, []);
  return off;
}

export function StatusLine({ state }: { state: KioskState }): ReactNode {
  const order = useContext(OrderContext);
  // the keyboard wedge is this window listening for keys, not a scanner known to be plugged in
  const scanners = state.devices.filter((d) => d.kind !== 'relay' && d.kind !== 'wedge' && d.state === 'connected').length;
  const list = state.statusList;
  let listKey: string;
  let listOpts: Record<string, unknown> | undefined;
  if (!list.loaded) listKey = 'idle.colourListMissing';
  else if (list.stale) listKey = 'idle.colourListStale';
  else {
    const { unit, n } = ageParts(list.ageSeconds ?? 0);
    const [a, b] = orderedLangs(order);
    listKey = 'idle.colourListAge';
    // the age unit differs per language, so compose each language separately
    return (
      <div className="status-line" data-testid="status-line">
        <span className="status-item">{scanners > 0 ? <Bi k="idle.scannersConnected" opts={{ count: scanners }} /> : <Bi k="idle.noScanners" />}</span>
        <span className="status-item">
          <span className="bi">
            <span className="bi-first">{fixedT(a)(listKey, { age: fixedT(a)(`age.${unit}`, { n }) })}</span>
            <span className="bi-second">{fixedT(b)(listKey, { age: fixedT(b)(`age.${unit}`, { n }) })}</span>
          </span>
        </span>
      </div>
    );
  }
  return (
    <div className="status-line" data-testid="status-line">
      <span className="status-item">{scanners > 0 ? <Bi k="idle.scannersConnected" opts={{ count: scanners }} /> : <Bi k="idle.noScanners" />}</span>
      <span className={`status-item ${list.stale || !list.loaded ? 'status-warn' : ''}`}><Bi k={listKey} opts={listOpts} /></span>
    </div>
  );
}

export function Idle({ state, onOperator, onStartGroup }: Props): ReactNode {
  const order = useContext(OrderContext);
  const off = useDrift();
  const [first] = orderedLangs(order);
  const venueFirst = first === 'en' ? state.venue.nameEn : state.venue.nameZh;
  const venueSecond = first === 'en' ? state.venue.nameZh : state.venue.nameEn;
  const attention = state.attention ?? [];
  // long names get a smaller type so that two or three lines still leave room for the QR code and the prompt
  const long = Math.max(state.venue.nameZh.length * 2, state.venue.nameEn.length) > 56 ? 'venue-long' : '';
  return (
    <div className="screen idle" data-screen="idle">
      <div className="drift" style={{ transform: `translate(${off.x}px, ${off.y}px)`, transitionDuration: `${DRIFT_STEP_MS}ms` }}>
        <header className="venue">
          <h1 className={`venue-name ${long}`}>
            <span className="venue-first" lang={first === 'en' ? 'en' : 'zh-Hant-HK'} data-testid="venue-first">{venueFirst}</span>
            <span className="venue-second" lang={first === 'en' ? 'zh-Hant-HK' : 'en'} data-testid="venue-second">{venueSecond}</span>
          </h1>
        </header>
        <div className="idle-body">
          <figure className="venue-qr-box">
            <VenueQr code={state.venue.code} label={biText('idle.venueQr', order)} />
            <figcaption><Bi k="idle.scanVenue" /></figcaption>
          </figure>
          <div className="prompt">
            <PassIcon />
            <Bi k="idle.prompt" as="p" className="prompt-text" />
          </div>
        </div>
      </div>
      <footer className="idle-footer">
        {(state.demoTrust || state.venue.demo) && <span className="demo-badge" title={biText('app.demoLong', order)}><Bi k="app.demo" /></span>}
        <StatusLine state={state} />
        {(state.faults.length > 0 || attention.length > 0) && (
          <div className="fault-line" role="alert" data-testid="needs-attention">
            <Bi k="idle.attention" className="fault-label" />
            <ul>
              {attention.map((a, i) => (
                <Bi key={`${a.key}-${a.scanner ?? i}`} as="li" className="attention-item"
                  k={a.key === 'scannerDisconnected' && !a.at ? 'idle.attentionItems.scannerDisconnectedNoTime' : `idle.attentionItems.${a.key}`}
                  opts={{ scanner: a.scanner, time: hkTime(a.at) }} />
              ))}
              {/* faults in both languages, each with what to do */}
              {state.faults.map((f) => {
                const k = faultKey(f);
                return <Bi key={f} as="li" className="attention-item" k={k.key} opts={k.opts} />;
              })}
            </ul>
          </div>
        )}
        <div className="idle-actions">
          <button type="button" className="quiet-btn" onClick={onStartGroup} data-testid="start-group">
            <Bi k="idle.startGroup" opts={{ max: state.group.max || 9 }} />
          </button>
          <button type="button" className="quiet-btn" onClick={onOperator} data-testid="open-operator">
            <Bi k="idle.operator" />
          </button>
        </div>
      </footer>
    </div>
  );
}

function PassIcon(): ReactNode {
  return (
    <svg className="prompt-icon" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect x="16" y="4" width="32" height="56" rx="5" fill="none" stroke="currentColor" strokeWidth="3" />
      <rect x="22" y="14" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="2.5" />
      <rect x="26" y="18" width="5" height="5" fill="currentColor" />
      <rect x="33" y="25" width="5" height="5" fill="currentColor" />
      <rect x="26" y="27" width="4" height="4" fill="currentColor" />
      <line x1="26" y1="44" x2="38" y2="44" stroke="currentColor" strokeWidth="2.5" />
    </svg>
  );
}
