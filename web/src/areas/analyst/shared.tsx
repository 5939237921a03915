/** What the analyst's pages share: the area's tabs, the stored profiles, activating a version, weights as text. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import { api, unwrap, type Schemas } from '../../api/client.ts';
import { useLanguage, useT, type MessageKey } from '../../i18n/index.tsx';
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
