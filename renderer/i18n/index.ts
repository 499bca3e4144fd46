// One i18next instance for the whole renderer. Verdicts show both languages at once (fixed translators per
// language); operator screens follow the operator's chosen language (the instance's current language).
import i18next, { type TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhHant from './zh-Hant.json';

export type Lang = 'zh-Hant' | 'en';
export const LANGS: readonly Lang[] = ['zh-Hant', 'en'];

export const resources = { 'zh-Hant': { translation: zhHant }, en: { translation: en } } as const;

let ready: Promise<unknown> | null = null;

export function initI18n(initial: Lang = 'zh-Hant'): typeof i18next {
  if (!ready) {
    ready = i18next.use(initReactI18next).init({
      resources,
      lng: initial,
      fallbackLng: 'en',
      // React escapes already; the strings are ours, not user input.
      interpolation: { escapeValue: false },
      // reason codes such as 'decode:base45' are keys: ':' is not a namespace separator here
      nsSeparator: false,
      initAsync: false,
      returnNull: false,
    });
  }
  return i18next;
}

/** settings.operatorLanguage ('zh' | 'en') -> an i18next language. */
export function operatorLang(pref: 'zh' | 'en' | undefined): Lang {
  return pref === 'en' ? 'en' : 'zh-Hant';
}

/** Both translators in the order the venue chose. */
export function orderedLangs(order: 'zh-en' | 'en-zh' | undefined): [Lang, Lang] {
  return order === 'en-zh' ? ['en', 'zh-Hant'] : ['zh-Hant', 'en'];
}

export function fixedT(lang: Lang): TFunction {
  return initI18n().getFixedT(lang);
}
