// The verdict: full-screen colour + icon + words in both languages, the masked name/ID, reasons, colour warning.
import { useEffect, useState, type ReactNode } from 'react';
import type { VerdictEvent } from '../../main/api/state.ts';
import { Bi } from '../components/Bi.tsx';
import { Icon } from '../components/Icon.tsx';
import { reasonLines } from '../logic/reasons.ts';
import { verdictView } from '../logic/verdict-view.ts';

interface Props {
  event: VerdictEvent;
  demo: boolean;
  seconds: number;
  onDismiss(): void;
}

function useCountdown(seconds: number, key: number): number {
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    setLeft(seconds);
    const t = setInterval(() => setLeft((n) => Math.max(0, n - 1)), 1000);
    return () => clearInterval(t);
  }, [seconds, key]);
  return left;
}

export function Verdict({ event, demo, seconds, onDismiss }: Props): ReactNode {
  const v = event.verdict;
  const view = verdictView(event);
  const look = view.look;
  const colourUnknown = view.notes.includes('colour-unknown');
  const colourStale = view.notes.includes('colour-stale');
  const lines = reasonLines(v.reasons, { colourBanner: colourUnknown, outcome: look.outcome })
    // the title already says "check it by eye"
    .filter((l) => !(view.checkByEye && l.key === 'reason.hk-record-unchecked'));
  const left = useCountdown(seconds, event.seq);
  const d = v.display ?? {};
  return (
    <div
      className={`screen verdict o-${look.outcome}`}
      data-screen="verdict"
      data-verdict={look.outcome}
      data-seq={event.seq}
      data-colour={v.colour?.value ?? 'none'}
      data-check-by-eye={view.checkByEye ? 'true' : undefined}
      role="status"
      aria-live="assertive"
      aria-atomic="true"
      onClick={onDismiss}
    >
      {(demo || v.demo) && <p className="verdict-demo" data-testid="demo-badge"><Bi k="app.demo" /></p>}
      <Icon name={look.icon} className="verdict-icon" />
      <h1 className="verdict-title"><Bi k={view.titleKey} /></h1>
      <Bi as="p" className="verdict-sub" k={view.subKey} />
      {view.checkByEye && d.recordType && <p className="verdict-record-type" data-testid="record-type">{d.recordType}</p>}
      {view.notes.includes('amber-admitted') && (
        // amber at a passive-checking venue: admitted, and the guard is told the colour
        <p className="verdict-amber-admitted" data-testid="amber-admitted"><Icon name="warning" /><Bi k="verdict.amberAdmitted" /></p>
      )}
      {colourUnknown && (
        // On a refusal the colour no longer matters much: the same words, quieter, so the refusal stays the message.
        <p className={`verdict-warning${look.admits ? '' : ' verdict-warning-quiet'}`} data-testid="colour-unknown"><Icon name="warning" /><Bi k="colourUnknown" /></p>
      )}
      {colourStale && (
        <p className={`verdict-warning${look.admits ? '' : ' verdict-warning-quiet'}`} data-testid="colour-stale"><Icon name="warning" /><Bi k="colourStale" /></p>
      )}
      {lines.length > 0 && (
        <ul className="verdict-reasons" data-testid="reasons">
          {lines.map((l) => <Bi as="li" key={l.key} k={l.key} />)}
        </ul>
      )}
      {(d.name || d.id || d.doses !== undefined || d.validUntil) && (
        <dl className="verdict-person">
          {d.name && <div><dt><Bi k="verdict.name" /></dt><dd data-testid="masked-name">{d.name}</dd></div>}
          {d.id && <div><dt><Bi k="verdict.id" /></dt><dd data-testid="masked-id">{d.id}</dd></div>}
          {d.doses !== undefined && <div><dt><Bi k="verdict.doses" /></dt><dd>{d.doses}</dd></div>}
          {d.validUntil && <div><dt><Bi k="verdict.validUntil" /></dt><dd>{d.validUntil}</dd></div>}
        </dl>
      )}
      <p className="verdict-countdown"><Bi k="verdict.returning" opts={{ n: left }} /></p>
    </div>
  );
}
