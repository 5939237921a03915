/** What the registry's pages share: city names in the chosen language, dates, sources and decisions in words. */
import { useCallback } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client.ts';
import { useLanguage, type Lang, type Translate } from '../../i18n/index.tsx';
import './alliance.css';

export type Composition = Schemas['Composition'];
export type Application = Schemas['MembershipApplication'];
export type Statement = Schemas['MembershipStatement'];
export type Decision = NonNullable<Application['decision']>;
type Source = Schemas['Source'];

const today = () => new Date().toISOString().slice(0, 10);
export { today };

/** Every city of the directory (one request, cached): the registry's routes carry ids, the pages show names. */
export function useCities() {
  return useQuery({ queryKey: ['cities', 'all'], queryFn: () => unwrap(api.GET('/cities', { params: { query: { limit: 200 } } })), staleTime: 5 * 60_000 });
}

/** A city's name in the chosen language (its id while the directory loads or when it is unknown). */
export function useCityName(): (id: string) => string {
  const { lang } = useLanguage();
  const cities = useCities();
  return useCallback(
    (id: string) => {
      const city = cities.data?.items.find((c) => c.id === id);
      return city ? localName(city.name, lang) : id;
    },
    [cities.data, lang],
  );
}

export function localName(name: { de?: string | null; en?: string | null; zh?: string | null }, lang: Lang): string {
  return name[lang] ?? name.en ?? name.de ?? '';
}

const LOCALES: Record<Lang, string> = { de: 'de-DE', en: 'en-GB', zh: 'zh-CN' };

/** An ISO date, possibly partial (2021, 2020-10), in the chosen language at the precision it has. */
export function formatDay(lang: Lang, date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y) return date;
  const at = new Date(Date.UTC(y, (m ?? 1) - 1, d ?? 1));
  const options: Intl.DateTimeFormatOptions = d ? { dateStyle: 'long', timeZone: 'UTC' } : m ? { year: 'numeric', month: 'long', timeZone: 'UTC' } : { year: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(LOCALES[lang], options).format(at);
}

export function useFormatDay(): (date: string) => string {
  const { lang } = useLanguage();
  return useCallback((date: string) => formatDay(lang, date), [lang]);
}

/** 'seed:004_f02afc7b51460772.txt:5' reads "seed 004 L5"; a decision of the registry reads as it is. */
export function sourceLabel(provenance: string): string {
  const seed = /^seed:(\d{3})_[^:]*:(\d+)$/.exec(provenance);
  if (seed) return `seed ${seed[1]} L${seed[2]}`;
  return provenance;
}

/** A source with its quote: the paper and line, and the words on that line. */
export function SourceRef({ source }: { source: Source }) {
  const { t } = useLanguage();
  return (
    <span className="source">
      <cite title={source.provenance}>{sourceLabel(source.provenance)}</cite>
      {source.quote ? <q>{source.quote}</q> : null}
      {!source.quote && source.provenance.startsWith('seed:') ? <span className="muted"> {t('alliance.source.noQuote')}</span> : null}
    </span>
  );
}

/** A decision (or its preview) in words, by its code, with the cities behind it. */
export function decisionText(t: Translate, decision: Decision, rule: Application['consentRule'], electorate: number, name: (id: string) => string): string {
  const values = { consents: decision.consents.length, objections: decision.objections.length, missing: decision.missing.length, n: electorate };
  switch (decision.code) {
    case 'consented':
      return t('alliance.decision.consented', values);
    case 'ratio':
      return t('alliance.decision.ratio', values);
    case 'objected':
      return t('alliance.decision.objected', { ...values, names: decision.objections.map(name).join(', ') });
    case 'not-enough-consent':
      return t('alliance.decision.notEnoughConsent', values);
    case 'awaiting':
      return rule === 'majority' ? t('alliance.decision.awaitingMajority', values) : t('alliance.decision.awaiting', values);
  }
}
