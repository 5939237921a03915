/**
 * The chosen language: kept in localStorage, first guessed from the browser, applied to <html lang>,
 * and passed to the API wherever it answers in a language (names, reasons, agendas).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { fillTemplate } from '../../../engine/template.ts';
import { CATALOG, type MessageKey } from './catalog.ts';
import { LANGS, type Lang } from './define.ts';

export { LANGS, LANG_NAMES, type Lang } from './define.ts';
export type { MessageKey } from './catalog.ts';

const STORAGE_KEY = 'isa.lang';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface LanguageState {
  lang: Lang;
  setLang(lang: Lang): void;
  t: Translate;
  /** Numbers and dates in the chosen language. */
  formatNumber(value: number, options?: Intl.NumberFormatOptions): string;
  /** A country's name in the chosen language, for any ISO 3166 code (Germany and China from the dictionary). */
  countryName(code: string): string;
}

const LanguageContext = createContext<LanguageState | undefined>(undefined);

export function initialLang(): Lang {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored && (LANGS as readonly string[]).includes(stored)) return stored as Lang;
  const browser = navigator.language.slice(0, 2).toLowerCase();
  return (LANGS as readonly string[]).includes(browser) ? (browser as Lang) : 'en';
}

const LOCALES: Record<Lang, string> = { de: 'de-DE', en: 'en-GB', zh: 'zh-CN' };

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-Hans' : lang;
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLangState(next);
  }, []);
  const value = useMemo<LanguageState>(() => {
    const messages = CATALOG[lang];
    const numbers = new Map<string, Intl.NumberFormat>();
    const regions = new Intl.DisplayNames([LOCALES[lang]], { type: 'region', fallback: 'code' });
    return {
      lang,
      setLang,
      t: (key, values) => fillTemplate(messages[key] ?? key, values),
      formatNumber: (n, options) => {
        const id = JSON.stringify(options ?? {});
        let format = numbers.get(id);
        if (!format) numbers.set(id, (format = new Intl.NumberFormat(LOCALES[lang], options)));
        return format.format(n);
      },
      countryName: (code) => {
        const key = `country.${code}` as MessageKey;
        if (key in messages) return messages[key];
        try {
          return regions.of(code.toUpperCase()) ?? code;
        } catch {
          return code;
        }
      },
    };
  }, [lang, setLang]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageState {
  const state = useContext(LanguageContext);
  if (!state) throw new Error('useLanguage outside LanguageProvider');
  return state;
}

/** The translate function of the chosen language. */
export function useT(): Translate {
  return useLanguage().t;
}
