// The portal's three languages (fi by default, sv, en) through i18next. Messages are typed: the
// Finnish and Swedish files must have every key of the English one (src/web/messages).
import i18next, { type TFunction } from 'i18next';
import type { Lang } from '../domain/codes/index.ts';
import { en } from './messages/en.ts';
import { fi } from './messages/fi.ts';
import { sv } from './messages/sv.ts';

export const LANGUAGES: readonly { readonly code: Lang; readonly name: string }[] = [
  { code: 'fi', name: 'Suomeksi' },
  { code: 'sv', name: 'På svenska' },
  { code: 'en', name: 'In English' },
];
export const DEFAULT_LANG: Lang = 'fi';

export function isLang(value: unknown): value is Lang {
  return value === 'fi' || value === 'sv' || value === 'en';
}

export const MESSAGES = { fi, sv, en } as const;

const instance = i18next.createInstance();
void instance.init({
  resources: { fi: { translation: fi }, sv: { translation: sv }, en: { translation: en } },
  lng: DEFAULT_LANG,
  fallbackLng: false,
  initAsync: false,
  // Nunjucks escapes on output; escaping here too would show &amp; on the page.
  interpolation: { escapeValue: false },
});

export type Translate = (key: string, vars?: Record<string, unknown>) => string;

const fixed = new Map<Lang, TFunction>(LANGUAGES.map((l) => [l.code, instance.getFixedT(l.code)]));

// A page asks for a few dozen plain strings; i18next resolves each anew, so those without
// variables are kept once looked up (the messages never change while the process runs).
const plain = new Map<Lang, Map<string, string>>(LANGUAGES.map((l) => [l.code, new Map()]));

export function translator(lang: Lang): Translate {
  const t = fixed.get(lang)!;
  const known = plain.get(lang)!;
  return (key, vars) => {
    if (vars) return t(key, vars) as string;
    let text = known.get(key);
    if (text === undefined) {
      text = t(key) as string;
      known.set(key, text);
    }
    return text;
  };
}

const LOCALES: Record<Lang, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

/** Dates and times as people in Finland read them, in the page's language. */
export interface Formatters {
  date(v: string | null | undefined): string;
  dateTime(v: string | null | undefined): string;
}

function makeFormatters(lang: Lang): Formatters {
  const date = new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'Europe/Helsinki', day: 'numeric', month: 'long', year: 'numeric' });
  const dateTime = new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'Europe/Helsinki', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  // A bare YYYY-MM-DD is a Finnish calendar day: noon UTC is that day in Helsinki.
  const toDate = (v: string): Date => new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T12:00:00Z` : v);
  return {
    date: (v) => (v ? date.format(toDate(v)) : ''),
    dateTime: (v) => (v ? dateTime.format(toDate(v)) : ''),
  };
}

// Built once per language: an Intl.DateTimeFormat costs more to make than a page's dates to format.
const FORMATTERS = new Map<Lang, Formatters>(LANGUAGES.map((l) => [l.code, makeFormatters(l.code)]));

export function formatters(lang: Lang): Formatters {
  return FORMATTERS.get(lang)!;
}
