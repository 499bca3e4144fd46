import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../main/api/contract.ts';
import type { KioskState } from '../../../main/api/state.ts';
import { faultKey } from '../../logic/fault-keys.ts';
import { callErrorText } from '../../logic/call-errors.ts';
import { ManagedTag } from '../../fleet/ManagedNotice.tsx';
import { EnrolForm } from '../../fleet/EnrolForm.tsx';

export function System({ api, state }: { api: KioskApi; state: KioskState }): ReactNode {
  const { t, i18n } = useTranslation();
  // rule profiles carry both languages ("中文 · English"): the operator reads theirs
  const parts = state.ruleProfile.label.split(' · ');
  const ruleLabel = parts.length === 2 ? parts[i18n.language === 'en' ? 1 : 0]! : state.ruleProfile.label;
  const [confirming, setConfirming] = useState(false);
  const [msg, setMsg] = useState('');

  async function exit(): Promise<void> {
    try {
      const r = await api.call('exitKiosk', {});
      setMsg(r.ok ? t('op.system.exited') : callErrorText(t, r.error ?? ''));
    } catch (e) {
      setMsg(callErrorText(t, e));
    }
    setConfirming(false);
  }

  return (
    <section aria-labelledby="sec-system">
      <h2 id="sec-system">{t('op.system.heading')}</h2>
      <dl className="kv">
        <dt>{t('op.system.shell')}</dt><dd>{t(`op.system.shells.${state.shell}`)}</dd>
        <dt>{t('op.system.rules')}</dt><dd title={state.ruleProfile.label}>{ruleLabel} <ManagedTag fleet={state.fleet} names={['ruleProfile', 'ruleFiles']} /></dd>
        <dt>{t('op.system.trust')}</dt><dd data-testid="system-trust">{t(state.demoTrust ? 'op.system.trustDemo' : 'op.system.trustConfigured')} <ManagedTag fleet={state.fleet} names={['trustStores']} /></dd>
        <dt>{t('op.system.faults')}</dt>
        <dd>{state.faults.length === 0 ? t('op.system.noFaults') : <ul>{state.faults.map((f) => { const k = faultKey(f); return <li key={f} title={f}>{t(k.key, k.opts)}</li>; })}</ul>}</dd>
      </dl>
      {!confirming ? (
        <button type="button" className="btn btn-danger" onClick={() => setConfirming(true)} data-testid="exit-kiosk">{t('op.system.exit')}</button>
      ) : (
        <div role="alertdialog" aria-labelledby="exit-q" className="field">
          <p id="exit-q">{t('op.system.exitConfirm')}</p>
          <p className="field-row">
            <button type="button" className="btn btn-danger" onClick={() => void exit()} data-testid="exit-yes">{t('op.system.exitYes')}</button>
            <button type="button" className="btn btn-secondary" onClick={() => setConfirming(false)} autoFocus>{t('op.system.exitNo')}</button>
          </p>
        </div>
      )}
      <p role="status">{msg}</p>
      <EnrolForm api={api} fleet={state.fleet} />
    </section>
  );
}
