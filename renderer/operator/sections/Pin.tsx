// Changing the operator PIN: the current one, the new one twice. The core refuses weak PINs and says why.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../main/api/contract.ts';
import { callErrorText } from '../../logic/call-errors.ts';

export function Pin({ api, demoPin }: { api: KioskApi; demoPin: boolean }): ReactNode {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const digits = (v: string) => v.replace(/[^0-9]/g, '').slice(0, 12);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setMsg(null);
    try {
      const r = await api.call('changePin', { current, pin, confirm });
      if (r.ok) {
        setMsg({ ok: true, text: t('op.pin.changed') });
        setCurrent(''); setPin(''); setConfirm('');
      } else {
        const problem = r.problem ?? 'save-failed';
        setMsg({ ok: false, text: t(`op.pin.problems.${problem}`, { n: Math.ceil((r.retryAfterMs ?? 0) / 1000) }) });
        if (problem === 'wrong-current' || problem === 'locked') setCurrent('');
      }
    } catch (err) {
      setMsg({ ok: false, text: callErrorText(t, err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="sec-pin">
      <h2 id="sec-pin">{t('op.pin.heading')}</h2>
      {demoPin && <p className="op-attention" data-testid="pin-demo">{t('op.pin.demo')}</p>}
      <form onSubmit={(e) => void submit(e)} className="pin-form">
        <div className="field">
          <label htmlFor="pin-current">{t('op.pin.current')}</label>
          <input id="pin-current" type="password" inputMode="numeric" autoComplete="current-password" maxLength={12}
            value={current} onChange={(e) => setCurrent(digits(e.target.value))} data-testid="pin-current" />
        </div>
        <div className="field">
          <label htmlFor="pin-new">{t('op.pin.new')}</label>
          <input id="pin-new" type="password" inputMode="numeric" autoComplete="new-password" maxLength={12}
            value={pin} onChange={(e) => setPin(digits(e.target.value))} data-testid="pin-new" />
        </div>
        <div className="field">
          <label htmlFor="pin-confirm">{t('op.pin.confirm')}</label>
          <input id="pin-confirm" type="password" inputMode="numeric" autoComplete="new-password" maxLength={12}
            value={confirm} onChange={(e) => setConfirm(digits(e.target.value))} data-testid="pin-confirm" />
        </div>
        <button type="submit" className="btn" disabled={busy} data-testid="pin-change">{t('op.pin.change')}</button>
      </form>
      <p role="status" className={msg?.ok ? 'msg-ok' : 'msg-error'} data-testid="pin-message">{msg?.text ?? ''}</p>
      <p className="op-help">{t('op.pin.help')}</p>
      <p className="op-help" data-testid="pin-recovery">{t('op.pin.recovery')}</p>
    </section>
  );
}
