/** Reasons a person can read, in German, English or Chinese, for one scored pair. */
import { SIZE_CLASSES, SIZE_CLASS_LABELS, WISH_TYPE_LABELS } from '../cooperation.ts';
import type { Lang, Taxonomy } from '../taxonomy.ts';
import type { ClusterSpace, MatchFeatures } from './features.ts';
import type { PairScore } from './score.ts';

const COUNTRY: Record<string, Record<Lang, string>> = {
  DE: { de: 'Deutschland', en: 'Germany', zh: '德国' },
  CN: { de: 'China', en: 'China', zh: '中国' },
};
const countryName = (code: string | null, lang: Lang) => (code ? (COUNTRY[code]?.[lang] ?? code) : '');

const T = {
  bothCode: { de: 'beide in NACE {code} {label}', en: 'both in NACE {code} {label}', zh: '双方同属 NACE {code}（{label}）' },
  bothCluster: { de: 'beide im Cluster {label}', en: 'both in the {label} cluster', zh: '双方同属{label}产业集群' },
  relatedIndustry: { de: 'verwandte Branchen ({a} / {b})', en: 'related industries ({a} / {b})', zh: '相关行业（{a} / {b}）' },
  youSeek: { de: 'Sie suchen {wish}{where}; {name} bietet {offer}', en: 'you seek {wish}{where}; {name} offers {offer}', zh: '您寻求{wish}{where}；{name}提供{offer}' },
  theySeek: { de: '{name} sucht {wish}; Sie bieten {offer}', en: '{name} seeks {wish}; you offer {offer}', zh: '{name}寻求{wish}；您提供{offer}' },
  inCountry: { de: ' in {country}', en: ' in {country}', zh: '（{country}）' },
  bothSize: { de: 'beide {size}', en: 'both {size}', zh: '双方均为{size}' },
  sizes: { de: '{a} und {b}', en: '{a} and {b}', zh: '{a}与{b}' },
  population: { de: 'Einwohner: {a} und {b}', en: 'population {a} and {b}', zh: '人口：{a}与{b}' },
  noRequests: { de: '{name} hat keine Kooperationswünsche angegeben', en: '{name} has stated no cooperation requests', zh: '{name}未填写合作需求' },
} satisfies Record<string, Record<Lang, string>>;

const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');

function lower(label: string, lang: Lang) {
  return lang === 'en' ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

export interface Reason {
  component: 'industry' | 'complementarity' | 'size';
  text: string;
}

export function explainPair(
  taxonomy: Taxonomy,
  space: ClusterSpace,
  query: MatchFeatures,
  candidate: MatchFeatures,
  pair: PairScore,
  lang: Lang,
): Reason[] {
  const reasons: Reason[] = [];
  const clusterLabel = (i: number) => taxonomy.cluster(space.ids[i]!)?.names[lang] ?? space.ids[i]!;
  const naceLabel = (code: string) => lower(taxonomy.label(code, lang) ?? code, lang);

  // Industry: the deepest shared code if it is a division or finer, else the strongest shared cluster.
  const ind = pair.forward.industry;
  const common = ind.best?.commonPath ?? [];
  if (common.length >= 2) {
    const code = common.at(-1)!;
    reasons.push({ component: 'industry', text: fill(T.bothCode[lang], { code, label: naceLabel(code) }) });
  } else if (ind.sharedClusters.length) {
    reasons.push({ component: 'industry', text: fill(T.bothCluster[lang], { label: clusterLabel(ind.sharedClusters[0]!) }) });
  } else if (ind.best && ind.best.similarity > 0) {
    reasons.push({
      component: 'industry',
      text: fill(T.relatedIndustry[lang], { a: naceLabel(ind.best.a.code), b: naceLabel(ind.best.b.code) }),
    });
  }

  const wishLabel = (type: keyof typeof WISH_TYPE_LABELS) => lower(WISH_TYPE_LABELS[type][lang], lang);
  for (const m of pair.forward.complementarity.met) {
    const where = m.request.targetCountry ? fill(T.inCountry[lang], { country: countryName(m.request.targetCountry, lang) }) : '';
    reasons.push({
      component: 'complementarity',
      text: fill(T.youSeek[lang], { wish: wishLabel(m.request.type), where, name: candidate.name, offer: wishLabel(m.offer.type) }),
    });
  }
  for (const m of pair.backward.complementarity.met) {
    reasons.push({
      component: 'complementarity',
      text: fill(T.theySeek[lang], { wish: wishLabel(m.request.type), name: candidate.name, offer: wishLabel(m.offer.type) }),
    });
  }
  if (!candidate.requests.length) reasons.push({ component: 'complementarity', text: fill(T.noRequests[lang], { name: candidate.name }) });

  const size = pair.forward.size;
  if (size.basis === 'class') {
    const a = SIZE_CLASS_LABELS[SIZE_CLASSES[query.sizeClass]!][lang];
    const b = SIZE_CLASS_LABELS[SIZE_CLASSES[candidate.sizeClass]!][lang];
    reasons.push({ component: 'size', text: a === b ? fill(T.bothSize[lang], { size: a }) : fill(T.sizes[lang], { a, b }) });
  } else if (size.basis === 'population') {
    const fmt = (n: number) => new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : lang, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
    reasons.push({ component: 'size', text: fill(T.population[lang], { a: fmt(query.population!), b: fmt(candidate.population!) }) });
  }
  return reasons;
}
