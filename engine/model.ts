/** Domain shapes shared by the data layer (which maps rows to them) and the HTTP face. */
import type { CityStatus, OrgType, RevenueBand, SizeClass, WishDirection, WishType } from './cooperation.ts';
import type { IndustryScheme, WeightedCode } from './taxonomy.ts';

/**
 * Where a fact comes from: "seed:<file>:<line>" for the alliance's source documents, "curated" for
 * general knowledge added by the project, "demo" for generated data, "api" for what a user entered.
 */
export type Provenance = string;

export interface KeyFigure {
  value: number;
  year: number | null;
  approx: boolean;
  provenance: Provenance;
  note?: string | null;
  currency?: string;
}

/** A statement with its source, e.g. a highlight quoted from a seed document. */
export interface SourcedText {
  text: string;
  provenance: Provenance;
}

export interface LocalizedText {
  de?: string;
  en?: string;
  zh?: string;
}

export interface Wish {
  direction: WishDirection;
  type: WishType;
  clusters: string[];
  targetCountry: string | null;
  description: LocalizedText;
  provenance: Provenance;
}

export interface CityStatusEntry {
  status: string;
  since: string | null;
  asOf: string | null;
  provenance: Provenance;
  note: string | null;
}

/** A point on the map (degrees, WGS 84), with where it comes from. */
export interface GeoPoint {
  lat: number;
  lon: number;
  provenance: Provenance;
  note: string | null;
}

export interface City {
  id: string;
  name: { de: string; en: string; zh: string | null };
  country: string;
  region: string | null;
  kind: string;
  parentId: string | null;
  networkId: string | null;
  /** Where the city is drawn on the map; null for a network of several towns. */
  location: GeoPoint | null;
  status: {
    current: CityStatus;
    since: string | null;
    asOf: string | null;
    /** Where the papers disagree about the status or its start; both claims with their sources. */
    disputes: { field: 'status' | 'since'; claims: { value: string; provenance: Provenance; quote: string | null }[] }[];
    note: string | null;
  };
  statusHistory: CityStatusEntry[];
  keyData: { population: KeyFigure | null; areaKm2: KeyFigure | null; gdp: KeyFigure | null };
  clusters: { id: string; provenance: Provenance; note: string | null }[];
  cooperations: {
    partner: string;
    partnerCountry: string | null;
    kind: string;
    since: string | null;
    description: string | null;
    provenance: Provenance;
  }[];
  wishes: Wish[];
  profile: CityProfile;
  sources: Provenance[];
}

export interface CityProfile {
  seedName: string;
  provenance: { nameZh: Provenance | null; region: Provenance | null; nameDe?: Provenance; nameEn?: Provenance };
  /** The parent city when it is not itself in the directory (Shenzhen for Bao'an). */
  parentName: string | null;
  nameVariants: string[];
  highlights: SourcedText[];
  research: SourcedText[];
  membershipInterest: unknown;
  notes: string | null;
}

export interface CompanyIndustry {
  scheme: IndustryScheme;
  code: string;
  nace: WeightedCode[];
}

export interface Contact {
  person?: string;
  email?: string;
  phone?: string;
  website?: string;
}

export interface Company {
  id: string;
  name: string;
  orgType: OrgType;
  country: string;
  cityId: string | null;
  cityName: string | null;
  groupId: string | null;
  size: { employees: number | null; sizeClass: SizeClass | null; revenueBand: RevenueBand | null };
  foundedYear: number | null;
  industries: CompanyIndustry[];
  industryText: string | null;
  description: LocalizedText;
  languages: string[];
  wishes: Wish[];
  contact: Contact;
  facts: SourcedText[];
  demo: boolean;
  provenance: Provenance[];
  /** Provenance of single fields where it differs from the record's (e.g. a curated size class). */
  fieldProvenance: Partial<Record<'cityName' | 'sizeClass' | 'country', Provenance>>;
  createdAt: string;
  updatedAt: string;
}

/** What a caller supplies to create or replace a company (validated by the HTTP face). */
export interface CompanyInput {
  id?: string;
  name: string;
  orgType?: OrgType;
  country: string;
  cityId?: string | null;
  cityName?: string | null;
  groupId?: string | null;
  size?: { employees?: number | null; sizeClass?: SizeClass | null; revenueBand?: RevenueBand | null };
  foundedYear?: number | null;
  industries?: { scheme: IndustryScheme; code: string }[];
  industryText?: string | null;
  description?: LocalizedText;
  languages?: string[];
  wishes?: Omit<Wish, 'provenance'>[] | Wish[];
  contact?: Contact;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** A company or city as lists name it: match lists and search hits. */
export interface EntityRef {
  kind: 'company' | 'city';
  id: string;
  name: string;
  country: string;
  cityId: string | null;
}

/** What an API key may do: run the service, organise events, analyse outcomes, or act for one company or one city. */
export const ROLES = ['admin', 'secretariat', 'organiser', 'analyst', 'company', 'city'] as const;
export type Role = (typeof ROLES)[number];
