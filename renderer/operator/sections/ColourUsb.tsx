// Import a colour list from a USB stick: the core lists the list files on mounted removable media with what each
// one's signed header says; the operator picks one, and the core imports it through the CLI's checks.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi, Result, UsbListFile } from '../../../main/api/contract.ts';
import { hkDateTime } from '../../logic/hk-time.ts';
import { callErrorText } from '../../logic/call-errors.ts';

export function ColourUsb({ api, shell }: { api: KioskApi; shell: 'electron' | 'standalone' }): ReactNode {
  const { t } = useTranslation();
  const [found, setFound] = useState<Result<'listUsbLists'> | null>(null);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);

  async function find(): Promise<void> {
    setBusy(true);
    setMsg(null);
    try {
      setFound(await api.call('listUsbLists', {}));
    } catch (e) {
      setMsg({ ok: false, text: callErrorText(t, e) });
    } finally {
      setBusy(false);
    }
  }

  /** Electron: the system's file dialog, for a list on a medium the kiosk does not search */
  async function pick(): Promise<void> {
    setBusy(true);
    setMsg(null);
    try {
      const r = await api.call('pickListFile', {});
      if (r.file) setFound((prev) => ({ roots: prev?.roots ?? [], files: [r.file!, ...(prev?.files ?? []).filter((f) => f.path !== r.file!.path)] }));
    } catch (e) {
      setMsg({ ok: false, text: callErrorText(t, e) });
    } finally {
      setBusy(false);
    }
  }

  async function importFile(f: UsbListFile): Promise<void> {
    setBusy(true);
    setMsg(null);
    try {
      const r = await api.call('importUsbList', { path: f.path });
      if (r.ok) setMsg({ ok: true, text: r.changed ? t('op.colour.usbImported', { version: r.version, entries: r.entries }) : t('op.colour.usbAlready', { version: r.version }) });
      else setMsg({ ok: false, text: t(`op.colour.problems.${r.problem ?? 'failed'}`) });
      setFound(await api.call('listUsbLists', {}));
    } catch (e) {
      setMsg({ ok: false, text: callErrorText(t, e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <fieldset data-testid="usb-import">
      <legend>{t('op.colour.usb')}</legend>
      <p className="op-help">{t('op.colour.usbHelp')}</p>
      <button type="button" className="btn" disabled={busy} onClick={() => void find()} data-testid="usb-find">
        {busy ? t('op.colour.usbSearching') : t('op.colour.usbFind')}
      </button>
      {shell === 'electron' && (
        <button type="button" className="btn" disabled={busy} onClick={() => void pick()} data-testid="usb-pick">
          {t('op.colour.usbPick')}
        </button>
      )}
      {found && found.files.length === 0 && <p data-testid="usb-none">{t('op.colour.usbNone', { roots: found.roots.join(', ') })}</p>}
      {found && found.files.length > 0 && (
        <table className="op-table" data-testid="usb-files">
          <thead>
            <tr>
              <th scope="col">{t('op.colour.usbFile')}</th><th scope="col">{t('op.colour.authority')}</th>
              <th scope="col">{t('op.colour.version')}</th><th scope="col">{t('op.colour.issuedAt')}</th>
              <th scope="col">{t('op.colour.expiresAt')}</th><th scope="col">{t('op.colour.entries')}</th><th scope="col"><span className="sr-only">{t('op.colour.usbImport')}</span></th>
            </tr>
          </thead>
          <tbody>
            {found.files.map((f) => (
              <tr key={f.path} data-ok={f.ok ? 'true' : 'false'} data-name={f.name}>
                <td className="cell-name" title={f.path}>{f.name}</td>
                {f.problem && f.version === undefined ? (
                  <td colSpan={5} className="msg-error">{t(`op.colour.problems.${f.problem}`)}</td>
                ) : (
                  <>
                    <td className="usb-authority">{f.demo ? t('op.colour.demoAuthority', { authority: f.authority }) : f.authority}</td>
                    <td>{f.version}{f.problem ? <span className="msg-error"> · {t(`op.colour.problems.${f.problem}`)}</span> : null}</td>
                    <td><When at={f.issuedAt} />{f.future ? <span className="msg-error"> · {t('op.colour.usbFuture')}</span> : null}</td>
                    <td><When at={f.expiresAt} />{f.expired ? <span className="msg-error"> · {t('op.colour.usbExpired')}</span> : null}</td>
                    <td>{f.entries}</td>
                  </>
                )}
                <td>
                  <button type="button" className="btn btn-small" disabled={busy || !f.ok} onClick={() => void importFile(f)}
                    aria-label={`${t('op.colour.usbImport')} ${f.name}`}>{t('op.colour.usbImport')}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p role="status" className={msg?.ok ? 'msg-ok' : 'msg-error'} data-testid="usb-message">{msg?.text ?? ''}</p>
    </fieldset>
  );
}

/** '2022-09-15 12:00', breaking between the date and the time only */
function When({ at }: { at: string | undefined }): ReactNode {
  const [date, time] = hkDateTime(at).split(' ');
  return date ? <><span className="nw">{date}</span> <span className="nw">{time}</span></> : null;
}
