/** Shapes domain records for the API: adds taxonomy labels, hides private fields from those who may not see them. */
import type { City, Company } from '../engine/model.ts';
import type { Taxonomy } from '../engine/taxonomy.ts';
import { WISH_TYPE_LABELS } from '../engine/cooperation.ts';
import type { Wish } from '../engine/model.ts';
import type { Principal } from './policy.ts';
import { maySeePrivate } from './policy.ts';

function clusterLabel(taxonomy: Taxonomy, id: string) {
  const c = taxonomy.cluster(id);
  return c ? { ...c.names } : null;
}

function presentWish(taxonomy: Taxonomy, w: Wish) {
  return {
    ...w,
    typeLabel: WISH_TYPE_LABELS[w.type] ?? null,
    clusters: w.clusters.map((id) => ({ id, label: clusterLabel(taxonomy, id) })),
  };
}

export function presentCity(taxonomy: Taxonomy, city: City) {
  return {
    ...city,
    clusters: city.clusters.map((c) => ({ ...c, label: clusterLabel(taxonomy, c.id) })),
    wishes: city.wishes.map((w) => presentWish(taxonomy, w)),
  };
}

/** Clusters a company belongs to, from its NACE codes: the strongest weight per cluster. */
export function companyClusters(taxonomy: Taxonomy, company: Company) {
  const best = new Map<string, number>();
  for (const industry of company.industries) {
    for (const target of industry.nace) {
      for (const c of taxonomy.clustersOf(target.code)) {
        const w = c.weight * target.weight;
        if (w > (best.get(c.cluster) ?? 0)) best.set(c.cluster, w);
      }
    }
  }
  return [...best.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([id, weight]) => ({ id, weight: Math.round(weight * 100) / 100, label: clusterLabel(taxonomy, id) }));
}

/** A directory city's names by id (undefined for a city the directory does not hold). */
export type CityNames = (id: string) => City['name'] | undefined;

export function presentCompany(taxonomy: Taxonomy, company: Company, principal: Principal | undefined, cityNames?: CityNames) {
  const { contact, ...rest } = company;
  const names = company.cityId && cityNames ? cityNames(company.cityId) : undefined;
  return {
    ...rest,
    ...(cityNames ? { cityNames: names ?? null } : {}),
    industries: company.industries.map((i) => ({
      ...i,
      label:
        i.scheme === 'NACE'
          ? (taxonomy.labelsOf(i.code) ?? null)
          : (() => {
              const g = taxonomy.gbt(i.code);
              return g ? { de: g.labels.en, en: g.labels.en, zh: g.labels.zh } : null;
            })(),
      nace: i.nace.map((t) => ({ ...t, label: taxonomy.labelsOf(t.code) ?? null })),
    })),
    clusters: companyClusters(taxonomy, company),
    wishes: company.wishes.map((w) => presentWish(taxonomy, w)),
    ...(maySeePrivate(principal, company) ? { contact } : {}),
  };
}
