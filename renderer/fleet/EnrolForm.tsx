// Enrolment from the operator screen: the same fields as `kiosk fleet enrol`, checked by the same code in the core
// (fleetEnrol -> main/fleet/enrolment.ts). The kiosk joins the fleet at its next start.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../main/api/contract.ts';
import type { KioskState } from '../../main/api/state.ts';
import { callErrorText } from '../logic/call-errors.ts';

const FIELDS = ['broker', 'site', 'kioskId', 'username', 'password'] as const;
type Field = (typeof FIELDS)[number] | 'fleetPublicKey';

export function EnrolForm({ api, fleet }: { api: KioskApi; fleet: KioskState['fleet'] }): ReactNode {
  const { t } = useTranslation();
  const [v, setV] = useState<Record<Field, string>>({ broker: '', site: fleet?.site ?? '', kioskId: fleet?.kioskId ?? '', username: '', password: '', fleetPublicKey: '' });
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (f: Field) => (e: { target: { value: string } }) => setV({ ...v, [f]: e.target.value });

  async function submit(): Promise<void> {
    setBusy(true);
    try {
      const opt = (f: Field) => (v[f].trim() ? { [f]: v[f] } : {});
      const r = await api.call('fleetEnrol', { broker: v.broker.trim(), site: v.site.trim(), kioskId: v.kioskId.trim(), ...opt('username'), ...opt('password'), ...opt('fleetPublicKey') });
      setMsg(r.ok ? { ok: true, text: t('op.enrol.done', { site: v.site.trim(), kiosk: v.kioskId.trim() }) }
        : { ok: false, text: t(r.problem === 'not-saved' ? 'op.enrol.notSaved' : 'op.enrol.invalid', { detail: r.detail ?? '' }) });
    } catch (e) {
      setMsg({ ok: false, text: callErrorText(t, e) });
    }
    setBusy(false);
  }

  return (
    <section aria-labelledby="sec-enrol" data-testid="fleet-enrol">
      <h3 id="sec-enrol">{t('op.enrol.heading')}</h3>
      <p>{fleet ? t('op.enrol.current', { site: fleet.site, kiosk: fleet.kioskId }) : t('op.enrol.none')}</p>
      {FIELDS.map((f) => (
        <div className="field" key={f}>
          <label htmlFor={`enrol-${f}`}>{t(`op.enrol.fields.${f}`)}</label>
          <input id={`enrol-${f}`} type={f === 'password' ? 'password' : 'text'} autoComplete="off" spellCheck={false} value={v[f]} onChange={set(f)} data-testid={`enrol-${f}`} />
        </div>
      ))}
      <div className="field">
        <label htmlFor="enrol-key">{t('op.enrol.fields.fleetPublicKey')}</label>
        <textarea id="enrol-key" rows={4} spellCheck={false} value={v.fleetPublicKey} onChange={set('fleetPublicKey')} data-testid="enrol-fleetPublicKey" placeholder="-----BEGIN PUBLIC KEY-----" />
      </div>
      <button type="button" className="btn" disabled={busy || !v.broker.trim() || !v.site.trim() || !v.kioskId.trim()} onClick={() => void submit()} data-testid="enrol-submit">{t('op.enrol.submit')}</button>
      <p role="status" className={msg?.ok ? 'msg-ok' : 'msg-error'} data-testid="enrol-message">{msg?.text ?? ''}</p>
    </section>
  );
}
