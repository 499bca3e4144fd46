// Counts dashboard: a plain SVG stacked bar chart (shape + colour per series) with the same numbers as a table.
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../main/api/contract.ts';
import { niceMax, totalsByPeriod, type PeriodTotals } from '../../logic/stats.ts';
import { callErrorText } from '../../logic/call-errors.ts';

type Gran = 'hour' | 'day';

export function Counts({ api }: { api: KioskApi }): ReactNode {
  const { t } = useTranslation();
  const [gran, setGran] = useState<Gran>('hour');
  const [totals, setTotals] = useState<PeriodTotals[] | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const [exportMsg, setExportMsg] = useState('');

  useEffect(() => {
    let alive = true;
    setTotals(null);
    api.call('getStats', { granularity: gran }).then(
      (r) => { if (alive) { setTotals(totalsByPeriod(r.rows, gran === 'hour' ? 24 : 31)); setErr(null); } },
      (e: unknown) => { if (alive) setErr(e ?? 'error'); },
    );
    return () => { alive = false; };
  }, [api, gran]);

  async function exportCsv(): Promise<void> {
    try {
      const { csv } = await api.call('exportStats', { granularity: gran });
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `kiosk-counts-${gran}.csv`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setExportMsg(t('op.counts.exported'));
    } catch (e) {
      setExportMsg(callErrorText(t, e));
    }
  }

  return (
    <section aria-labelledby="sec-counts">
      <h2 id="sec-counts">{t('op.counts.heading')}</h2>
      <fieldset>
        <legend>{t('op.counts.granularity')}</legend>
        <div className="field-row">
          <input type="radio" id="g-hour" name="gran" checked={gran === 'hour'} onChange={() => setGran('hour')} />
          <label htmlFor="g-hour">{t('op.counts.hour')}</label>
          <input type="radio" id="g-day" name="gran" checked={gran === 'day'} onChange={() => setGran('day')} />
          <label htmlFor="g-day">{t('op.counts.day')}</label>
        </div>
      </fieldset>
      {err !== null && <p className="msg-error" role="alert">{callErrorText(t, err)}</p>}
      {totals === null && err === null && <p>{t('op.loading')}</p>}
      {totals !== null && totals.length === 0 && <p data-testid="counts-empty">{t('op.counts.none')}</p>}
      {totals !== null && totals.length > 0 && <Chart totals={totals} label={t('op.counts.chartLabel', { granularity: t(`op.counts.${gran}`) })} />}
      {totals !== null && totals.length > 0 && (
        <table className="op-table" data-testid="counts-table">
          <caption className="visually-hidden">{t('op.counts.heading')}</caption>
          <thead><tr><th scope="col">{t('op.counts.period')}</th><th scope="col">{t('op.counts.admitted')}</th><th scope="col">{t('op.counts.refused')}</th><th scope="col">{t('op.counts.other')}</th><th scope="col">{t('op.counts.total')}</th></tr></thead>
          <tbody>{totals.map((r) => <tr key={r.period}><th scope="row">{r.period.replace('T', ' ')}</th><td>{r.admitted}</td><td>{r.refused}</td><td>{r.other}</td><td>{r.total}</td></tr>)}</tbody>
        </table>
      )}
      <p className="field-row">
        <button type="button" className="btn" onClick={() => void exportCsv()} data-testid="export-csv">{t('op.counts.export')}</button>
        <span role="status">{exportMsg}</span>
      </p>
      <p>{t('op.counts.privacy')}</p>
    </section>
  );
}

function Chart({ totals, label }: { totals: PeriodTotals[]; label: string }): ReactNode {
  const { t } = useTranslation();
  const W = 600;
  const H = 220;
  const PAD_L = 36;
  const PAD_B = 28;
  const max = niceMax(totals);
  const slot = (W - PAD_L) / totals.length;
  const bw = Math.max(2, slot * 0.7);
  const y = (n: number) => ((H - PAD_B) * n) / max;
  const tick = (p: string) => p.slice(p.length > 10 ? 11 : 5, p.length > 10 ? 13 : 10);
  return (
    <figure>
      <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-testid="counts-chart">
        <line className="chart-axis" x1={PAD_L} y1={H - PAD_B} x2={W} y2={H - PAD_B} />
        <line className="chart-axis" x1={PAD_L} y1={0} x2={PAD_L} y2={H - PAD_B} />
        <text x={PAD_L - 4} y={10} textAnchor="end">{max}</text>
        <text x={PAD_L - 4} y={H - PAD_B} textAnchor="end">0</text>
        {totals.map((r, i) => {
          const x = PAD_L + i * slot + (slot - bw) / 2;
          let base = H - PAD_B;
          const parts = [['admitted', r.admitted], ['refused', r.refused], ['other', r.other]] as const;
          return (
            <g key={r.period}>
              {parts.map(([k, n]) => {
                if (n <= 0) return null;
                const h = y(n);
                base -= h;
                return <rect key={k} className={`chart-bar-${k}`} x={x} y={base} width={bw} height={h} />;
              })}
              {(totals.length <= 12 || i % Math.ceil(totals.length / 12) === 0) && (
                <text x={x + bw / 2} y={H - PAD_B + 16} textAnchor="middle">{tick(r.period)}</text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="legend">
          <li className="l-admitted">{t('op.counts.admitted')}</li>
          <li className="l-refused">{t('op.counts.refused')}</li>
          <li className="l-other">{t('op.counts.other')}</li>
        </ul>
      </figcaption>
    </figure>
  );
}
