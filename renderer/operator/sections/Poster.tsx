import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../main/api/contract.ts';
import { callErrorText } from '../../logic/call-errors.ts';
import { printerErrorKey } from '../../logic/printer-errors.ts';

export function Poster({ api, defaultPrinter }: { api: KioskApi; defaultPrinter?: string }): ReactNode {
  const { t } = useTranslation();
  const [printers, setPrinters] = useState<{ name: string; isDefault: boolean }[] | null>(null);
  const [printer, setPrinter] = useState(defaultPrinter ?? '');
  const [size, setSize] = useState<'a4' | 'a5'>('a4');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let alive = true;
    api.call('listPrinters', {}).then((r) => { if (alive) setPrinters(r.printers); }, () => { if (alive) setPrinters([]); });
    return () => { alive = false; };
  }, [api]);

  const noPrinter = printers !== null && printers.length === 0;
  const fail = (e: unknown) => setMsg({ ok: false, text: callErrorText(t, e) });
  const failed = (error: string | undefined) => { const k = printerErrorKey(error ?? ''); return { ok: false, text: t(k.key, k.opts) }; };

  async function print(): Promise<void> {
    setBusy(true);
    try {
      const r = await api.call('printPoster', printer ? { size, printer } : { size });
      setMsg(r.ok ? { ok: true, text: t('op.poster.printed') } : failed(r.error));
    } catch (e) { fail(e); } finally { setBusy(false); }
  }
  async function save(): Promise<void> {
    setBusy(true);
    try {
      const r = await api.call('savePoster', { size });
      setMsg(r.ok ? { ok: true, text: t('op.poster.savedTo', { path: r.path ?? '' }) } : failed(r.error));
    } catch (e) { fail(e); } finally { setBusy(false); }
  }

  return (
    <section aria-labelledby="sec-poster">
      <h2 id="sec-poster">{t('op.poster.heading')}</h2>
      <div className="field">
        <label htmlFor="poster-size">{t('op.poster.size')}</label>
        <select id="poster-size" value={size} onChange={(e) => setSize(e.target.value === 'a5' ? 'a5' : 'a4')}>
          <option value="a4">A4</option>
          <option value="a5">A5</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="poster-printer">{t('op.poster.printer')}</label>
        <select id="poster-printer" value={printer} onChange={(e) => setPrinter(e.target.value)} disabled={!printers || printers.length === 0}>
          <option value="">{t('op.poster.defaultPrinter')}</option>
          {(printers ?? []).map((p) => <option key={p.name} value={p.name}>{p.name}</option>)}
        </select>
        {printers && printers.length === 0 && <span>{t('op.poster.noPrinters')}</span>}
      </div>
      <p className="field-row">
        <button type="button" className="btn" disabled={busy || noPrinter} onClick={() => void print()} data-testid="poster-print"
          {...(noPrinter ? { 'aria-describedby': 'print-disabled' } : {})}>{t('op.poster.print')}</button>
        <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void save()}>{t('op.poster.save')}</button>
      </p>
      {noPrinter && <p id="print-disabled" className="op-help" data-testid="print-disabled">{t('op.poster.printDisabled')}</p>}
      <p role="status" className={msg?.ok ? 'msg-ok' : 'msg-error'} data-testid="poster-message">{msg?.text ?? ''}</p>
    </section>
  );
}
