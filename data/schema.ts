/**
 * Row types of the database. They stay in data/: repositories map them to the API's domain shapes.
 * Portable across SQLite and PostgreSQL: ISO-8601 UTC text dates, 0/1 integers for booleans, JSON as text.
 */
import type { Generated } from 'kysely';

export interface CityRow {
  id: string;
  name: string;
  name_de: string;
  name_en: string;
  name_zh: string | null;
  country: string;
  region: string | null;
  kind: string;
  parent_id: string | null;
  network_id: string | null;
  status: string;
  status_since: string | null;
  status_as_of: string | null;
  /** JSON: { disputes, note } — where the papers disagree about the status, and what else to know. */
  status_detail: string | null;
  /** JSON: { population, areaKm2, gdp } each { value, year, approx, provenance } or null. */
  key_data: string;
  /** JSON: names' provenance, variants, highlights, research, notes, membership interest. */
  profile: string;
  /** JSON: list of "seed:<file>:<line>" references behind the record. */
  sources: string;
  /** JSON: { lat, lon, provenance, note }, or null for a network of several towns. */
  location: string | null;
  search_text: string;
  created_at: string;
  updated_at: string;
}

export interface CityStatusRow {
  city_id: string;
  seq: number;
  status: string;
  since: string | null;
  as_of: string | null;
  provenance: string;
  note: string | null;
}

export interface CityClusterRow {
  city_id: string;
  cluster_id: string;
  provenance: string;
  note: string | null;
}

export interface CityCooperationRow {
  city_id: string;
  seq: number;
  partner: string;
  partner_country: string | null;
  kind: string;
  since: string | null;
  description: string | null;
  provenance: string;
}

export interface WishRow {
  owner_type: 'city' | 'company';
  owner_id: string;
  seq: number;
  direction: string;
  type: string;
  /** JSON: cluster ids. */
  clusters: string;
  target_country: string | null;
  /** JSON: { de?, en?, zh? }. */
  description: string;
  provenance: string;
}

export interface CompanyRow {
  id: string;
  name: string;
  org_type: string;
  country: string;
  city_id: string | null;
  city_name: string | null;
  group_id: string | null;
  employees: number | null;
  size_class: string | null;
  revenue_band: string | null;
  founded_year: number | null;
  industry_text: string | null;
  /** JSON: { de?, en?, zh? }. */
  description: string;
  /** JSON: language codes. */
  languages: string;
  /** JSON: private contact data { person?, email?, phone?, website? }; shown only to the company and admins. */
  contact: string;
  /** JSON: [{ text, provenance }] facts about the company from the seed documents. */
  facts: string;
  demo: number;
  /** JSON: list of provenance strings ("seed:<file>:<line>", "curated", "demo", "api"). */
  provenance: string;
  /** JSON: { field: provenance } where a single field's source differs from the record's. */
  field_provenance: string;
  search_text: string;
  created_at: string;
  updated_at: string;
}

export interface CompanyIndustryRow {
  company_id: string;
  seq: number;
  scheme: string;
  code: string;
  nace_code: string;
  nace_section: string;
  nace_division: string | null;
  nace_group: string | null;
  nace_class: string | null;
  weight: number;
}

/** The alliance's past events, as the seed documents give them (read-only history). */
export interface AllianceEventRow {
  id: string;
  title: string;
  date_start: string | null;
  date_end: string | null;
  date_as_written: string | null;
  place: string | null;
  organiser: string | null;
  type: string | null;
  format: string | null;
  status: string | null;
  relevance: string | null;
  topic: string | null;
  /** JSON: city ids. */
  city_ids: string;
  /** JSON: the event as the seed facts give it (participants, notes). */
  details: string;
  /** JSON: "seed:<file>:<line>" references. */
  sources: string;
}

export interface ApiKeyRow {
  id: string;
  name: string;
  role: string;
  key_hash: string;
  key_prefix: string;
  company_id: string | null;
  city_id: string | null;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface WeightProfileRow {
  name: string;
  version: number;
  /** JSON: { industry, complementarity, size }. */
  weights: string;
  fusion: string;
  /** JSON: 4×4 numbers. */
  size_matrix: string;
  /** 1 for the version of this name that is used. */
  active: number;
  /** 1 for the profile used when a request names none (one name at a time). */
  is_default: number;
  note: string | null;
  created_by: string | null;
  created_at: string;
  /** JSON: how the version was made and its cross-validated metrics (fitted versions), else null. */
  metrics: string | null;
}

/** A matchmaking event the alliance organises (distinct from alliance_events, the read-only history). */
export interface EventRow {
  id: string;
  name: string;
  venue: string | null;
  /** IANA time zone of the venue, e.g. Europe/Berlin: every time of the grid is wall-clock time there. */
  time_zone: string;
  slot_minutes: number;
  /** JSON: [{ date, sessions: [{ name, start, end, breaks? }] }]. */
  days: string;
  /** JSON: [{ id, name, reservedFor }]. */
  tables: string;
  /** JSON: { fairness, minMeetings, maxMeetings, suggestBelow, suggestionsPerParticipant, requireMutual, timeLimitSeconds }. */
  settings: string;
  /** The organiser's API key that owns the event. */
  owner_key_id: string;
  /** Bumped by every change a schedule depends on; a run that started on an older revision is not saved. */
  revision: number;
  created_at: string;
  updated_at: string;
}

export interface EventParticipantRow {
  event_id: string;
  id: string;
  name: string;
  kind: string;
  company_id: string | null;
  city_id: string | null;
  side: string;
  /** JSON: [{ name, role?, languages? }]. */
  attendees: string;
  /** JSON: language codes. */
  languages: string;
  interpreter_needed: number;
  /** JSON: [{ date, from, to }] wall-clock ranges in which the participant cannot meet. */
  unavailable: string;
  table_id: string | null;
  /** null: the event's default. */
  min_meetings: number | null;
  max_meetings: number | null;
  created_at: string;
  updated_at: string;
}

export interface EventWishRow {
  event_id: string;
  from_id: string;
  to_id: string;
  kind: string;
  created_at: string;
}

export interface EventRequestRow {
  event_id: string;
  id: string;
  from_id: string;
  to_id: string;
  status: string;
  message: string | null;
  created_at: string;
  answered_at: string | null;
}

export interface EventMeetingRow {
  event_id: string;
  id: string;
  a_id: string;
  b_id: string;
  /** 0-based slot of the event's grid. */
  slot: number;
  table_id: string | null;
  /** scheduled (a run may replace it), confirmed or locked (runs keep them). */
  status: string;
  origin: string;
  value: number;
  job_id: string | null;
  created_at: string;
  updated_at: string;
}

/** A pair's meeting that was taken away, for calendar feeds to cancel (a_id < b_id). */
export interface MeetingRemovalRow {
  event_id: string;
  a_id: string;
  b_id: string;
  a_name: string;
  b_name: string;
  slot: number;
  removed_at: string;
}

export interface JobRow {
  id: string;
  kind: string;
  event_id: string | null;
  owner_key_id: string;
  /** queued, running, succeeded, failed, cancelled. */
  status: string;
  /** JSON: what the job was asked to do. */
  params: string;
  /** JSON: { phase, fraction, ... }. */
  progress: string;
  /** JSON: the outcome (for schedules, the report). */
  result: string | null;
  /** JSON: { code, message, field } when failed. */
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** JSON: what the runner needs (migration 20261209T1000); null for jobs of older versions. */
  input: string | null;
  /** The instance that runs the job, while it runs. */
  lease_owner: string | null;
  /** Epoch milliseconds until which the lease holds; renewed while the job runs. */
  lease_until_ms: number | string | null;
  /** 1 once a cancel was asked for, through any instance. */
  cancel_requested: number;
}

/** One side's account of its meeting with one partner at an event. */
export interface MeetingOutcomeRow {
  event_id: string;
  participant_id: string;
  partner_id: string;
  /** The meeting row when recorded (a re-run may replace it; the pair stays). */
  meeting_id: string | null;
  attended: number;
  /** 1–5 or null. */
  rating: number | null;
  /** none, contact, negotiation, agreement. */
  follow_up: string;
  agreement_type: string | null;
  follow_up_date: string | null;
  note: string | null;
  /** api, csv or simulated. */
  source: string;
  recorded_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A stored evaluation of weight profiles on past events. */
export interface EvaluationRow {
  id: string;
  owner_key_id: string;
  /** JSON: profiles, events, k, threshold. */
  params: string;
  /** JSON: the evaluation. */
  result: string;
  created_at: string;
}

/** A subject's "not interested" mark on a suggested partner (both a company or a city). */
export interface MatchDismissalRow {
  subject_kind: string;
  subject_id: string;
  partner_kind: string;
  partner_id: string;
  /** The key that set the mark (null when that key is gone). */
  created_by: string | null;
  created_at: string;
}

/** A standing order for periodic reports: a scope, a cadence, languages and recipients. */
export interface ReportScheduleRow {
  id: string;
  /** city, country or organisation. */
  scope_kind: string;
  /** A city id, DE or CN, or an organisation's company id. */
  scope_id: string;
  /** monthly, quarterly or yearly. */
  cadence: string;
  /** JSON: language codes, the first is the reports' own. */
  languages: string;
  /** JSON: [{ kind: organisation|city|person, id?, name? }]. */
  recipients: string;
  /** The first day of the first period it produces (YYYY-MM-DD). */
  starts_on: string;
  created_by: string | null;
  created_at: string;
}

/** A report as produced and kept: its data are fixed when produced, its renderings are made on request. */
export interface ReportRow {
  id: string;
  scope_kind: string;
  scope_id: string;
  /** JSON: the scope's name { de, en, zh } when produced, for lists that do not read the content. */
  scope_name: string;
  /** The period, both days included (YYYY-MM-DD). */
  period_from: string;
  period_to: string;
  lang: string;
  /** JSON: the languages it is offered in. */
  languages: string;
  /** The schedule that produced it; null when asked for by hand. */
  schedule_id: string | null;
  /** JSON: as the schedule's. */
  recipients: string;
  /** JSON: the sections. */
  content: string;
  /** The key that asked for it; null when a schedule produced it. */
  created_by: string | null;
  created_at: string;
}

/** How often a subject did something on a day (match lists requested), one row per day, subject and action. */
export interface UsageCountRow {
  day: string;
  subject_kind: string;
  subject_id: string;
  action: string;
  count: number;
}

export interface MembershipRollRow {
  id: string;
  date: string;
  date_as_written: string | null;
  /** JSON LocalizedText. */
  title: string;
  /** JSON StatedCount[]. */
  stated: string;
  /** JSON StatedCount[]: seats counted without a name. */
  unnamed: string;
  provenance: string;
  quote: string | null;
}

export interface MembershipCountRow {
  id: string;
  date: string;
  date_as_written: string | null;
  /** JSON { DE: n, CN: n }. */
  counts: string;
  provenance: string;
  quote: string | null;
}

export interface MembershipStatementRow {
  id: string;
  city_id: string;
  kind: string;
  date: string;
  date_as_written: string | null;
  status: string | null;
  roll_id: string | null;
  application_id: string | null;
  provenance: string;
  quote: string | null;
  note: string | null;
  recorded_by: string | null;
  recorded_at: string;
}

export interface MembershipApplicationRow {
  id: string;
  city_id: string;
  state: string;
  filed_on: string;
  /** JSON ApplicationContent. */
  content: string;
  consent_rule: string | null;
  circulated_on: string | null;
  /** JSON string[]: the member cities asked for their consent. */
  electorate: string | null;
  decided_on: string | null;
  /** JSON { outcome, reason }. */
  decision: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A bilateral investment or cooperation project (issue 16). */
export interface CooperationProjectRow {
  id: string;
  /** JSON: { de?, en?, zh? }. */
  title: string;
  /** JSON: { de?, en?, zh? }. */
  summary: string;
  type: string;
  /** JSON: dotted NACE codes. */
  nace_codes: string;
  /** JSON: { amount, currency, asWritten, provenance }, only where a source gives it. */
  volume: string | null;
  /** The latest status entry's status and date (kept with the history). */
  status: string;
  status_date: string;
  /** JSON: [{ provenance, quote }] behind the record. */
  sources: string;
  search_text: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface MembershipVoteRow {
  application_id: string;
  city_id: string;
  vote: string;
  in_writing: number;
  document: string | null;
  date: string;
  note: string | null;
  recorded_by: string | null;
  recorded_at: string;
}

export interface ProjectPartyRow {
  project_id: string;
  seq: number;
  /** company, city or organisation. */
  party_kind: string;
  /** The company's or city's id when known. */
  party_id: string | null;
  name: string;
  country: string;
  role: string;
}

/** One dated, sourced status of a project; entries are only added. */
export interface ProjectStatusRow {
  project_id: string;
  seq: number;
  status: string;
  /** YYYY-MM-DD, or YYYY-MM where the source gives only the month. */
  date: string;
  /** seed:<file>:<line>, curated, or user:<keyId>. */
  provenance: string;
  quote: string | null;
  note: string | null;
  recorded_by: string;
  recorded_at: string;
}

export interface ProjectLinkRow {
  project_id: string;
  /** meeting, outcome, event or alliance-event. */
  kind: string;
  ref_id: string;
}

export interface ProjectSectorRow {
  project_id: string;
  nace_code: string;
  nace_section: string;
  nace_division: string | null;
  nace_group: string | null;
  nace_class: string | null;
}

export interface MetaRow {
  key: string;
  value: string;
}

/** A table's write version (migration 20261208T0900): changed by every write, by triggers. */
export interface DataVersionRow {
  name: string;
  instance: string;
  version: string | number;
}

/** The change log (migration 20261209T0900): one row per write to what instances hold in memory. */
export interface ChangeRow {
  seq: Generated<number>;
  entity: string;
  entity_id: string;
  at_ms: Generated<number>;
}

export interface Database {
  cities: CityRow;
  city_status: CityStatusRow;
  city_clusters: CityClusterRow;
  city_cooperations: CityCooperationRow;
  wishes: WishRow;
  companies: CompanyRow;
  company_industries: CompanyIndustryRow;
  alliance_events: AllianceEventRow;
  api_keys: ApiKeyRow;
  meta: MetaRow;
  data_versions: DataVersionRow;
  weight_profiles: WeightProfileRow;
  events: EventRow;
  event_participants: EventParticipantRow;
  event_wishes: EventWishRow;
  event_requests: EventRequestRow;
  event_meetings: EventMeetingRow;
  event_meeting_removals: MeetingRemovalRow;
  jobs: JobRow;
  changes: ChangeRow;
  meeting_outcomes: MeetingOutcomeRow;
  evaluations: EvaluationRow;
  match_dismissals: MatchDismissalRow;
  report_schedules: ReportScheduleRow;
  reports: ReportRow;
  usage_counts: UsageCountRow;
  membership_rolls: MembershipRollRow;
  membership_counts: MembershipCountRow;
  membership_statements: MembershipStatementRow;
  membership_applications: MembershipApplicationRow;
  membership_votes: MembershipVoteRow;
  cooperation_projects: CooperationProjectRow;
  project_parties: ProjectPartyRow;
  project_status_history: ProjectStatusRow;
  project_links: ProjectLinkRow;
  project_sectors: ProjectSectorRow;
}
