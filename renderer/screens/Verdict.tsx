// The verdict: full-screen colour + icon + words in both languages, the masked name/ID, reasons, colour warning.
import { useEffect, useState, type ReactNode } from 'react';
import type { VerdictEvent } from '../../main/api/state.ts';
import { Bi } from '../components/Bi.tsx';
import { Icon } from '../components/Icon.tsx';
import { lookOf } from '../logic/outcomes.ts';
import { reasonLines } from '../logic/reasons.ts';

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
  const look = lookOf(v.outcome);
  const colourUnknown = v.colour?.value === 'unknown';
  const colourStale = !colourUnknown && v.colour?.stale === true;
  const lines = reasonLines(v.reasons, { colourBanner: colourUnknown, outcome: look.outcome });
  const left = useCountdown(seconds, event.seq);
  const d = v.display ?? {};
  return (
    <div
      className={`screen verdict o-${look.outcome}`}
      data-screen="verdict"
      data-verdict={look.outcome}
      data-colour={v.colour?.value ?? 'none'}
      role="status"
      aria-live="assertive"
      aria-atomic="true"
      onClick={onDismiss}
    >
      {(demo || v.demo) && <p className="verdict-demo" data-testid="demo-badge"><Bi k="app.demo" /></p>}
      <Icon name={look.icon} className="verdict-icon" />
      <h1 className="verdict-title"><Bi k={`outcome.${look.outcome}.title`} /></h1>
      <Bi as="p" className="verdict-sub" k={`outcome.${look.outcome}.sub`} />
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
