// Group mode: the latest scan on top, one row per pass, "admitted" only when every member is, one tap to end.
import { useContext, type ReactNode } from 'react';
import type { GroupState, VerdictEvent } from '../../main/api/state.ts';
import { Bi, OrderContext, biText } from '../components/Bi.tsx';
import { Icon } from '../components/Icon.tsx';
import { groupView } from '../logic/group.ts';
import { lookOf } from '../logic/outcomes.ts';
import { reasonLines } from '../logic/reasons.ts';

interface Props {
  group: GroupState;
  latest: VerdictEvent | null;
  demo: boolean;
  onEnd(): void;
}

export function Group({ group, latest, demo, onEnd }: Props): ReactNode {
  const order = useContext(OrderContext);
  const view = groupView(group);
  const summaryLook = view.summary === 'admitted' ? lookOf('valid') : view.summary === 'empty' ? null : lookOf('invalid');
  const latestLook = latest ? lookOf(latest.verdict.outcome) : null;
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
        data-verdict={latestLook?.outcome}
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
              {latest && latestLook && !latestLook.admits && (
                <p className="group-summary-detail">
                  {reasonLines(latest.verdict.reasons, { outcome: latestLook.outcome }).slice(0, 1).map((l) => <Bi key={l.key} k={l.key} />)}
                </p>
              )}
            </div>
          </>
        )}
      </section>
      {view.full && <p className="group-empty"><Bi k="group.full" /></p>}
      {view.rows.length > 0 && (
        <ol className="group-list" aria-label={biText('group.listLabel', order)}>
          {view.rows.map((r) => {
            const look = lookOf(r.outcome);
            return (
              <li key={r.index} className={`group-row o-${look.outcome}${latest && r.index === view.rows.length ? ' group-row-latest' : ''}`} data-outcome={look.outcome}>
                <span className="group-row-index">{r.index}</span>
                <Icon name={look.icon} />
                <span className="group-row-words"><Bi k={`outcome.${look.outcome}.title`} /></span>
                {r.name && <span className="group-row-name">{r.name}</span>}
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
