// Operator PIN entry. The core checks, throttles and locks; this screen shows the lock and counts it down.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../main/api/contract.ts';

interface Props {
  api: KioskApi;
  initialLockMs?: number;
  onSuccess(): void;
  onCancel(): void;
}

export function Login({ api, initialLockMs, onSuccess, onCancel }: Props): ReactNode {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const [wrong, setWrong] = useState(false);
  const [busy, setBusy] = useState(false);
  const [lockedUntil, setLockedUntil] = useState(() => (initialLockMs ? Date.now() + initialLockMs : 0));
  const [now, setNow] = useState(() => Date.now());
  const input = useRef<HTMLInputElement>(null);
  const locked = lockedUntil > now;

  // Focus returns to the PIN field whenever it can take input again (it is disabled while checking or locked).
  useEffect(() => { if (!busy && !locked) input.current?.focus(); }, [busy, locked]);
  useEffect(() => {
    if (!locked) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [locked]);

  async function submit(e?: FormEvent): Promise<void> {
    e?.preventDefault();
    if (busy || locked || pin.length === 0) return;
    setBusy(true);
    setWrong(false);
    try {
      const res = await api.call('operatorLogin', { pin });
      if (res.ok) { onSuccess(); return; }
      setWrong(true);
      setPin('');
      if (res.retryAfterMs && res.retryAfterMs > 0) {
        setLockedUntil(Date.now() + res.retryAfterMs);
        setNow(Date.now());
      }
    } catch {
      setWrong(true);
    } finally {
      setBusy(false);
    }
  }

  const press = (d: string) => { if (!locked) setPin((p) => (p + d).slice(0, 12)); };
  const secondsLeft = Math.ceil((lockedUntil - now) / 1000);

  return (
    <div className="screen login" data-screen="login" data-locked={locked ? 'true' : 'false'}>
      <form className="login-box" onSubmit={(e) => void submit(e)}>
        <h1>{t('login.title')}</h1>
        <div className="field">
          <label htmlFor="pin">{t('login.pin')}</label>
          <input
            id="pin" ref={input} className="pin-input" type="password" inputMode="numeric" autoComplete="off"
            maxLength={12} value={pin} disabled={locked || busy} data-testid="pin-input"
            onChange={(e) => setPin(e.target.value.replace(/[^0-9]/g, '').slice(0, 12))}
          />
        </div>
        <div className="keypad" role="group" aria-label={t('login.keypad')}>
          {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
            <button type="button" key={d} onClick={() => press(d)} disabled={locked}>{d}</button>
          ))}
          <button type="button" onClick={() => setPin('')} disabled={locked} aria-label={t('login.clear')}>✕</button>
          <button type="button" onClick={() => press('0')} disabled={locked}>0</button>
          <button type="button" onClick={() => setPin((p) => p.slice(0, -1))} disabled={locked} aria-label={t('login.backspace')}>⌫</button>
        </div>
        <p role="alert" className="msg-error" data-testid="login-message">
          {locked ? t('login.locked', { n: secondsLeft }) : wrong ? t('login.wrong') : ''}
        </p>
        <div className="login-actions">
          <button type="submit" className="btn" disabled={locked || busy || pin.length === 0} data-testid="pin-submit">{t('login.submit')}</button>
          <button type="button" className="btn btn-secondary" onClick={onCancel} data-testid="pin-cancel">{t('login.cancel')}</button>
        </div>
      </form>
    </div>
  );
}
