import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../main/api/contract.ts';
import type { AttentionItem, Settings, SettingsPatch, StatusListInfo } from '../../../main/api/state.ts';
import { ageParts } from '../../logic/age.ts';
import { hkDateTime } from '../../logic/hk-time.ts';
import { ColourUsb } from './ColourUsb.tsx';
import { listErrorKey } from '../../logic/list-errors.ts';
import { callErrorText } from '../../logic/call-errors.ts';

interface Props { api: KioskApi; shell: 'electron' | 'standalone'; info: StatusListInfo; attention: AttentionItem[]; settings: Settings; save(p: SettingsPatch): void }

const LIST_ITEMS = new Set<AttentionItem['key']>(['listExpired', 'listFuture', 'listRejected']);

export function Colour({ api, shell, info: initial, attention, settings, save }: Props): ReactNode {
  const { t } = useTranslation();
  const [info, setInfo] = useState(initial);
  // the core pushes new state (a scheduled sync, a list imported elsewhere): follow it
  useEffect(() => setInfo(initial), [initial]);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  // several errors may be joined with '; ' (start-up): each is said in the operator's language
  const errorText = (e: string) => e.split('; ').map((part) => { const k = listErrorKey(part); return t(k.key, k.opts); }).join(' · ');
  const age = info.ageSeconds !== undefined ? ageParts(info.ageSeconds) : null;

  async function sync(): Promise<void> {
    setBusy(true);
    setMsg(null);
    try {
      const next = await api.call('syncStatusList', {});
      setInfo(next);
      setMsg(next.noUrl ? { ok: false, text: t('op.colour.noUrl') } : next.lastSyncError ? { ok: false, text: errorText(next.lastSyncError) } : { ok: true, text: t('op.colour.synced') });
    } catch (e) {
      setMsg({ ok: false, text: callErrorText(t, e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="sec-colour">
      <h2 id="sec-colour">{t('op.colour.heading')}</h2>
      {attention.some((a) => LIST_ITEMS.has(a.key)) && (
        <div className="op-attention" role="alert" data-testid="colour-attention">
          <strong>{t('op.colour.attention')}</strong>
          <ul>
            {attention.filter((a) => LIST_ITEMS.has(a.key)).map((a) => (
              <li key={a.key}>{t(`idle.attentionItems.${a.key}`, { time: hkDateTime(a.at) })}{a.detail ? `${t('op.sep')}${errorText(a.detail)}` : ''}</li>
            ))}
          </ul>
        </div>
      )}
      <dl className="kv" data-testid="colour-info">
        <dt>{t('op.devices.state')}</dt><dd>{info.loaded ? t('op.colour.loaded') : t('op.colour.notLoaded')}{info.loaded ? ` · ${info.stale ? t('op.colour.stale') : t('op.colour.fresh')}` : ''}</dd>
        {info.version !== undefined && <><dt>{t('op.colour.version')}</dt><dd>{info.version}</dd></>}
        {info.issuedAt && <><dt>{t('op.colour.issuedAt')}</dt><dd>{hkDateTime(info.issuedAt)}</dd></>}
        {info.expiresAt && <><dt>{t('op.colour.expiresAt')}</dt><dd>{hkDateTime(info.expiresAt)}</dd></>}
        {age && <><dt>{t('op.colour.age')}</dt><dd>{t(`age.${age.unit}`, { n: age.n })}</dd></>}
        {info.entries !== undefined && <><dt>{t('op.colour.entries')}</dt><dd>{info.entries}</dd></>}
        {info.source && <><dt>{t('op.colour.source')}</dt><dd>{info.source}</dd></>}
        {info.lastSyncAt && <><dt>{t('op.colour.lastSync')}</dt><dd>{hkDateTime(info.lastSyncAt)}</dd></>}
        {info.lastSyncError && <><dt>{t('op.colour.lastError')}</dt><dd className="msg-error" title={info.lastSyncError}>{errorText(info.lastSyncError)}</dd></>}
      </dl>
      <p><button type="button" className="btn" onClick={() => void sync()} disabled={busy} data-testid="sync-now">{busy ? t('op.colour.syncing') : t('op.colour.sync')}</button></p>
      <p role="status" className={msg?.ok ? 'msg-ok' : 'msg-error'} data-testid="sync-message">{msg?.text ?? ''}</p>
      <ColourUsb api={api} shell={shell} />
      <fieldset>
        <legend>{t('op.colour.policy')}</legend>
        <div className="field-row">
          <input type="radio" id="pol-warn" name="policy" checked={settings.unknownColourPolicy === 'warn'} onChange={() => save({ unknownColourPolicy: 'warn' })} />
          <label htmlFor="pol-warn">{t('op.colour.policyWarn')}</label>
        </div>
        <div className="field-row">
          <input type="radio" id="pol-refuse" name="policy" checked={settings.unknownColourPolicy === 'refuse'} onChange={() => save({ unknownColourPolicy: 'refuse' })} />
          <label htmlFor="pol-refuse">{t('op.colour.policyRefuse')}</label>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('op.colour.venueCheck')}</legend>
        <div className="field-row">
          <input type="radio" id="vc-active" name="venueCheck" checked={settings.venueCheck === 'active'} onChange={() => save({ venueCheck: 'active' })} />
          <label htmlFor="vc-active">{t('op.colour.venueActive')}</label>
        </div>
        <div className="field-row">
          <input type="radio" id="vc-passive" name="venueCheck" checked={settings.venueCheck === 'passive'} onChange={() => save({ venueCheck: 'passive' })} />
          <label htmlFor="vc-passive">{t('op.colour.venuePassive')}</label>
        </div>
      </fieldset>
    </section>
  );
}
