/** What the reports area's pages share: the tabs, names in the chosen language, the scopes a key may use. */
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import { api, unwrap, type Schemas } from '../../api/client.ts';
import { LANG_NAMES, LANGS, useLanguage, useT, type Lang, type MessageKey } from '../../i18n/index.tsx';
import { Field, fieldError } from '../../ui/components.tsx';
import { useSession } from '../../session/session.tsx';
import { SECRETARIAT } from './roles.ts';
import './reports.css';

export type LocalName = Schemas['LocalName'];

/** A name in the interface's language; Chinese falls back to English where no Chinese name is known. */
export const nameIn = (name: LocalName, lang: Lang) => (lang === 'zh' ? (name.zh ?? name.en) : name[lang]);

export function useLocalName(): (name: LocalName) => string {
  const { lang } = useLanguage();
  return (name) => nameIn(name, lang);
}

/** A day (YYYY-MM-DD) as the chosen language writes it. */
export function useDay(): (day: string) => string {
  const { lang } = useLanguage();
  const format = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : lang === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
  return (day) => format.format(new Date(`${day.slice(0, 10)}T00:00:00Z`));
}

const TABS: { path: string; label: MessageKey; secretariat: boolean }[] = [
  { path: '/reports', label: 'reports.tab.list', secretariat: false },
  { path: '/reports/schedules', label: 'reports.tab.schedules', secretariat: true },
];

/** The area's tabs; the schedules only for the secretariat. */
export function ReportTabs() {
  const t = useT();
  const [location] = useLocation();
  const { can } = useSession();
  const tabs = TABS.filter((tab) => !tab.secretariat || can(SECRETARIAT));
  if (tabs.length < 2) return null;
  return (
    <nav className="tabs" aria-label={t('reports.tabs')}>
      {tabs.map((tab) => (
        <Link key={tab.path} href={tab.path} aria-current={location === tab.path ? 'page' : undefined}>
          {t(tab.label)}
        </Link>
      ))}
    </nav>
  );
}

/** The member cities, sides and organisations the key may produce reports for. */
export function useScopeChoices() {
  return useQuery({ queryKey: ['report-scopes'], queryFn: ({ signal }) => unwrap(api.GET('/report-scopes', { signal })), staleTime: 300_000 });
}

export const SCOPE_KINDS = ['city', 'country', 'organisation'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/** The choices of one kind of scope as (id, label) pairs, in the chosen language. */
export function scopeOptions(choices: Schemas['ReportScopeChoices'] | undefined, kind: ScopeKind, localName: (n: LocalName) => string): { id: string; label: string }[] {
  if (!choices) return [];
  if (kind === 'city') return choices.cities.map((c) => ({ id: c.id, label: `${localName(c.name)} (${c.country})` })).sort((a, b) => a.label.localeCompare(b.label));
  if (kind === 'country') return choices.countries.map((c) => ({ id: c.id, label: localName(c.name) }));
  return choices.organisations.map((o) => ({ id: o.id, label: `${o.name} (${o.country})` }));
}

/** The kind of scope (when there is a choice) and the scope of that kind, as two labelled selects. */
export function ScopePicker(props: {
  kinds: readonly ScopeKind[];
  kind: ScopeKind;
  onKind(kind: ScopeKind): void;
  options: readonly { id: string; label: string }[];
  scopeId: string;
  onScope(id: string): void;
  error: unknown;
}) {
  const t = useT();
  return (
    <>
      {props.kinds.length > 1 ? (
        <Field label={t('reports.produce.kind')}>
          {(field) => (
            <select {...field} value={props.kind} onChange={(e) => props.onKind(e.target.value as ScopeKind)}>
              {props.kinds.map((k) => (
                <option key={k} value={k}>
                  {t(`reports.kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <Field label={t('reports.produce.scope')} error={fieldError(props.error, 'scope')}>
        {(field) => (
          <select {...field} value={props.scopeId} onChange={(e) => props.onScope(e.target.value)}>
            {props.options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}

/** A labelled choice of one of the three languages. */
export function LangSelect({ label, value, onChange, error }: { label: string; value: Lang; onChange(lang: Lang): void; error?: string | undefined }) {
  return (
    <Field label={label} error={error}>
      {(field) => (
        <select {...field} value={value} onChange={(e) => onChange(e.target.value as Lang)}>
          {LANGS.map((l) => (
            <option key={l} value={l}>
              {LANG_NAMES[l]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
