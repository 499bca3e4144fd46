import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../main/api/contract.ts';
import type { Settings, SettingsPatch } from '../../../main/api/state.ts';
import { playOutcome } from '../../audio/player.ts';

interface Props { api: KioskApi; settings: Settings; save(p: SettingsPatch): void }

export function Verdicts({ settings, save }: Props): ReactNode {
  const { t } = useTranslation();
  const [seconds, setSeconds] = useState(String(settings.verdictSeconds));
  useEffect(() => setSeconds(String(settings.verdictSeconds)), [settings.verdictSeconds]);

  function commitSeconds(): void {
    const n = Math.round(Number(seconds));
    if (Number.isFinite(n) && n >= 1 && n <= 60) { if (n !== settings.verdictSeconds) save({ verdictSeconds: n }); }
    else setSeconds(String(settings.verdictSeconds));
  }

  function testTones(): void {
    // valid, then exempt, then refused: what a guard will hear at the door
    playOutcome('valid', settings.volume, false);
    setTimeout(() => playOutcome('exempt', settings.volume, false), 900);
    setTimeout(() => playOutcome('invalid', settings.volume, false), 1700);
  }

  return (
    <section aria-labelledby="sec-verdicts">
      <h2 id="sec-verdicts">{t('op.verdicts.heading')}</h2>
      <div className="field">
        <label htmlFor="verdict-seconds">{t('op.verdicts.seconds')}</label>
        <input id="verdict-seconds" type="number" min={1} max={60} step={1} value={seconds} data-testid="verdict-seconds"
          onChange={(e) => setSeconds(e.target.value)} onBlur={commitSeconds}
          onKeyDown={(e) => { if (e.key === 'Enter') commitSeconds(); }} />
      </div>
      <fieldset>
        <legend>{t('op.verdicts.sounds')}</legend>
        <div className="field-row">
          <input id="muted" type="checkbox" checked={settings.muted} onChange={(e) => save({ muted: e.target.checked })} />
          <label htmlFor="muted">{t('op.verdicts.muted')}</label>
        </div>
        <div className="field">
          <label htmlFor="volume">{t('op.verdicts.volume')}</label>
          <input id="volume" type="range" min={0} max={100} step={5} value={Math.round(settings.volume * 100)}
            aria-valuetext={`${Math.round(settings.volume * 100)}%`}
            onChange={(e) => save({ volume: Number(e.target.value) / 100 })} />
        </div>
        <button type="button" className="btn btn-secondary" onClick={testTones}>{t('op.verdicts.test')}</button>
      </fieldset>
      <fieldset>
        <legend>{t('op.verdicts.languageOrder')}</legend>
        <div className="field-row">
          <input type="radio" id="lo-zh" name="languageOrder" checked={settings.languageOrder === 'zh-en'} onChange={() => save({ languageOrder: 'zh-en' })} />
          <label htmlFor="lo-zh">{t('op.verdicts.zhFirst')}</label>
        </div>
        <div className="field-row">
          <input type="radio" id="lo-en" name="languageOrder" checked={settings.languageOrder === 'en-zh'} onChange={() => save({ languageOrder: 'en-zh' })} />
          <label htmlFor="lo-en">{t('op.verdicts.enFirst')}</label>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('op.verdicts.operatorLanguage')}</legend>
        <div className="field-row">
          <input type="radio" id="ol-zh" name="operatorLanguage" checked={settings.operatorLanguage === 'zh'} onChange={() => save({ operatorLanguage: 'zh' })} />
          <label htmlFor="ol-zh" lang="zh-Hant-HK">{t('op.verdicts.zh')}</label>
        </div>
        <div className="field-row">
          <input type="radio" id="ol-en" name="operatorLanguage" checked={settings.operatorLanguage === 'en'} onChange={() => save({ operatorLanguage: 'en' })} />
          <label htmlFor="ol-en" lang="en">{t('op.verdicts.en')}</label>
        </div>
      </fieldset>
    </section>
  );
}
