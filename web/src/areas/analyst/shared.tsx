/** What the analyst's pages share: the area's tabs, the stored profiles, activating a version, weights as text. */
import { useMemo } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChartConfiguration } from 'chart.js';
import { Link, useLocation } from 'wouter';
import { api, unwrap, type Schemas } from '../../api/client.ts';
import { useLanguage, useT, type MessageKey } from '../../i18n/index.tsx';
import { Chart } from '../../ui/Chart.tsx';
import { Field, fieldError, ProblemMessage } from '../../ui/components.tsx';
import './analyst.css';

export type WeightProfile = Schemas['WeightProfile'];
export type Weights = WeightProfile['weights'];
export type Component = keyof Weights;

/** How requests name one version: name@v<version>. */
export const profileRef = (p: Pick<WeightProfile, 'name' | 'version'>) => `${p.name}@v${p.version}`;

/** The scoring components in the order the profiles give them. */
export const componentsOf = (weights: Weights) => Object.keys(weights) as Component[];

const TABS: { path: string; label: MessageKey }[] = [
  { path: '/analysis', label: 'analyst.tab.profiles' },
  { path: '/analysis/what-if', label: 'analyst.tab.whatIf' },
  { path: '/analysis/evaluations', label: 'analyst.tab.evaluations' },
  { path: '/analysis/tuning', label: 'analyst.tab.tuning' },
];

export function AnalystTabs() {
  const t = useT();
  const [location] = useLocation();
  const current = [...TABS].reverse().find((tab) => location === tab.path || location.startsWith(`${tab.path}/`));
  return (
    <nav className="tabs" aria-label={t('analyst.tabs')}>
      {TABS.map((tab) => (
        <Link key={tab.path} href={tab.path} aria-current={tab === current ? 'page' : undefined}>
          {t(tab.label)}
        </Link>
      ))}
    </nav>
  );
}

export const PROFILES_KEY = ['weight-profiles'] as const;

/** Every stored version, by name and version. */
export function useProfiles() {
  return useQuery({
    queryKey: PROFILES_KEY,
    queryFn: ({ signal }) => unwrap(api.GET('/weight-profiles', { params: { query: { limit: 200 } }, signal })),
    select: (page) => page.items,
  });
}

/** The version a request without a profile scores with: the default profile's active one. */
export const activeDefault = (profiles: readonly WeightProfile[] | undefined) => profiles?.find((p) => p.isDefault && p.active);

/** Makes a version the active one of its name; lists scored by "the active profile" follow. */
export function useActivate() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (ref: string) => unwrap(api.POST('/weight-profiles/{profile}/activate', { params: { path: { profile: ref } } })),
    onSuccess: () => Promise.all([queries.invalidateQueries({ queryKey: PROFILES_KEY }), queries.invalidateQueries({ queryKey: ['matches'] })]),
  });
}

/** A component's name in the interface's language. */
export function useComponentName(): (component: string) => string {
  const t = useT();
  return (component) => {
    const key = `analyst.component.${component}` as MessageKey;
    const label = t(key);
    return label === key ? component : label;
  };
}

/** A share as a percentage with one decimal, in the interface's language. */
export function usePercent(): (share: number | null | undefined) => string {
  const { formatNumber } = useLanguage();
  return (share) => (share == null ? '–' : formatNumber(share, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }));
}

/** A metric value (0–1) with three decimals. */
export function useMetric(): (value: number | null | undefined) => string {
  const { formatNumber } = useLanguage();
  return (value) => (value == null ? '–' : formatNumber(value, { minimumFractionDigits: 3, maximumFractionDigits: 3 }));
}

/** Weights as one line: "industry 50.0 % · complementarity 40.0 % · size 10.0 %". */
export function WeightsText({ weights }: { weights: Weights }) {
  const name = useComponentName();
  const percent = usePercent();
  return <span className="weights-text">{componentsOf(weights).map((c) => `${name(c)} ${percent(weights[c])}`).join(' · ')}</span>;
}

export const METRICS = ['ndcg', 'precision', 'map', 'mrr'] as const;
export type MetricName = (typeof METRICS)[number];

/** A metric's name with its cut-off: NDCG@10, precision@10, MAP, MRR. */
export function useMetricName(k: number): (metric: MetricName) => string {
  const t = useT();
  return (metric) => t(`analyst.metric.${metric}`, { k });
}

/** Series colours that keep their contrast on white, one per compared profile (at most five). */
export const SERIES_COLOURS = ['#0b5cad', '#b35900', '#1a7f37', '#8250df', '#b42318'];

/** A number for a chart's table: fixed decimals, a dash for none. */
export const fixed = (value: number | null | undefined, digits = 3) => (value == null ? '–' : value.toFixed(digits));

/** A table's head: one column header per label. */
export function ColumnHeads({ labels }: { labels: readonly string[] }) {
  return (
    <thead>
      <tr>
        {labels.map((label, i) => (
          <th scope="col" key={i}>
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** A choice among the stored versions, the active ones said so. */
export function ProfileSelect({ label, profiles, value, onChange, hint, error }: { label: string; profiles: readonly WeightProfile[]; value: string; onChange(ref: string): void; hint?: string; error?: string | undefined }) {
  const t = useT();
  return (
    <Field label={label} error={error} {...(hint ? { hint } : {})}>
      {(props) => (
        <select {...props} value={value} onChange={(e) => onChange(e.target.value)}>
          {profiles.map((p) => (
            <option key={profileRef(p)} value={profileRef(p)}>
              {profileRef(p)}
              {p.active ? ` (${t('analyst.profiles.active')})` : ''}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export interface NewVersion {
  name: string;
  weights: Weights;
  fusion: WeightProfile['fusion'];
  sizeMatrix?: number[][];
  note?: string;
  activate: boolean;
}

/** Saves a new version of a profile (nothing is overwritten); the list of profiles follows. */
export function useSaveVersion() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: NewVersion) => unwrap(api.POST('/weight-profiles', { body })),
    onSuccess: () => queries.invalidateQueries({ queryKey: PROFILES_KEY }),
  });
}

/** The note and the "activate at once" choice of a version form, read from its fields on submit. */
export function versionExtras(form: HTMLFormElement): { note?: string; activate: boolean } {
  const data = new FormData(form);
  const note = String(data.get('note') ?? '').trim();
  return { ...(note ? { note } : {}), activate: data.get('activate') === 'on' };
}

/**
 * The end of every form that saves a version: note, "activate at once", the button, the server's
 * problem unless a field of the form shows it (`shownFields`), and the version saved.
 */
export function VersionFormEnd({ save, submitLabel, shownFields }: { save: ReturnType<typeof useSaveVersion>; submitLabel: string; shownFields: string[] }) {
  const t = useT();
  return (
    <>
      <Field label={t('analyst.profiles.note')} error={fieldError(save.error, 'note')}>
        {(props) => <input {...props} name="note" maxLength={1000} />}
      </Field>
      <label className="check">
        <input type="checkbox" name="activate" /> {t('analyst.profiles.activateNow')}
      </label>
      <div>
        <button type="submit" className="primary" disabled={save.isPending}>
          {submitLabel}
        </button>
      </div>
      {fieldError(save.error, 'note', ...shownFields) ? null : <ProblemMessage error={save.error} />}
      {save.isSuccess ? (
        <p role="status" className="ok">
          {t('analyst.profiles.saved', { profile: profileRef(save.data) })}
        </p>
      ) : null}
    </>
  );
}

type MetricSummaries = Schemas['MetricSummaries'];

/** The four metrics' means as grouped bars, one colour per profile (or run), with the numbers as a table. */
export function MetricBars({ rows, k, label }: { rows: { label: string; metrics: MetricSummaries }[]; k: number; label: string }) {
  const t = useT();
  const metricName = useMetricName(k);
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: METRICS.map(metricName),
        datasets: rows.map((row, i) => ({ label: row.label, data: METRICS.map((m) => row.metrics[m].mean), backgroundColor: SERIES_COLOURS[i % SERIES_COLOURS.length] })),
      },
      options: { scales: { y: { min: 0, max: 1 } } },
    }),
    // The names follow the language (t); the rows change only with the answer they come from.
    [JSON.stringify(rows), t],
  );
  return <Chart config={config} label={label} table={{ columns: [t('analyst.evaluations.profile'), ...METRICS.map(metricName)], rows: rows.map((row) => [row.label, ...METRICS.map((m) => fixed(row.metrics[m].mean))]) }} />;
}
