/**
 * The alliance's membership as dated, sourced statements, and who belonged on a given day.
 *
 * The papers print member lists ("rolls") at a few dates, state counts that do not always match their
 * own lists, and report single admissions, guests and interest. The registry keeps all of it and adds
 * the decisions taken by the rules (applications, withdrawals, seat conversions). A roll is taken as
 * complete for its date: a city missing from it is not a member then, even without a reported
 * withdrawal (Mainz is missing on 2017-09-27, 003 L20), and the composition says so. Statements dated
 * after the roll in force change it: admissions, observer seats, withdrawals, conversions; a passing
 * mention ("ISA-Mitgliedsstadt Dortmund") adds a city the roll does not cover but cannot overrule the
 * roll's own word about a city — it makes the city's status contested instead.
 * A network and its towns count once, in the unit the roll in force uses (three towns in 2017, one
 * network in 2021).
 */
import type { CityStatus } from '../cooperation.ts';
import type { LocalizedText } from '../model.ts';

export const MEMBER_STATUSES = ['member', 'observer', 'guest'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const STATEMENT_KINDS = [
  'listed', // an entry of a roll
  'admitted', // accepted as a member (by the rules, or reported by a paper)
  'observer-admitted', // accepted for a temporary observer seat (the 2:1 ratio, 003 §5.1)
  'converted-to-observer', // a member's seat turned into an observer seat by a motion (003 §5.2)
  'withdrawn', // withdrawal by written request, effective when communicated (003 §5.2)
  'mentioned-as-member', // a paper calls the city a member in passing
  'guest-status', // a paper gives the city a standing guest status
  'attended-as-guest', // one visit as a guest: no standing status
  'recommended', // a council recommends seeking membership: not an admission
  'interest', // declared interest in membership
  'applied', // an application was filed with the secretariat
  'rejected', // an application failed for want of consent
  'announced', // the new members' list was announced at a joint meeting (003 §5.1)
] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

/** Statements the secretariat records from a paper or a letter; decisions have their own actions. */
export const RECORDABLE_KINDS = ['mentioned-as-member', 'guest-status', 'attended-as-guest', 'recommended', 'interest'] as const satisfies readonly StatementKind[];

/** Kinds that change who belongs; the rest are recorded and shown but change nothing. */
const STATUS_KINDS: ReadonlySet<StatementKind> = new Set(['admitted', 'observer-admitted', 'converted-to-observer', 'withdrawn', 'guest-status', 'mentioned-as-member']);

export interface Source {
  provenance: string;
  quote: string | null;
}

export interface MembershipStatement extends Source {
  id: string;
  cityId: string;
  kind: StatementKind;
  /** ISO date, possibly partial ("2016", "2020-10"). */
  date: string;
  dateAsWritten: string | null;
  /** The status the statement gives (for a roll entry: member or guest). */
  status: MemberStatus | null;
  rollId: string | null;
  applicationId: string | null;
  note: string | null;
}

export interface StatedCount extends Source {
  country: string;
  count: number;
}

export interface Roll extends Source {
  id: string;
  date: string;
  dateAsWritten: string | null;
  title: LocalizedText;
  stated: StatedCount[];
  /** Seats the roll counts without naming them ("N.N."). */
  unnamed: StatedCount[];
}

/** A count a paper states without a list ("the alliance with 26 Chinese and 21 German cities"). */
export interface CountStatement extends Source {
  id: string;
  date: string;
  dateAsWritten: string | null;
  counts: Record<string, number>;
}

export interface RegistryCity {
  id: string;
  country: string;
  kind: string;
  /** The member network the town belongs to ("Drei gewinnt", Region Schwarzwald). */
  networkId: string | null;
  name: { de: string; en: string; zh: string | null };
}

export interface Registry {
  rolls: Roll[];
  counts: CountStatement[];
  /** In the order they were recorded. */
  statements: MembershipStatement[];
}

export interface CompositionEntry {
  cityId: string;
  country: string;
  status: MemberStatus;
  contested: boolean;
  /** Towns of a network that count through it. */
  towns: string[];
  /** The statements that put the city here, and those that say otherwise. */
  support: MembershipStatement[];
  against: (Source & { reason: string })[];
}

export type DisagreementCode = 'count' | 'roll' | 'status' | 'unlisted';

export interface Disagreement {
  code: DisagreementCode;
  cityId: string | null;
  country: string | null;
  message: string;
  /** For a count: the count a paper states and the count named beside it. */
  figures: { stated: number; named: number } | null;
  sources: Source[];
}

export interface CountryCounts {
  members: number;
  observers: number;
  guests: number;
  /** Members whose membership on the day is contested by another source. */
  contested: number;
  /** Seats a roll counts without a name. */
  unnamed: number;
}

export interface Composition {
  date: string;
  rolls: Roll[];
  entries: CompositionEntry[];
  counts: Record<string, CountryCounts>;
  stated: { date: string; dateAsWritten: string | null; country: string; count: number; source: Source }[];
  /** Chinese members per German member; null when there is no German member. */
  ratio: number | null;
  agrees: boolean;
  disagreements: Disagreement[];
}

// ---------- dates ----------

const ISO_PARTIAL = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** The first day a partial date covers: "2020-10" → "2020-10-01". */
export function dayOf(date: string): string {
  if (!ISO_PARTIAL.test(date)) throw new Error(`not an ISO date: ${date}`);
  return date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date;
}

const dayBefore = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

// ---------- composition ----------

const sourceOf = (s: Source): Source => ({ provenance: s.provenance, quote: s.quote });

/** Who belonged on `date` (an ISO day), by the roll in force and the statements after it. */
export function compose(registry: Registry, cities: readonly RegistryCity[], date: string, depth = 0): Composition {
  const day = dayOf(date);
  const cityById = new Map(cities.map((c) => [c.id, c]));
  const countryOf = (id: string) => cityById.get(id)?.country ?? '??';
  const rollStart = registry.rolls.map((r) => dayOf(r.date)).filter((d) => d <= day).sort().at(-1) ?? null;
  const rolls = rollStart ? registry.rolls.filter((r) => dayOf(r.date) === rollStart) : [];
  const rollIds = new Set(rolls.map((r) => r.id));
  const entries = new Map<string, CompositionEntry>();
  const disagreements: Disagreement[] = [];

  // The roll(s) in force. Two rolls of the same date (the founding lists of 002 and 003) are
  // alternatives: a city on only some of them is contested.
  for (const s of registry.statements) {
    if (!s.rollId || !rollIds.has(s.rollId) || !s.status) continue;
    const entry = entries.get(s.cityId);
    if (entry) entry.support.push(s);
    else entries.set(s.cityId, { cityId: s.cityId, country: countryOf(s.cityId), status: s.status, contested: false, towns: [], support: [s], against: [] });
  }
  if (rolls.length > 1) {
    for (const entry of entries.values()) {
      const missingFrom = rolls.filter((r) => !entry.support.some((s) => s.rollId === r.id));
      for (const roll of missingFrom) {
        entry.contested = true;
        entry.against.push({ ...sourceOf(roll), reason: `not on the list of ${roll.id}` });
      }
    }
  }

  // Statements after the roll, in date order.
  const later = registry.statements
    .filter((s) => !s.rollId && STATUS_KINDS.has(s.kind) && (!rollStart || dayOf(s.date) > rollStart) && dayOf(s.date) <= day)
    // Stable: statements of one day keep the order they were recorded in (the registry's order).
    .sort((a, b) => dayOf(a.date).localeCompare(dayOf(b.date)));
  for (const s of later) {
    const entry = entries.get(s.cityId);
    if (s.kind === 'withdrawn') {
      entries.delete(s.cityId);
      continue;
    }
    if (s.kind === 'mentioned-as-member') {
      if (!entry) entries.set(s.cityId, { cityId: s.cityId, country: countryOf(s.cityId), status: 'member', contested: false, towns: [], support: [s], against: [] });
      else if (entry.status === 'member') entry.support.push(s);
      else {
        entry.contested = true;
        entry.against.push({ ...sourceOf(s), reason: `called a member, against its status '${entry.status}'` });
      }
      continue;
    }
    const status: MemberStatus = s.kind === 'guest-status' ? 'guest' : s.kind === 'admitted' ? 'member' : 'observer';
    entries.set(s.cityId, { cityId: s.cityId, country: countryOf(s.cityId), status, contested: false, towns: [], support: [...(entry?.support ?? []), s], against: [] });
  }

  // A network counts once: its towns fold into it when both are present.
  for (const entry of entries.values()) {
    const towns = cities.filter((c) => c.networkId === entry.cityId).map((c) => c.id);
    entry.towns = towns;
    for (const town of towns) {
      const townEntry = entries.get(town);
      if (townEntry && entry.status === 'member') {
        entry.support.push(...townEntry.support);
        entries.delete(town);
      }
    }
  }

  const list = [...entries.values()].sort((a, b) => a.country.localeCompare(b.country) || a.cityId.localeCompare(b.cityId));
  const counts: Record<string, CountryCounts> = {};
  const bucket = (country: string) => (counts[country] ??= { members: 0, observers: 0, guests: 0, contested: 0, unnamed: 0 });
  for (const country of ['DE', 'CN']) bucket(country);
  for (const e of list) {
    const c = bucket(e.country);
    if (e.status === 'member') c.members++;
    else if (e.status === 'observer') c.observers++;
    else c.guests++;
    if (e.contested && e.status === 'member') c.contested++;
  }
  for (const roll of rolls) for (const u of roll.unnamed) bucket(u.country).unnamed = Math.max(bucket(u.country).unnamed, u.count);

  // What the papers state, beside what they name.
  const stated: Composition['stated'] = [];
  for (const roll of rolls) for (const s of roll.stated) stated.push({ date: roll.date, dateAsWritten: roll.dateAsWritten, country: s.country, count: s.count, source: sourceOf(s) });
  const latestCount = registry.counts
    .filter((c) => dayOf(c.date) <= day && (!rollStart || dayOf(c.date) > rollStart))
    .sort((a, b) => dayOf(a.date).localeCompare(dayOf(b.date)))
    .at(-1);
  if (latestCount) {
    for (const [country, count] of Object.entries(latestCount.counts)) {
      stated.push({ date: latestCount.date, dateAsWritten: latestCount.dateAsWritten, country, count, source: sourceOf(latestCount) });
    }
  }
  // A roll's stated counts are compared with the roll's own names (and unnamed seats); a later count
  // statement with everything in force on the day.
  const rollNamed = (roll: Roll, country: string) =>
    registry.statements.filter((x) => x.rollId === roll.id && x.status === 'member' && countryOf(x.cityId) === country).length +
    (roll.unnamed.find((u) => u.country === country)?.count ?? 0);
  const namesAt = (roll: Roll, country: string) => [
    ...new Set(registry.statements.filter((x) => x.rollId === roll.id && countryOf(x.cityId) === country).map((x) => x.provenance)),
  ];
  for (const roll of rolls) {
    for (const s of roll.stated) {
      const named = rollNamed(roll, s.country);
      if (named === s.count) continue;
      disagreements.push({
        code: 'count',
        cityId: null,
        country: s.country,
        message: `${s.provenance} states ${s.count} ${s.country} members; the same list names ${named} (${namesAt(roll, s.country).join(', ')})`,
        figures: { stated: s.count, named },
        sources: [sourceOf(s), ...namesAt(roll, s.country).map((provenance) => ({ provenance, quote: null }))],
      });
    }
  }
  if (latestCount) {
    for (const [country, count] of Object.entries(latestCount.counts)) {
      const named = counts[country]?.members ?? 0;
      if (named === count) continue;
      disagreements.push({
        code: 'count',
        cityId: null,
        country,
        message: `${latestCount.provenance} states ${count} ${country} members (${latestCount.dateAsWritten ?? latestCount.date}); the lists and statements in force name ${named} (${rolls.map((r) => r.provenance).join(', ') || 'no list'})`,
        figures: { stated: count, named },
        sources: [sourceOf(latestCount), ...rolls.map(sourceOf)],
      });
    }
  }
  for (const e of list) {
    if (!e.contested) continue;
    disagreements.push({
      code: rolls.length > 1 && e.against.some((a) => a.reason.startsWith('not on the list')) ? 'roll' : 'status',
      cityId: e.cityId,
      country: e.country,
      figures: null,
      message: `${e.cityId}: ${e.status} by ${e.support.map((s) => s.provenance).join(', ')}; ${e.against.map((a) => `${a.reason} (${a.provenance})`).join('; ')}`,
      sources: [...e.support.map(sourceOf), ...e.against.map(sourceOf)],
    });
  }

  // Members of the previous state missing from this roll without a withdrawal or conversion.
  if (rollStart && depth < registry.rolls.length) {
    const before = compose(registry, cities, dayBefore(rollStart), depth + 1);
    for (const prev of before.entries) {
      if (prev.status !== 'member' || entries.has(prev.cityId)) continue;
      const network = list.find((e) => e.towns.includes(prev.cityId));
      if (network) continue;
      if (prev.towns.length && prev.towns.every((t) => entries.has(t))) continue;
      const reason = registry.statements.find((s) => s.cityId === prev.cityId && (s.kind === 'withdrawn' || s.kind === 'converted-to-observer') && dayOf(s.date) <= day);
      if (reason) continue;
      disagreements.push({
        code: 'unlisted',
        cityId: prev.cityId,
        country: prev.country,
        figures: null,
        message: `${prev.cityId}: a member by ${prev.support.map((s) => s.provenance).join(', ')}, missing from ${rolls.map((r) => r.provenance).join(' and ')}; no withdrawal is reported`,
        sources: [...prev.support.map(sourceOf), ...rolls.map(sourceOf)],
      });
    }
  }

  const de = counts.DE!.members;
  return {
    date: day,
    rolls,
    entries: list,
    counts,
    stated,
    ratio: de ? Math.round((counts.CN!.members / de) * 1000) / 1000 : null,
    agrees: !disagreements.some((d) => d.code === 'count' || d.code === 'roll'),
    disagreements,
  };
}

// ---------- a city's standing ----------


export interface Claim {
  value: string;
  provenance: string;
  quote: string | null;
}

export interface CityStandingSummary {
  current: CityStatus;
  /** When the current standing began; null when unknown or when the papers disagree (see disputes). */
  since: string | null;
  /** The latest statement that bears the standing out. */
  asOf: string | null;
  disputes: { field: 'status' | 'since'; claims: Claim[] }[];
  note: string | null;
}

/** The days on which the composition can change: roll dates and dated statements. */
function changeDays(registry: Registry, until: string): string[] {
  const days = new Set<string>();
  for (const r of registry.rolls) days.add(dayOf(r.date));
  for (const s of registry.statements) if (STATUS_KINDS.has(s.kind)) days.add(dayOf(s.date));
  return [...days].filter((d) => d <= until).sort();
}

const claimOf = (s: MembershipStatement, value?: string): Claim => ({ value: value ?? s.dateAsWritten ?? s.date, provenance: s.provenance, quote: s.quote });

/**
 * Every city's standing on `date`: the composition decides member, observer and guest; a town of a
 * member network is 'network'; an open application makes 'applicant'; a city that once belonged and
 * no longer does is 'former'; anyone else 'none' (a guest at one meeting, an interest). `since` is the
 * start of the current stint; where the first statement of that stint is contested (Köln on the
 * founding list of 002 but not of 003), `since` is null and both claims are given.
 */
export function cityStandings(registry: Registry, cities: readonly RegistryCity[], date: string, openApplications: ReadonlySet<string> = new Set()): Map<string, CityStandingSummary> {
  const day = dayOf(date);
  const now = compose(registry, cities, day);
  const days = changeDays(registry, day);
  const history = days.map((d) => ({ day: d, composition: compose(registry, cities, d) }));
  const result = new Map<string, CityStandingSummary>();
  for (const city of cities) {
    const entry = now.entries.find((e) => e.cityId === city.id);
    const network = now.entries.find((e) => e.status === 'member' && e.towns.includes(city.id));
    const statements = registry.statements.filter((s) => s.cityId === city.id && dayOf(s.date) <= day).sort((a, b) => dayOf(a.date).localeCompare(dayOf(b.date)));
    const wasMember =
      history.some((h) => h.composition.entries.some((e) => e.cityId === city.id && e.status === 'member')) ||
      statements.some((s) => s.kind === 'admitted' || s.kind === 'observer-admitted');
    const disputes: CityStandingSummary['disputes'] = [];
    let current: CityStatus;
    let since: string | null = null;
    let note: string | null = null;
    if (entry) {
      current = entry.status;
      if (entry.contested) {
        disputes.push({ field: 'status', claims: [...entry.support.map((s) => claimOf(s, s.status ?? s.kind)), ...entry.against.map((a) => ({ value: a.reason, provenance: a.provenance, quote: a.quote }))] });
      }
      // The start of the current stint: the first change day from which the city stays in this status.
      let start: { day: string; entry: CompositionEntry } | null = null;
      for (const h of history) {
        const e = h.composition.entries.find((x) => x.cityId === city.id || x.towns.includes(city.id));
        if (e && e.status === current) start ??= { day: h.day, entry: e };
        else start = null;
      }
      if (start) {
        const first = start.entry.support[0]!;
        if (start.entry.contested) {
          const firstFirm = history.find((h) => h.day > start!.day && h.composition.entries.some((x) => x.cityId === city.id && !x.contested));
          const admitted = statements.find((s) => s.kind === 'admitted');
          const other = admitted ?? firstFirm?.composition.entries.find((x) => x.cityId === city.id)?.support[0];
          disputes.push({ field: 'since', claims: [claimOf(first, first.date), ...(other ? [claimOf(other, other.date)] : [])] });
        } else {
          const admitted = statements.find((s) => (s.kind === 'admitted' || s.kind === 'observer-admitted' || s.kind === 'converted-to-observer') && dayOf(s.date) >= start!.day);
          const isFounding = start.entry.support.some((s) => s.rollId && s.date === registry.rolls.map((r) => r.date).sort()[0]);
          since = admitted?.date ?? (isFounding ? first.date : null);
          if (!since) note = `${current === 'member' ? 'listed as a member' : `a ${current}`} since ${first.dateAsWritten ?? first.date} (${first.provenance}); when it began is not reported`;
        }
      }
    } else if (network) {
      current = 'network';
      note = `counts through the member network ${network.cityId}`;
    } else if (openApplications.has(city.id)) {
      current = 'applicant';
    } else if (wasMember) {
      current = 'former';
      const out = statements.filter((s) => s.kind === 'withdrawn').at(-1);
      const unlisted = now.disagreements.find((d) => d.code === 'unlisted' && d.cityId === city.id);
      note = out
        ? `withdrew (${out.dateAsWritten ?? out.date}, ${out.provenance})`
        : `no longer on the member list in force (${now.rolls.map((r) => r.provenance).join(', ')}); no withdrawal is reported`;
      if (out) since = out.date;
      else if (!unlisted) note = `no longer a member on ${day}`;
    } else {
      current = 'none';
      const visits = statements.filter((s) => s.kind !== 'listed').map((s) => `${s.kind} ${s.dateAsWritten ?? s.date}`);
      note = visits.length ? visits.join('; ') : null;
    }
    const latest = statements.filter((s) => s.kind !== 'attended-as-guest').at(-1) ?? null;
    result.set(city.id, { current, since, asOf: latest?.date ?? null, disputes, note });
  }
  return result;
}

/** Statements that start a standing: their date is a 'since'; the others are dated mentions. */
const STARTS: ReadonlySet<StatementKind> = new Set(['admitted', 'observer-admitted', 'converted-to-observer', 'withdrawn']);

/** A city's status history as the directory shows it: its statements in date order. */
export function statusHistoryOf(statements: readonly MembershipStatement[]): { status: string; since: string | null; asOf: string | null; provenance: string; note: string | null }[] {
  return [...statements]
    .sort((a, b) => dayOf(a.date).localeCompare(dayOf(b.date)))
    .map((h) => ({
      status: h.status && h.kind === 'listed' ? h.status : h.kind,
      since: STARTS.has(h.kind) ? h.date : null,
      asOf: h.dateAsWritten ?? h.date,
      provenance: h.provenance,
      note: h.note,
    }));
}
