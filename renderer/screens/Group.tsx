// Group mode: the latest scan on top, one row per pass (outcome, reason, colour state), "admitted" only when every
// member is, one tap to end (an admitted group opens the door then, once).
import { useContext, type ReactNode } from 'react';
import type { GroupState, VerdictEvent } from '../../main/api/state.ts';
import { Bi, OrderContext, biText } from '../components/Bi.tsx';
import { Icon } from '../components/Icon.tsx';
import { groupView } from '../logic/group.ts';
import { lookOf } from '../logic/outcomes.ts';
import { reasonLines } from '../logic/reasons.ts';
import { groupEntryKey, verdictView } from '../logic/verdict-view.ts';

interface Props {
  group: GroupState;
  latest: VerdictEvent | null;
  demo: boolean;
  onEnd(): void;
}

const COLOUR_KEY = { blue: 'group.colour.blue', red: 'group.colour.red', amber: 'group.colour.amber', unknown: 'group.colour.unknown' } as const;

export function Group({ group, latest, demo, onEnd }: Props): ReactNode {
  const order = useContext(OrderContext);
  const view = groupView(group);
  const summaryLook = view.summary === 'admitted' ? lookOf('valid') : view.summary === 'empty' ? null : lookOf('invalid');
  const latestView = latest ? verdictView(latest) : null;
  const entryKey = groupEntryKey(latest?.groupEntry);
  // a pass the group did not take (full) is a refusal at this door, whatever the pass itself says
  const latestRefused = latest?.groupEntry === 'full' || (latestView !== null && !latestView.look.admits);
  const latestIndex = latest?.groupEntry === 'added' ? view.rows.length : -1;
  return (
    <div className="screen group" data-screen="group" data-group={view.summary} data-members={view.rows.length}>
      <div className="group-head">
        <h1 className="group-title">
          <Bi k="group.title" />
          <span className="group-count"><Bi k="group.count" opts={{ n: view.rows.length, max: group.max }} /></span>
        </h1>
        {demo && <span className="demo-badge"><Bi k="app.demo" /></span>}
        <button type="button" className="big-btn" onClick={onEnd} data-testid="end-group"><Bi k="group.end" /></button>
      </div>
      <section
        className={`group-summary ${summaryLook ? `o-${summaryLook.outcome}` : 'o-pending'}`}
        role="status"
        aria-live="assertive"
        aria-atomic="true"
        data-testid="group-summary"
        data-verdict={latestView?.look.outcome}
        data-entry={latest?.groupEntry}
      >
        {view.summary === 'empty' ? (
          <Bi k="group.empty" />
        ) : (
          <>
            <Icon name={view.summary === 'admitted' ? 'check' : 'cross'} />
            <div>
              <Bi k={view.summary === 'admitted' ? 'group.admitted' : 'group.notAdmitted'} />
              {view.refusedCount > 0 && (
                <p className="group-summary-detail"><Bi k="group.someRefused" opts={{ count: view.refusedCount }} /></p>
              )}
              {view.colourUnchecked && (
                <p className="group-summary-detail group-colour-unchecked" data-testid="group-colour-unknown"><Bi k="colourUnknown" /></p>
              )}
            </div>
          </>
        )}
      </section>
      {latest && (entryKey || latestRefused) && (
        // the latest scan, when the guard must act on it: not added (full), already in, or refused
        <p className={`group-latest ${latestRefused ? 'o-invalid' : 'o-pending'}`} data-testid="group-latest" data-entry={latest.groupEntry}>
          <Icon name={latestRefused ? 'cross' : 'warning'} />
          <span>
            {entryKey && <Bi k={entryKey} />}
            {!entryKey && latestView && <Bi k={latestView.titleKey} />}
            {!entryKey && reasonLines(latest.verdict.reasons, { outcome: latestView?.look.outcome, colourBanner: true }).slice(0, 1).map((l) => <Bi key={l.key} k={l.key} />)}
          </span>
        </p>
      )}
      {view.full && latest?.groupEntry !== 'full' && <p className="group-empty"><Bi k="group.full" /></p>}
      {view.rows.length > 0 && (
        <ol className="group-list" aria-label={biText('group.listLabel', order)} data-rows={view.rows.length}>
          {view.rows.map((r) => {
            const look = lookOf(r.outcome);
            return (
              <li key={r.index} className={`group-row o-${look.outcome}${r.index === latestIndex ? ' group-row-latest' : ''}`} data-outcome={look.outcome} data-colour={r.colour ?? 'none'}>
                <span className="group-row-index">{r.index}</span>
                <Icon name={look.icon} />
                <span className="group-row-words">
                  <Bi k={`outcome.${look.outcome}.title`} />
                  {r.reasonKey && <span className="group-row-reason"><Bi k={r.reasonKey} /></span>}
                  {(r.colour || r.name) && (
                    <span className="group-row-meta">
                      {r.colour && <span className={`group-row-colour c-${r.colour}`}><Bi k={COLOUR_KEY[r.colour]} /></span>}
                      {r.name && <span className="group-row-name">{r.name}</span>}
                    </span>
                  )}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
