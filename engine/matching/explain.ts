/**
 * Reasons a person can read, in German, English or Chinese, for one scored pair. Each reason is first a
 * claim about the pair (two codes under one NACE code, a value-chain link, a met wish and what made the
 * partner fit it, the sizes), then a sentence: a property test checks every claim against the pair, so a
 * reason never says more than is true.
 */
import { SIZE_CLASSES, SIZE_CLASS_LABELS, WISH_TYPE_LABELS, type WishType } from '../cooperation.ts';
import type { Lang, Taxonomy } from '../taxonomy.ts';
import type { ValueChainKind } from '../valueChain.ts';
import type { ClusterSpace, MatchFeatures } from './features.ts';
import type { ChainRole } from './roles.ts';
import type { PairScore, WishFitBasis } from './score.ts';

const COUNTRY: Record<string, Record<Lang, string>> = {
  DE: { de: 'Deutschland', en: 'Germany', zh: '德国' },
  CN: { de: 'China', en: 'China', zh: '中国' },
};
const countryName = (code: string | null, lang: Lang) => (code ? (COUNTRY[code]?.[lang] ?? code) : '');

const T = {
  bothCode: { de: 'beide in NACE {code} {label}', en: 'both in NACE {code} {label}', zh: '双方同属 NACE {code}（{label}）' },
  bothCluster: { de: 'beide im Cluster {label}', en: 'both in the {label} cluster', zh: '双方同属{label}产业集群' },
  chainSells: { de: 'Wertschöpfungskette: {provider} vertreibt Erzeugnisse aus {customer}', en: 'value chain: {provider} sells the products of {customer}', zh: '价值链：{provider}销售{customer}的产品' },
  chainSupplies: { de: 'Wertschöpfungskette: {provider} beliefert {customer}', en: 'value chain: {provider} supplies {customer}', zh: '价值链：{provider}为{customer}供货' },
  chainEquips: { de: 'Wertschöpfungskette: {provider} stellt Maschinen und Anlagen für {customer} her', en: 'value chain: {provider} makes machinery and equipment for {customer}', zh: '价值链：{provider}为{customer}制造机器设备' },
  chainServes: { de: 'Wertschöpfungskette: {provider} ist Dienstleister für {customer}', en: 'value chain: {provider} serves {customer}', zh: '价值链：{provider}为{customer}提供服务' },
  youSeek: { de: 'Sie suchen {wish}{where}; {name} bietet {offer}{fit}', en: 'you seek {wish}{where}; {name} offers {offer}{fit}', zh: '您寻求{wish}{where}；{name}提供{offer}{fit}' },
  theySeek: { de: '{name} sucht {wish}; Sie bieten {offer}{fit}', en: '{name} seeks {wish}; you offer {offer}{fit}', zh: '{name}寻求{wish}；您提供{offer}{fit}' },
  bothOffer: { de: 'Sie bieten {offer}; {name} bietet {theirs}{fit}', en: 'you offer {offer}; {name} offers {theirs}{fit}', zh: '您提供{offer}；{name}提供{theirs}{fit}' },
  youSeekTheySeek: { de: 'Sie suchen {wish}{where}; {name} hat es nicht angeboten, sucht aber {offer}{fit}', en: 'you seek {wish}{where}; {name} has not offered it, but seeks {offer}{fit}', zh: '您寻求{wish}{where}；{name}未声明提供，但寻求{offer}{fit}' },
  theySeekYouSeek: { de: '{name} sucht {wish}; Sie haben es nicht angeboten, suchen aber {offer}{fit}', en: '{name} seeks {wish}; you have not offered it, but seek {offer}{fit}', zh: '{name}寻求{wish}；您未声明提供，但寻求{offer}{fit}' },
  bothSeek: { de: 'Sie und {name} suchen beide {wish}{fit}', en: 'you and {name} both seek {wish}{fit}', zh: '您与{name}都在寻求{wish}{fit}' },
  youSeekRole: { de: 'Sie suchen {wish}{where}; {name} hat es nicht angeboten{fit}', en: 'you seek {wish}{where}; {name} has not offered it{fit}', zh: '您寻求{wish}{where}；{name}未声明提供{fit}' },
  theySeekRole: { de: '{name} sucht {wish}; Sie haben es nicht angeboten{fit}', en: '{name} seeks {wish}; you have not offered it{fit}', zh: '{name}寻求{wish}；您未声明提供{fit}' },
  inCountry: { de: ' in {country}', en: ' in {country}', zh: '（{country}）' },
  // What made the provider fit the request, from the reader's side: "they" provide (forward) or "you" do.
  theySell: { de: ' – als {provider} vertreibt {name}, was Sie herstellen', en: ' – in {provider}, {name} sells what you make', zh: '——{name}从事{provider}，销售您的产品' },
  theySupply: { de: ' – als {provider} beliefert {name} Ihre Branche ({customer})', en: ' – in {provider}, {name} supplies your industry ({customer})', zh: '——{name}从事{provider}，为您的行业（{customer}）供货' },
  theyEquip: { de: ' – als {provider} stellt {name} Maschinen und Anlagen für Ihre Branche ({customer}) her', en: ' – in {provider}, {name} makes machinery and equipment your industry ({customer}) uses', zh: '——{name}从事{provider}，为您的行业（{customer}）制造机器设备' },
  theyMake: { de: ' – als {provider} stellt {name} Waren her, die Sie vertreiben ({customer})', en: ' – in {provider}, {name} makes goods you sell ({customer})', zh: '——{name}从事{provider}，生产您所销售的商品（{customer}）' },
  theyServe: { de: ' – als {provider} ist {name} Dienstleister für Ihre Branche ({customer})', en: ' – in {provider}, {name} serves your industry ({customer})', zh: '——{name}从事{provider}，为您的行业（{customer}）提供服务' },
  youSell: { de: ' – als {provider} vertreiben Sie, was {name} herstellt', en: ' – in {provider}, you sell what {name} makes', zh: '——您从事{provider}，销售{name}的产品' },
  youSupply: { de: ' – als {provider} beliefern Sie die Branche von {name} ({customer})', en: " – in {provider}, you supply {name}'s industry ({customer})", zh: '——您从事{provider}，为{name}的行业（{customer}）供货' },
  youEquip: { de: ' – als {provider} stellen Sie Maschinen und Anlagen für die Branche von {name} ({customer}) her', en: " – in {provider}, you make machinery and equipment {name}'s industry ({customer}) uses", zh: '——您从事{provider}，为{name}的行业（{customer}）制造机器设备' },
  youMake: { de: ' – als {provider} stellen Sie Waren her, die {name} vertreibt ({customer})', en: ' – in {provider}, you make goods {name} sells ({customer})', zh: '——您从事{provider}，生产{name}所销售的商品（{customer}）' },
  youServe: { de: ' – als {provider} sind Sie Dienstleister für die Branche von {name} ({customer})', en: " – in {provider}, you serve {name}'s industry ({customer})", zh: '——您从事{provider}，为{name}的行业（{customer}）提供服务' },
  inCluster: { de: ' im Cluster {label}', en: ' in the {label} cluster', zh: '（{label}产业集群）' },
  inRelatedCluster: { de: ' im verwandten Cluster {label}', en: ' in the related {label} cluster', zh: '（相关的{label}产业集群）' },
  bothSize: { de: 'beide {size}', en: 'both {size}', zh: '双方均为{size}' },
  sizes: { de: '{a} und {b}', en: '{a} and {b}', zh: '{a}与{b}' },
  population: { de: 'Einwohner: {a} und {b}', en: 'population {a} and {b}', zh: '人口：{a}与{b}' },
  noRequests: { de: '{name} hat keine Kooperationswünsche angegeben', en: '{name} has stated no cooperation requests', zh: '{name}未填写合作需求' },
} satisfies Record<string, Record<Lang, string>>;

const CHAIN_TEXT: Record<ValueChainKind, keyof typeof T> = { sells: 'chainSells', supplies: 'chainSupplies', equips: 'chainEquips', serves: 'chainServes' };
const THEY_PROVIDE: Record<ChainRole, keyof typeof T> = { sells: 'theySell', supplies: 'theySupply', equips: 'theyEquip', serves: 'theyServe', makes: 'theyMake' };
const YOU_PROVIDE: Record<ChainRole, keyof typeof T> = { sells: 'youSell', supplies: 'youSupply', equips: 'youEquip', serves: 'youServe', makes: 'youMake' };

/** Populations as 1.2M / 120万: one formatter per language (making one costs more than a whole reason). */
const compactFormats = new Map<Lang, Intl.NumberFormat>();
function compactNumbers(lang: Lang): Intl.NumberFormat {
  let format = compactFormats.get(lang);
  if (!format) compactFormats.set(lang, (format = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : lang, { notation: 'compact', maximumFractionDigits: 1 })));
  return format;
}

/**
 * A template cut once at its {placeholders}: literal text at even indices, names at odd ones. A list
 * fills some hundred sentences, and a regular expression run over each cost more than the rest of the
 * sentence's making.
 */
const compiledTemplates = new Map<string, string[]>();
function templateParts(template: string): string[] {
  let parts = compiledTemplates.get(template);
  if (!parts) compiledTemplates.set(template, (parts = template.split(/\{(\w+)\}/)));
  return parts;
}

/** The template with each {name} replaced by values[name] ('' where it has none). */
function fill(template: string, values: Record<string, string>): string {
  const parts = templateParts(template);
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) out += (values[parts[i]!] ?? '') + parts[i + 1]!;
  return out;
}

function lower(label: string, lang: Lang) {
  return lang === 'en' ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

/** NACE labels as reasons print them (lower-cased in English), per taxonomy and language: a list names the same codes again and again. */
const naceLabels = new WeakMap<Taxonomy, Map<Lang, Map<string, string>>>();
function labelsOf(taxonomy: Taxonomy, lang: Lang): Map<string, string> {
  let byLang = naceLabels.get(taxonomy);
  if (!byLang) naceLabels.set(taxonomy, (byLang = new Map()));
  let labels = byLang.get(lang);
  if (!labels) byLang.set(lang, (labels = new Map()));
  return labels;
}

/** A met wish is named as a reason when the partner fits it at least this well (a related cluster's weak member does not). */
export const MATERIAL_WISH_FIT = 0.25;

/** What a reason says of the pair, before it is put into words. */
export type Claim =
  | { about: 'shared-code'; code: string }
  | { about: 'shared-cluster'; cluster: number }
  | { about: 'chain'; kind: ValueChainKind; provider: 'query' | 'candidate'; providerCode: string; customerCode: string }
  | {
      about: 'wish';
      requester: 'query' | 'candidate';
      request: WishType;
      /** How the provider answers: a stated offer, its own request that meets this one (score.ts complementarity), or its role in the value chain alone. */
      answeredBy: 'offer' | 'request' | 'role';
      /** The type of the provider's offer or request (null for a role). */
      offer: WishType | null;
      targetCountry: string | null;
      basis: WishFitBasis;
      fit: number;
    }
  | {
      /** An offer of the query's and one of the candidate's that meet each other (MUTUAL_OFFERS); `fitted` is the side whose fit to the other's offer `fit` is. */
      about: 'offers-meet';
      query: WishType;
      candidate: WishType;
      fitted: 'query' | 'candidate';
      basis: WishFitBasis;
      fit: number;
    }
  | { about: 'no-requests' }
  | { about: 'size-class'; query: number; candidate: number }
  | { about: 'population'; query: number; candidate: number };

export interface Reason {
  component: 'industry' | 'complementarity' | 'size';
  text: string;
}

export interface ExplainedReason extends Reason {
  claim: Claim;
}

/** The claims a pair's score rests on, strongest evidence first within each component. */
export function claimsOf(space: ClusterSpace, query: MatchFeatures, candidate: MatchFeatures, pair: PairScore): { component: Reason['component']; claim: Claim }[] {
  const claims: { component: Reason['component']; claim: Claim }[] = [];
  // Industry: the deepest shared code if it is a division or finer, else the strongest shared cluster;
  // and the value-chain link when it made the codes close. Sharing a section alone is no relation.
  const ind = pair.forward.industry;
  const common = ind.best?.commonPath ?? [];
  if (common.length >= 2) claims.push({ component: 'industry', claim: { about: 'shared-code', code: common.at(-1)! } });
  else if (ind.sharedClusters.length) claims.push({ component: 'industry', claim: { about: 'shared-cluster', cluster: ind.sharedClusters[0]! } });
  const chain = ind.best?.chain;
  if (chain) {
    claims.push({
      component: 'industry',
      claim: { about: 'chain', kind: chain.kind, provider: chain.provider === 'a' ? 'query' : 'candidate', providerCode: chain.providerCode, customerCode: chain.customerCode },
    });
  }
  for (const [requester, detail] of [['query', pair.forward.complementarity], ['candidate', pair.backward.complementarity]] as const) {
    for (const m of detail.met) {
      if (m.fit < MATERIAL_WISH_FIT) continue;
      claims.push({
        component: 'complementarity',
        claim: {
          about: 'wish',
          requester,
          request: m.request.type,
          answeredBy: m.offer === null ? 'role' : m.offer.direction === 'offer' ? 'offer' : 'request',
          offer: m.offer?.type ?? null,
          targetCountry: m.request.targetCountry,
          basis: m.basis,
          fit: m.fit,
        },
      });
    }
  }
  // Offers that meet each other: no request stands behind them, so the taken offers say it, once per pair of types.
  const offersMeet = new Set<string>();
  for (const [fitted, detail] of [['query', pair.forward.complementarity], ['candidate', pair.backward.complementarity]] as const) {
    for (const t of detail.taken) {
      if (t.request.direction !== 'offer' || t.fit < MATERIAL_WISH_FIT) continue;
      const [ours, theirs] = fitted === 'query' ? [t.offer.type, t.request.type] : [t.request.type, t.offer.type];
      if (offersMeet.has(`${ours}:${theirs}`)) continue;
      offersMeet.add(`${ours}:${theirs}`);
      claims.push({ component: 'complementarity', claim: { about: 'offers-meet', query: ours, candidate: theirs, fitted, basis: t.basis, fit: t.fit } });
    }
  }
  if (!candidate.requests.length) claims.push({ component: 'complementarity', claim: { about: 'no-requests' } });
  const size = pair.forward.size;
  if (size.basis === 'class') claims.push({ component: 'size', claim: { about: 'size-class', query: query.sizeClass, candidate: candidate.sizeClass } });
  else if (size.basis === 'population') claims.push({ component: 'size', claim: { about: 'population', query: query.population!, candidate: candidate.population! } });
  return claims;
}

export function explainPair(
  taxonomy: Taxonomy,
  space: ClusterSpace,
  query: MatchFeatures,
  candidate: MatchFeatures,
  pair: PairScore,
  lang: Lang,
): ExplainedReason[] {
  const labels = labelsOf(taxonomy, lang);
  const clusterLabel = (i: number) => taxonomy.cluster(space.ids[i]!)?.names[lang] ?? space.ids[i]!;
  const naceLabel = (code: string) => {
    let label = labels.get(code);
    if (label === undefined) labels.set(code, (label = lower(taxonomy.label(code, lang) ?? code, lang)));
    return label;
  };
  const withCode = (code: string) => (lang === 'zh' ? `${naceLabel(code)}（${code}）` : `${naceLabel(code)} (${code})`);
  const wishLabel = (type: WishType) => lower(WISH_TYPE_LABELS[type][lang], lang);
  const name = candidate.name;

  /** What made the provider fit the request, as the tail of the wish's sentence. */
  const fitText = (requester: 'query' | 'candidate', basis: WishFitBasis): string => {
    if (basis.by === 'cluster') return fill(T[basis.related ? 'inRelatedCluster' : 'inCluster'][lang], { label: clusterLabel(basis.cluster) });
    if (basis.by === 'chain') {
      const template = (requester === 'query' ? THEY_PROVIDE : YOU_PROVIDE)[basis.role];
      return fill(T[template][lang], { provider: naceLabel(basis.providerCode), customer: naceLabel(basis.requesterCode), name });
    }
    return '';
  };

  const say = (claim: Claim): string => {
    switch (claim.about) {
      case 'shared-code':
        return fill(T.bothCode[lang], { code: claim.code, label: naceLabel(claim.code) });
      case 'shared-cluster':
        return fill(T.bothCluster[lang], { label: clusterLabel(claim.cluster) });
      case 'chain':
        return fill(T[CHAIN_TEXT[claim.kind]][lang], { provider: withCode(claim.providerCode), customer: withCode(claim.customerCode) });
      case 'wish': {
        const fit = fitText(claim.requester, claim.basis);
        const wish = wishLabel(claim.request);
        if (claim.answeredBy === 'request' && claim.offer === claim.request) return fill(T.bothSeek[lang], { wish, name, fit });
        const where = claim.requester === 'query' && claim.targetCountry ? fill(T.inCountry[lang], { country: countryName(claim.targetCountry, lang) }) : '';
        // Requests of two kinds that meet (a trader's sourcing, a producer's distribution): each side's named.
        if (claim.answeredBy === 'request') return fill(T[claim.requester === 'query' ? 'youSeekTheySeek' : 'theySeekYouSeek'][lang], { wish, where, name, offer: wishLabel(claim.offer!), fit });
        if (claim.answeredBy === 'role') return fill(T[claim.requester === 'query' ? 'youSeekRole' : 'theySeekRole'][lang], { wish, where, name, fit });
        const offer = wishLabel(claim.offer!);
        if (claim.requester === 'candidate') return fill(T.theySeek[lang], { wish, name, offer, fit });
        return fill(T.youSeek[lang], { wish, where, name, offer, fit });
      }
      case 'offers-meet':
        // The fit is told as it is for a met request: the query's ("you") or the candidate's.
        return fill(T.bothOffer[lang], { offer: wishLabel(claim.query), theirs: wishLabel(claim.candidate), name, fit: fitText(claim.fitted === 'query' ? 'candidate' : 'query', claim.basis) });
      case 'no-requests':
        return fill(T.noRequests[lang], { name });
      case 'size-class': {
        const a = SIZE_CLASS_LABELS[SIZE_CLASSES[claim.query]!][lang];
        const b = SIZE_CLASS_LABELS[SIZE_CLASSES[claim.candidate]!][lang];
        return a === b ? fill(T.bothSize[lang], { size: a }) : fill(T.sizes[lang], { a, b });
      }
      case 'population': {
        const fmt = compactNumbers(lang);
        return fill(T.population[lang], { a: fmt.format(claim.query), b: fmt.format(claim.candidate) });
      }
    }
  };
  return claimsOf(space, query, candidate, pair).map(({ component, claim }) => ({ component, text: say(claim), claim }));
}
