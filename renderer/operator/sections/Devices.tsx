import { useEffect, useState, type ReactNode } from 'react';
import { listCameras, type CameraInfo } from '../../input/camera.ts';
import { useTranslation } from 'react-i18next';
import type { DeviceStatus, Settings, SettingsPatch } from '../../../main/api/state.ts';

export function Devices({ devices, settings, save }: { devices: DeviceStatus[]; settings: Settings; save(p: SettingsPatch): void }): ReactNode {
  const { t, i18n } = useTranslation();
  const [cameras, setCameras] = useState<CameraInfo[]>([]);
  useEffect(() => {
    let alive = true;
    listCameras().then((c) => { if (alive) setCameras(c); }, () => {});
    return () => { alive = false; };
  }, []);
  const fmt = (ms?: number) => (ms ? new Date(ms).toLocaleTimeString(i18n.language) : t('op.devices.never'));
  return (
    <section aria-labelledby="sec-devices">
      <h2 id="sec-devices">{t('op.devices.heading')}</h2>
      {devices.length === 0 ? <p>{t('op.devices.none')}</p> : (
        <table className="op-table" data-testid="device-table">
          <thead><tr><th scope="col">{t('op.devices.label')}</th><th scope="col">{t('op.devices.kind')}</th><th scope="col">{t('op.devices.state')}</th><th scope="col">{t('op.devices.lastScan')}</th></tr></thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.id} data-state={d.state}>
                <td>{d.label}</td>
                <td>{t(`op.devices.kinds.${d.kind}`)}</td>
                <td>{t(`op.devices.states.${d.state}`)}{d.error ? ` — ${d.error}` : ''}</td>
                <td>{fmt(d.lastScanAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <fieldset>
        <legend>{t('op.devices.camera')}</legend>
        <div className="field-row">
          <input id="cam-enabled" type="checkbox" checked={settings.camera.enabled} onChange={(e) => save({ camera: { ...settings.camera, enabled: e.target.checked } })} />
          <label htmlFor="cam-enabled">{t('op.devices.cameraEnabled')}</label>
        </div>
        <div className="field">
          <label htmlFor="cam-device">{t('op.devices.cameraChoice')}</label>
          <select id="cam-device" value={settings.camera.deviceId ?? ''} disabled={cameras.length === 0}
            onChange={(e) => save({ camera: { ...settings.camera, ...(e.target.value ? { deviceId: e.target.value } : { deviceId: undefined }) } })}>
            <option value="">{t('op.devices.cameraDefault')}</option>
            {cameras.map((c) => <option key={c.deviceId} value={c.deviceId}>{c.label}</option>)}
          </select>
        </div>
        <div className="field-row">
          <input id="cam-mirror" type="checkbox" checked={settings.camera.mirror} onChange={(e) => save({ camera: { ...settings.camera, mirror: e.target.checked } })} />
          <label htmlFor="cam-mirror">{t('op.devices.cameraMirror')}</label>
        </div>
      </fieldset>
    </section>
  );
}
