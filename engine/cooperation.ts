/**
 * Cooperation wishes are typed and directed (offer or request), after the Enterprise Europe Network's
 * partnership profiles. The complement table says which request an offer meets; matching (issue 3)
 * scores with it, and the API shows it so that users see why two wishes fit.
 */
import type { Lang } from './taxonomy.ts';

export const WISH_TYPES = [
  'distribution',
  'sourcing',
  'investment',
  'merger-acquisition',
  'joint-venture',
  'licensing',
  'joint-rnd',
  'production',
  'training',
  'settlement',
] as const;
export type WishType = (typeof WISH_TYPES)[number];
export const WISH_DIRECTIONS = ['offer', 'request'] as const;
export type WishDirection = (typeof WISH_DIRECTIONS)[number];

export const WISH_TYPE_LABELS: Record<WishType, Record<Lang, string>> = {
  distribution: { de: 'Vertrieb / Handelsvermittlung', en: 'Distribution / trade intermediary', zh: '分销 / 贸易代理' },
  sourcing: { de: 'Beschaffung / Zulieferung', en: 'Sourcing / supply', zh: '采购 / 供应' },
  investment: { de: 'Investition / Beteiligung', en: 'Investment / financial stake', zh: '投资 / 参股' },
  'merger-acquisition': { de: 'Fusion / Übernahme', en: 'Merger / acquisition', zh: '并购' },
  'joint-venture': { de: 'Gemeinschaftsunternehmen', en: 'Joint venture', zh: '合资企业' },
  licensing: { de: 'Lizenzierung / Technologietransfer', en: 'Licensing / technology transfer', zh: '许可 / 技术转让' },
  'joint-rnd': { de: 'Gemeinsame Forschung und Entwicklung', en: 'Joint research and development', zh: '联合研发' },
  production: { de: 'Produktion / Lohnfertigung', en: 'Production / subcontracting', zh: '生产 / 委托加工' },
  training: { de: 'Aus- und Weiterbildung', en: 'Training', zh: '培训' },
  settlement: { de: 'Ansiedlung / Standortsuche', en: 'Settlement / site search', zh: '落户 / 选址' },
};

/**
 * Which offer meets which request, both ways round. Most types meet their own kind (a request for
 * distribution is met by an offer of distribution); the entries here are the ones a person would not
 * guess, e.g. a company that seeks a site is met by a city that offers settlement services, and a
 * company that offers production meets one that seeks sourcing. Investment and merger or acquisition
 * do not meet each other's requests: an offer to invest and a request for an acquisition both come
 * from buyers, an offer of a firm for sale and a request for investment both from sellers (the two
 * offers meet instead: MUTUAL_OFFERS). Measured on bench:quality: a large auto supplier seeking an
 * acquisition 0.680 → 1.000, Weihai's request for investment 0.475 → 0.466.
 */
export const COMPLEMENTS: Record<WishType, readonly WishType[]> = {
  distribution: ['distribution'],
  sourcing: ['sourcing', 'production'],
  investment: ['investment', 'joint-venture'],
  'merger-acquisition': ['merger-acquisition'],
  'joint-venture': ['joint-venture', 'investment'],
  licensing: ['licensing', 'joint-rnd'],
  'joint-rnd': ['joint-rnd', 'licensing'],
  production: ['production', 'sourcing'],
  training: ['training'],
  settlement: ['settlement'],
};

/**
 * Requests that meet a request of each type: two parties that both seek a joint venture, a merger, or
 * joint research want the same undertaking together (few offer one: the papers' firms ask for them);
 * and a firm that seeks a joint venture is open to a partner combining with it, which is what one that
 * seeks a merger or acquisition looks for (not the other way round: a joint venture is not a sale).
 */
export const MUTUAL_REQUESTS: Record<WishType, readonly WishType[]> = {
  distribution: [],
  sourcing: [],
  investment: [],
  'merger-acquisition': ['merger-acquisition', 'joint-venture'],
  'joint-venture': ['joint-venture'],
  licensing: [],
  'joint-rnd': ['joint-rnd'],
  production: [],
  training: [],
  settlement: [],
};

/**
 * Offers that meet each other: an offer to invest and an offer of a firm for sale (merger or
 * acquisition) are two sides of one deal, though neither party asked for anything.
 */
export const MUTUAL_OFFERS: Record<WishType, readonly WishType[]> = {
  distribution: [],
  sourcing: [],
  investment: ['merger-acquisition'],
  'merger-acquisition': ['investment'],
  'joint-venture': [],
  licensing: [],
  'joint-rnd': [],
  production: [],
  training: [],
  settlement: [],
};

/** Does an offer of type `offer` meet a request of type `request`? */
export function meets(offer: WishType, request: WishType): boolean {
  return COMPLEMENTS[request].includes(offer);
}

/** EU SME classes (Recommendation 2003/361/EC), by head count. */
export const SIZE_CLASSES = ['micro', 'small', 'medium', 'large'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

export const SIZE_CLASS_LABELS: Record<SizeClass, Record<Lang, string>> = {
  micro: { de: 'Kleinstunternehmen', en: 'micro enterprise', zh: '微型企业' },
  small: { de: 'Kleinunternehmen', en: 'small enterprise', zh: '小型企业' },
  medium: { de: 'mittleres Unternehmen', en: 'medium-sized enterprise', zh: '中型企业' },
  large: { de: 'Großunternehmen', en: 'large enterprise', zh: '大型企业' },
};

export function sizeClassOf(employees: number): SizeClass {
  if (employees < 10) return 'micro';
  if (employees < 50) return 'small';
  if (employees < 250) return 'medium';
  return 'large';
}

/** Annual turnover bands in EUR, aligned with the SME thresholds (2 m, 10 m, 50 m). */
export const REVENUE_BANDS = ['lt-2m', '2m-10m', '10m-50m', '50m-250m', 'gt-250m'] as const;
export type RevenueBand = (typeof REVENUE_BANDS)[number];

export const ORG_TYPES = [
  'company',
  'university',
  'research',
  'school',
  'association',
  'chamber',
  'agency',
  'government',
  'port',
  'media',
  'other',
] as const;
export type OrgType = (typeof ORG_TYPES)[number];

/**
 * A city's standing in the alliance, derived from the membership registry (engine/alliance/membership.ts):
 * 'network' is a town that belongs through its member network (counted once, as the network);
 * 'none' a city with no standing (a guest at one meeting, a declared interest).
 */
export const CITY_STATUSES = ['member', 'observer', 'guest', 'network', 'applicant', 'former', 'none'] as const;
export type CityStatus = (typeof CITY_STATUSES)[number];
