import { useEffect, useState, type ReactNode } from 'react';
import { captureScans } from '../../app/scanRouter.ts';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../main/api/contract.ts';
import { callErrorText } from '../../logic/call-errors.ts';
import type { Venue as VenueT } from '../../../main/api/state.ts';

export function Venue({ api, venue, onChanged }: { api: KioskApi; venue: VenueT; onChanged(): void }): ReactNode {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // While this section is open, a scanned poster QR fills the field instead of being verified as a pass.
  useEffect(() => captureScans((text) => setCode(text.trim())), []);

  async function apply(): Promise<void> {
    setBusy(true);
    try {
      // Scanners and pastes bring trailing newlines; the core checks everything else.
      const res = await api.call('setVenue', { code: code.trim() });
      if (res.ok && res.venue) {
        setMsg({ ok: true, text: t('op.venue.applied', { nameEn: res.venue.nameEn, nameZh: res.venue.nameZh }) });
        setCode('');
        onChanged();
      } else {
        // the operator reads what to do in their language; the technical detail is in the log
        setMsg({ ok: false, text: res.problem ? t(`op.venue.errors.${res.problem}`) : callErrorText(t, res.error ?? '') });
      }
    } catch (e) {
      setMsg({ ok: false, text: callErrorText(t, e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="sec-venue">
      <h2 id="sec-venue">{t('op.venue.heading')}</h2>
      <h3>{t('op.venue.current')}</h3>
      <dl className="kv" data-testid="venue-info">
        <dt>{t('op.verdicts.zh')}</dt><dd lang="zh-Hant-HK">{venue.nameZh}</dd>
        <dt>{t('op.verdicts.en')}</dt><dd lang="en">{venue.nameEn}</dd>
        <dt>{t('op.venue.type')}</dt><dd data-testid="venue-type">{venue.typeLabel}{venue.demo ? ` · ${t('op.venue.demoVenue')}` : ''}</dd>
      </dl>
      <h3>{t('op.venue.import')}</h3>
      <p id="venue-help">{t('op.venue.importHelp')}</p>
      <div className="field">
        <label htmlFor="venue-code">{t('op.venue.code')}</label>
        <textarea id="venue-code" aria-describedby="venue-help" value={code} maxLength={4000} spellCheck={false}
          data-testid="venue-code" onChange={(e) => setCode(e.target.value)} />
      </div>
      <button type="button" className="btn" disabled={busy || code.trim().length === 0} onClick={() => void apply()} data-testid="venue-apply">{t('op.venue.apply')}</button>
      <p role="status" className={msg?.ok ? 'msg-ok' : 'msg-error'} data-testid="venue-message">{msg?.text ?? ''}</p>
    </section>
  );
}
