/**
 * Turns the alliance's structured seed facts (data/seed/isa-facts/, copied from the project's shared
 * reference material) and the project's curated enrichment into domain records: cities with membership
 * history, key data, clusters, cooperations and wishes; organisations as company records; past events.
 */
import { readFileSync } from 'node:fs';
import type { City, Company, GeoPoint, KeyFigure, SourcedText, Wish } from '../../engine/model.ts';
import type { OrgType, SizeClass, WishDirection, WishType } from '../../engine/cooperation.ts';
import { ORG_TYPES } from '../../engine/cooperation.ts';
import type { Taxonomy } from '../../engine/taxonomy.ts';
import type { AllianceEventRow } from '../schema.ts';
import { refsInText, seedRef, sourcedText } from './sources.ts';
import { loadSeedRegistry } from './alliance/membership.ts';
import { cityStandings, statusHistoryOf } from '../../engine/alliance/membership.ts';

const read = <T>(path: string): T => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as T;

interface SeedSource {
  file: string;
  line: number;
}
interface SeedCity {
  name: string;
  name_variants_in_seeds: string[];
  name_en: string;
  name_zh: string | null;
  country: string;
  region: string | null;
  region_source: string | null;
  parent_city: string | null;
  part_of_network: string | null;
  kind: string;
  status_history: { status: string; since: string | null; as_of?: string; source: string; note: string | null }[];
  membership_interest: { stated: boolean; since: string | null; source: string; quote: string } | null;
  area_km2: number | null;
  population: { value: number; as_written: string; year: number | null } | null;
  research: string[];
  highlights: string[];
  notes: string | null;
  sources: SeedSource[];
}

type Fact<T> = { value: T; provenance: string; note?: string } | null;
interface EnrichedWish {
  direction: WishDirection;
  type: WishType;
  clusters?: string[];
  targetCountry?: string | null;
  description?: { de?: string; en?: string; zh?: string };
  provenance: string;
}
interface CityEnrichment {
  id: string;
  nameZh?: Fact<string> & { note?: string };
  nameDe?: Fact<string>;
  nameEn?: Fact<string>;
  region?: Fact<string> | string | null;
  location?: GeoPoint | null;
  population?: KeyFigure | null;
  areaKm2?: KeyFigure | null;
  gdp?: KeyFigure | null;
  clusters?: { cluster: string; provenance: string; note?: string | null }[];
  cooperations?: City['cooperations'];
  wishes?: EnrichedWish[];
  notes?: string | null;
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Placeholder until the membership registry decides (see withRegistryStatus). */
const UNDECIDED: City['status'] = { current: 'none', since: null, asOf: null, disputes: [], note: null };

/**
 * A city's status and its history come from the membership registry (data/seed/alliance/membership.json,
 * engine/alliance/membership.ts), not from isa-facts' status_history, whose latest-dated entry would make
 * Dortmund a member and Yunfu a current one. The database re-derives them on every start and change.
 */
function withRegistryStatus(cities: City[], day: string): City[] {
  const registry = loadSeedRegistry();
  const standings = cityStandings(registry, cities, day);
  return cities.map((c) => ({ ...c, status: standings.get(c.id)!, statusHistory: statusHistoryOf(registry.statements.filter((s) => s.cityId === c.id)) }));
}

export interface AllianceData {
  cities: City[];
  companies: Company[];
  events: AllianceEventRow[];
}

export function loadAllianceData(taxonomy: Taxonomy, now: string): AllianceData {
  const seedCities = read<SeedCity[]>('./isa-facts/cities.json');
  const enrichment = read<{ cities: Record<string, CityEnrichment> }>('../cities/enrichment.json').cities;
  const idByName = new Map<string, string>();
  for (const c of seedCities) {
    const id = enrichment[c.name]?.id ?? `${c.country.toLowerCase()}-${slugify(c.name_en || c.name)}`;
    for (const name of [c.name, c.name_en, ...c.name_variants_in_seeds]) idByName.set(name, id);
  }
  const cities = withRegistryStatus(seedCities.map((c) => toCity(c, enrichment[c.name], idByName, taxonomy)), /^\d{4}-\d{2}-\d{2}/.test(now) ? now.slice(0, 10) : new Date().toISOString().slice(0, 10));
  const cityCountry = new Map(cities.map((c) => [c.id, c.country]));
  return {
    cities,
    companies: loadSeedCompanies(taxonomy, cityCountry, now),
    events: loadEvents(idByName),
  };
}

/** Every key figure in one shape: a missing year is null, and approx defaults to "not from a seed". */
function figure(f: KeyFigure | null | undefined): KeyFigure | null {
  if (!f) return null;
  return { ...f, year: f.year ?? null, approx: f.approx ?? !f.provenance.startsWith('seed:'), note: f.note ?? null };
}

function toCity(c: SeedCity, e: CityEnrichment | undefined, idByName: Map<string, string>, taxonomy: Taxonomy): City {
  const fallback = c.sources[0] ? seedRef(c.sources[0].file, c.sources[0].line) : 'curated';
  const region = typeof e?.region === 'string' ? { value: e.region, provenance: 'curated' } : (e?.region ?? null);
  const regionValue = c.region ?? region?.value ?? null;
  const regionProvenance = c.region
    ? c.region_source === 'seed'
      ? fallback
      : 'curated'
    : (region?.provenance ?? null);
  const nameZh = e?.nameZh?.value ?? c.name_zh;
  const nameZhProvenance = e?.nameZh?.provenance ?? (c.name_zh ? fallback : null);
  const seededPopulation: KeyFigure | null = c.population
    ? { value: c.population.value, year: c.population.year, approx: false, provenance: fallback, note: c.population.as_written }
    : null;
  const seededArea: KeyFigure | null = c.area_km2 != null ? { value: c.area_km2, year: null, approx: false, provenance: fallback } : null;
  const clusters = (e?.clusters ?? [])
    .filter((k) => taxonomy.cluster(k.cluster))
    .map((k) => ({ id: k.cluster, provenance: k.provenance, note: k.note ?? null }));
  const uniqueClusters = [...new Map(clusters.map((k) => [k.id, k])).values()];
  const notes = [
    c.notes,
    e?.notes,
    e?.nameZh?.note && `Chinese name: ${e.nameZh.note}`,
    typeof e?.region === 'object' && e?.region?.note ? `Region: ${e.region.note}` : null,
  ].filter(Boolean);
  return {
    id: idByName.get(c.name)!,
    name: { de: e?.nameDe?.value ?? c.name, en: e?.nameEn?.value ?? c.name_en, zh: nameZh ?? null },
    country: c.country,
    region: regionValue,
    kind: c.kind,
    parentId: c.parent_city ? (idByName.get(c.parent_city) ?? null) : null,
    networkId: c.part_of_network ? (idByName.get(c.part_of_network) ?? null) : null,
    location: e?.location ?? null,
    status: UNDECIDED,
    statusHistory: [],
    keyData: {
      population: figure(e?.population) ?? seededPopulation,
      areaKm2: figure(e?.areaKm2) ?? seededArea,
      gdp: figure(e?.gdp),
    },
    clusters: uniqueClusters,
    cooperations: e?.cooperations ?? [],
    wishes: (e?.wishes ?? []).map((w) => ({
      direction: w.direction,
      type: w.type,
      clusters: (w.clusters ?? []).filter((k) => taxonomy.cluster(k)),
      targetCountry: w.targetCountry ?? null,
      description: w.description ?? {},
      provenance: w.provenance,
    })),
    profile: {
      seedName: c.name,
      provenance: {
        nameZh: nameZhProvenance,
        region: regionProvenance,
        ...(e?.nameDe ? { nameDe: e.nameDe.provenance } : {}),
        ...(e?.nameEn ? { nameEn: e.nameEn.provenance } : {}),
      },
      parentName: c.parent_city,
      nameVariants: c.name_variants_in_seeds,
      highlights: c.highlights.map((h) => sourcedText(h, fallback)),
      research: c.research.map((r) => sourcedText(r, fallback)),
      membershipInterest: c.membership_interest,
      notes: notes.join(' ') || null,
    },
    sources: c.sources.map((s) => seedRef(s.file, s.line)),
  };
}

interface SeedCompany {
  name: string;
  kind: string;
  country: string | null;
  city: string | null;
  industry: string | null;
  seed_facts: string[];
  people: string[];
  isa_relation: string | null;
  notes: string | null;
  sources: SeedSource[];
}
interface CompanyEnrichment {
  id: string;
  orgType: string;
  country: string | null;
  cityId: string | null;
  cityName: string | null;
  cityNameProvenance?: string | null;
  sizeClassProvenance?: string | null;
  nace: { code: string; weight: number }[];
  sizeClass: SizeClass | null;
  description: { de?: string; en?: string; zh?: string };
  languages: string[];
  wishes: EnrichedWish[];
  provenance: string[];
  note?: string | null;
}

function loadSeedCompanies(taxonomy: Taxonomy, cityCountry: Map<string, string>, now: string): Company[] {
  const seed = read<SeedCompany[]>('./isa-facts/companies.json');
  const enrichment = read<{ companies: Record<string, CompanyEnrichment> }>('./company-enrichment.json').companies;
  return seed.map((s) => {
    const e = enrichment[s.name];
    const sources = s.sources.map((x) => seedRef(x.file, x.line));
    const fallback = sources[0] ?? 'curated';
    const facts: SourcedText[] = [
      ...s.seed_facts.map((f) => sourcedText(f, fallback)),
      ...s.people.map((p) => ({ text: p, provenance: fallback })),
    ];
    if (s.isa_relation) facts.push({ text: s.isa_relation, provenance: fallback });
    if (e?.note) facts.push({ text: e.note, provenance: 'curated' });
    const orgType = (ORG_TYPES as readonly string[]).includes(e?.orgType ?? '') ? (e!.orgType as OrgType) : 'other';
    const country = e?.country ?? (/^[A-Z]{2}$/.test(s.country ?? '') ? s.country! : 'XX');
    // The home city must lie in the company's country: LUQOM (DE) settled in Foshan, but Foshan is
    // not its home; such ties stay in the facts, and the record has no member city.
    const cityId = e?.cityId && cityCountry.get(e.cityId) === country ? e.cityId : null;
    if (e?.cityId && !cityId && cityCountry.has(e.cityId)) {
      facts.push({ text: `Tied to the member city ${e.cityId} in the seeds, outside its home country`, provenance: fallback });
    }
    return {
      id: e?.id ?? slugify(s.name),
      name: s.name,
      orgType,
      country,
      cityId,
      cityName: e?.cityName ?? null,
      groupId: null,
      size: { employees: null, sizeClass: e?.sizeClass ?? null, revenueBand: null },
      foundedYear: null,
      industries: (e?.nace ?? [])
        .map((n) => ({ code: taxonomy.normalizeNace(n.code), weight: n.weight }))
        .filter((n): n is { code: string; weight: number } => !!n.code)
        .map((n) => ({ scheme: 'NACE' as const, code: n.code, nace: [{ code: n.code, weight: n.weight }] })),
      industryText: s.industry,
      description: e?.description ?? {},
      languages: e?.languages ?? [],
      wishes: (e?.wishes ?? []).map((w) => ({
        direction: w.direction,
        type: w.type,
        clusters: w.clusters ?? [],
        targetCountry: w.targetCountry ?? null,
        description: w.description ?? {},
        provenance: w.provenance,
      })),
      contact: {},
      facts,
      demo: false,
      provenance: [...new Set([...(e?.provenance ?? []), ...sources])],
      fieldProvenance: {
        ...(e?.cityName && e.cityNameProvenance ? { cityName: e.cityNameProvenance } : {}),
        ...(e?.sizeClass && e.sizeClassProvenance ? { sizeClass: e.sizeClassProvenance } : {}),
        ...(e?.country && e.country !== s.country ? { country: 'curated' } : {}),
      },
      createdAt: now,
      updatedAt: now,
    } satisfies Company;
  });
}

interface SeedEvent {
  id: string;
  title: string;
  date_start: string | null;
  date_end: string | null;
  date_as_written: string | null;
  place: string | null;
  organiser: string | null;
  participating_cities: string[];
  other_participants: string[];
  topic: string | null;
  type: string | null;
  format: string | null;
  status: string | null;
  relevance: string | null;
  notes: string | null;
  sources: SeedSource[];
}

function loadEvents(idByName: Map<string, string>): AllianceEventRow[] {
  const events = read<SeedEvent[]>('./isa-facts/events.json');
  return events.map((e) => ({
    id: e.id,
    title: e.title,
    date_start: e.date_start,
    date_end: e.date_end,
    date_as_written: e.date_as_written,
    place: e.place,
    organiser: e.organiser,
    type: e.type,
    format: e.format,
    status: e.status,
    relevance: e.relevance,
    topic: e.topic,
    city_ids: JSON.stringify([...new Set(e.participating_cities.map((n) => idByName.get(n)).filter(Boolean))]),
    details: JSON.stringify({
      participatingCities: e.participating_cities,
      otherParticipants: e.other_participants,
      notes: e.notes,
      references: e.notes ? refsInText(e.notes) : [],
    }),
    sources: JSON.stringify(e.sources.map((s) => seedRef(s.file, s.line))),
  }));
}
