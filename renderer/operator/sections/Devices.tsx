// Scanners and devices: what is connected and how, serial scanners added, tested and removed here, the door relay
// set and tested, the camera chosen. Every state shown is the one the core reports.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { listCameras, type CameraInfo } from '../../input/camera.ts';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../main/api/contract.ts';
import type { DeviceStatus, SerialScannerSetting, Settings, SettingsPatch } from '../../../main/api/state.ts';
import { hkClock, hkTime } from '../../logic/hk-time.ts';
import { deviceErrorKey } from '../../logic/device-errors.ts';
import { callErrorText } from '../../logic/call-errors.ts';

interface Props { api: KioskApi; devices: DeviceStatus[]; settings: Settings; save(p: SettingsPatch): void }

const BAUDS = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200];
const TEST_MS = 20_000;

export function Devices({ api, devices, settings, save }: Props): ReactNode {
  const { t } = useTranslation();
  const [cameras, setCameras] = useState<CameraInfo[]>([]);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [testing, setTesting] = useState<{ id: string; name: string; after: number; until: number } | null>(null);
  useEffect(() => {
    let alive = true;
    listCameras().then((c) => { if (alive) setCameras(c); }, () => {});
    return () => { alive = false; };
  }, []);

  const nameOf = (d: DeviceStatus) => (d.configured ? t('op.devices.scannerName', { n: d.configured.number })
    : (d.kind === 'camera' && d.label === 'Camera') || d.kind === 'wedge' || d.kind === 'relay' ? t(`op.devices.kinds.${d.kind}`) : d.label);
  const errorOf = (e: string) => { const k = deviceErrorKey(e); return t(k.key, k.opts); };

  // a test passes when the device reports a scan newer than the moment Test was pressed
  useEffect(() => {
    if (!testing) return;
    const d = devices.find((x) => x.id === testing.id);
    if (d?.lastScanAt && d.lastScanAt > testing.after) {
      setMsg({ ok: true, text: t('op.devices.testGot', { name: testing.name, time: hkClock(d.lastScanAt) }) });
      setTesting(null);
      return;
    }
    const timer = setTimeout(() => {
      setMsg({ ok: false, text: t('op.devices.testTimeout', { name: testing.name }) });
      setTesting(null);
    }, Math.max(0, testing.until - Date.now()));
    return () => clearTimeout(timer);
  }, [testing, devices, t]);

  function startTest(d: DeviceStatus): void {
    const now = Date.now();
    setTesting({ id: d.id, name: nameOf(d), after: Math.max(now, d.lastScanAt ?? 0), until: now + TEST_MS });
    setMsg({ ok: true, text: t('op.devices.testWaiting', { name: nameOf(d) }) });
  }

  async function remove(n: number): Promise<void> {
    try {
      const r = await api.call('removeScanner', { number: n });
      setMsg(r.ok ? { ok: true, text: t('op.devices.removed', { n }) } : { ok: false, text: t('op.devices.removeGone', { n }) });
    } catch (e) {
      setMsg({ ok: false, text: callErrorText(t, e) });
    }
  }

  // the wedge is this window reading keys: listening while it has the keyboard focus, deaf while another has it
  const wedgeState = (d: DeviceStatus): string => (d.state === 'connected' ? t('op.devices.wedgeListening')
    : d.since ? t('op.devices.wedgeNoFocusSince', { time: hkTime(d.since) }) : t('op.devices.wedgeNoFocus'));

  const framingText = (d: DeviceStatus): string => {
    const f = d.framing;
    if (!f) return '';
    if (f.mode === 'auto') return f.active === 'terminator' ? t('op.devices.framingAutoTerminator') : t('op.devices.framingAuto', { ms: f.quietGapMs });
    return f.mode === 'terminator' ? t('op.devices.framingTerminator') : t('op.devices.framingGap', { ms: f.quietGapMs });
  };

  return (
    <section aria-labelledby="sec-devices">
      <h2 id="sec-devices">{t('op.devices.heading')}</h2>
      {devices.length === 0 ? <p>{t('op.devices.none')}</p> : (
        <table className="op-table" data-testid="device-table">
          <thead>
            <tr>
              <th scope="col">{t('op.devices.label')}</th><th scope="col">{t('op.devices.state')}</th>
              <th scope="col">{t('op.devices.framing')}</th><th scope="col">{t('op.devices.lastScan')}</th><th scope="col">{t('op.devices.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d, i) => (
              <tr key={`${d.id}#${i}`} data-state={d.state} data-device={d.id} data-scanner={d.configured?.number}>
                <td>
                  {nameOf(d)}
                  {/* the kind, unless the name already is it (the camera, the wedge) */}
                  {(d.configured || nameOf(d) !== t(`op.devices.kinds.${d.kind}`)) && (
                    <div className="cell-path">{t(`op.devices.kinds.${d.kind}`)}{d.configured ? ` · ${d.configured.baudRate} baud` : ''}</div>
                  )}
                  {(d.configured || d.kind === 'relay') && <div className="cell-path">{d.id.replace(/^(serial|relay):/, '')}</div>}
                </td>
                <td className="cell-state" data-testid="device-state">
                  {d.kind === 'wedge' ? wedgeState(d) : d.state !== 'connected' && d.since
                    ? t('op.devices.stateSince', { state: t(`op.devices.states.${d.state}`), time: hkTime(d.since) })
                    : t(`op.devices.states.${d.state}`)}
                  {d.error ? <div className="cell-path" title={d.error}>{errorOf(d.error)}</div> : null}
                </td>
                <td data-testid="framing">{framingText(d)}</td>
                <td>{d.lastScanAt ? hkTime(d.lastScanAt) : t('op.devices.never')}</td>
                <td className="cell-actions">
                  {d.kind !== 'relay' && d.kind !== 'camera' && (
                    <button type="button" className="btn btn-small btn-secondary" onClick={() => startTest(d)} disabled={testing !== null}
                      aria-label={`${t('op.devices.test')} ${nameOf(d)}`} data-testid="device-test">{t('op.devices.test')}</button>
                  )}
                  {d.configured && (
                    <button type="button" className="btn btn-small btn-danger" onClick={() => void remove(d.configured!.number)}
                      aria-label={`${t('op.devices.remove')} ${nameOf(d)}`} data-testid="device-remove">{t('op.devices.remove')}</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p role="status" className={msg?.ok ? 'msg-ok' : 'msg-error'} data-testid="devices-message">{msg?.text ?? ''}</p>
      <AddScanner api={api} onMessage={setMsg} />
      <p className="op-help" data-testid="wedge-help"><strong>{t('op.devices.wedge')}</strong>{t('op.sep')}{t('op.devices.wedgeState')}</p>
      <Relay api={api} settings={settings} save={save} />
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

type Msg = (m: { ok: boolean; text: string }) => void;

function AddScanner({ api, onMessage }: { api: KioskApi; onMessage: Msg }): ReactNode {
  const { t } = useTranslation();
  const [path, setPath] = useState('');
  const [baud, setBaud] = useState(9600);
  const [framing, setFraming] = useState<SerialScannerSetting['framing']>('auto');
  const [gap, setGap] = useState('50');
  const [busy, setBusy] = useState(false);

  async function add(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!path.trim() || busy) return;
    setBusy(true);
    try {
      const g = Math.min(2000, Math.max(5, Math.round(Number(gap)) || 50));
      const r = await api.call('addScanner', { path: path.trim(), baudRate: baud, framing, quietGapMs: g });
      if (r.ok) { onMessage({ ok: true, text: t('op.devices.added', { n: r.number }) }); setPath(''); }
      else onMessage({ ok: false, text: t(`op.devices.addProblems.${r.problem ?? 'unavailable'}`) });
    } catch (err) {
      onMessage({ ok: false, text: callErrorText(t, err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <fieldset>
      <legend>{t('op.devices.add')}</legend>
      <p className="op-help">{t('op.devices.addHelp')}</p>
      <form onSubmit={(e) => void add(e)} className="form-grid">
        <div className="field">
          <label htmlFor="scanner-path">{t('op.devices.path')}</label>
          <input id="scanner-path" type="text" value={path} onChange={(e) => setPath(e.target.value)} data-testid="scanner-path" spellCheck={false} />
        </div>
        <div className="field">
          <label htmlFor="scanner-baud">{t('op.devices.baud')}</label>
          <select id="scanner-baud" value={baud} onChange={(e) => setBaud(Number(e.target.value))} data-testid="scanner-baud">
            {BAUDS.map((b) => <option key={b} value={b}>{b}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="scanner-framing">{t('op.devices.framingChoice')}</label>
          <select id="scanner-framing" value={framing} data-testid="scanner-framing"
            onChange={(e) => setFraming(e.target.value === 'terminator' ? 'terminator' : e.target.value === 'quiet-gap' ? 'quiet-gap' : 'auto')}>
            <option value="auto">{t('op.devices.framingChoiceAuto')}</option>
            <option value="terminator">{t('op.devices.framingChoiceTerminator')}</option>
            <option value="quiet-gap">{t('op.devices.framingChoiceGap')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="scanner-gap">{t('op.devices.gap')}</label>
          <input id="scanner-gap" type="number" min={5} max={2000} value={gap} onChange={(e) => setGap(e.target.value)} disabled={framing === 'terminator'} data-testid="scanner-gap" />
        </div>
        <div className="field">
          <button type="submit" className="btn" disabled={busy || !path.trim()} data-testid="scanner-add">{t('op.devices.addButton')}</button>
        </div>
      </form>
    </fieldset>
  );
}

function Relay({ api, settings, save }: { api: KioskApi; settings: Settings; save(p: SettingsPatch): void }): ReactNode {
  const { t } = useTranslation();
  // the test's outcome is said beside its button (the devices' own message line may be scrolled out of view)
  const [msg, onMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [path, setPath] = useState(settings.relay.path ?? '');
  const [pulse, setPulse] = useState(String(settings.relay.pulseMs));
  useEffect(() => setPath(settings.relay.path ?? ''), [settings.relay.path]);
  useEffect(() => setPulse(String(settings.relay.pulseMs)), [settings.relay.pulseMs]);

  function commit(): void {
    const ms = Math.min(10000, Math.max(50, Math.round(Number(pulse)) || settings.relay.pulseMs));
    save({ relay: { ...settings.relay, ...(path.trim() ? { path: path.trim() } : { path: undefined }), pulseMs: ms } });
  }
  async function test(): Promise<void> {
    try {
      const r = await api.call('testRelay', {});
      onMessage(r.ok ? { ok: true, text: t('op.devices.relayTested') } : { ok: false, text: r.problem === 'failed' && r.detail ? t('op.devices.relayProblems.failedWhy', { why: t(deviceErrorKey(r.detail).key, deviceErrorKey(r.detail).opts) }) : t(`op.devices.relayProblems.${r.problem ?? 'failed'}`) });
    } catch (e) {
      onMessage({ ok: false, text: callErrorText(t, e) });
    }
  }

  return (
    <fieldset>
      <legend>{t('op.devices.relay')}</legend>
      <div className="field-row">
        <input id="relay-enabled" type="checkbox" checked={settings.relay.enabled} onChange={(e) => save({ relay: { ...settings.relay, enabled: e.target.checked } })} />
        <label htmlFor="relay-enabled">{t('op.devices.relayEnabled')}</label>
      </div>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="relay-path">{t('op.devices.relayPath')}</label>
          <input id="relay-path" type="text" value={path} onChange={(e) => setPath(e.target.value)} spellCheck={false} />
        </div>
        <div className="field">
          <label htmlFor="relay-pulse">{t('op.devices.relayPulse')}</label>
          <input id="relay-pulse" type="number" min={50} max={10000} step={50} value={pulse} onChange={(e) => setPulse(e.target.value)} />
        </div>
      </div>
      <p className="field-row">
        <button type="button" className="btn btn-secondary" onClick={commit}>{t('op.devices.relaySave')}</button>
        <button type="button" className="btn btn-secondary" onClick={() => void test()} data-testid="relay-test">{t('op.devices.relayTest')}</button>
      </p>
      <p role="status" className={msg?.ok ? 'msg-ok' : 'msg-error'} data-testid="relay-message">{msg?.text ?? ''}</p>
    </fieldset>
  );
}
