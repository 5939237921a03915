/**
 * Match lists as the API answers them: for a company, for a city, for an unsaved company profile
 * (preview). Each resolves the profile it scores with (stored, or with what-if weights on top), turns the
 * filters into a candidate condition, and for stored subjects keeps the encoded answer in the matcher's
 * result cache, keyed so that equal requests share an entry and nothing stale is served.
 */
import { AppError, notFound, type ErrorCode, type FieldIssue } from '../../engine/errors.ts';
import { SIZE_CLASSES, sizeClassOf, type SizeClass } from '../../engine/cooperation.ts';
import type { CompanyMatchSource, MatchFeatures } from '../../engine/matching/features.ts';
import { checkProfile, COMPONENTS, type ScoringProfile } from '../../engine/matching/score.ts';
import type { IndustryScheme } from '../../engine/taxonomy.ts';
import { findCityById } from '../../data/repositories/cities.ts';
import { findCompanyById } from '../../data/repositories/companies.ts';
import { partnerHistory } from '../../data/repositories/participations.ts';
import { countUsage } from '../../data/repositories/usage.ts';
import type { AppContext } from '../context.ts';
import type { Principal } from '../policy.ts';
import { assertMayScoreWhatIf, assertMaySeeMatches } from '../policy.ts';
import { matchOptions, type MatchExclusion, type MatchList, type MatchOptions } from '../schemas/matches.ts';
import { resolveProfile, type StoredProfile } from './weightProfiles.ts';

/**
 * Where a request's options came from, which decides how a wrong one is answered: the query string
 * (400, query.<option>) or the preview's body (422, options.<option>).
 */
interface OptionSource {
  prefix: string;
  code: Extract<ErrorCode, 'bad_request' | 'validation_failed'>;
}
const FROM_QUERY: OptionSource = { prefix: 'query', code: 'bad_request' };
const FROM_PREVIEW: OptionSource = { prefix: 'options', code: 'validation_failed' };

const wrongOption = (source: OptionSource, option: keyof MatchOptions, message: string) => new AppError(source.code, message, { field: `${source.prefix}.${option}` });

/** What a list was scored with, as the answer says it. */
type ProfileUsed = MatchList['profile'];

/**
 * The profile a request scores with: a stored one by reference (or the default), inline what-if weights
 * and fusion on top. What-if weights are checked as a saved profile's are (every component known,
 * non-negative, summing to 1); a well-formed what-if is then the analysts' and admins' only.
 */
async function scoringProfileFor(ctx: AppContext, principal: Principal, options: Pick<MatchOptions, 'profile' | 'weights' | 'fusion'>, source: OptionSource): Promise<Scoring> {
  // An unknown profile is the same problem wherever a profile is named: a 422 naming the field.
  const stored = await resolveProfile(ctx, options.profile, `${source.prefix}.profile`);
  if (!options.weights && !options.fusion) {
    let scoring = storedScoring.get(stored);
    if (!scoring) storedScoring.set(stored, (scoring = scoringOf(stored, options, source)));
    return scoring;
  }
  const scoring = scoringOf(stored, options, source);
  assertMayScoreWhatIf(principal, `${source.prefix}.${options.weights ? 'weights' : 'fusion'}`);
  return scoring;
}

/** What a request scores with and how the answer names it. */
interface Scoring {
  profile: ScoringProfile;
  used: ProfileUsed;
  /** `used` as the result cache's key names it. */
  usedKey: string;
}

/**
 * A stored profile as requests without a what-if score with it, made and checked once per version read
 * (the profile cache hands out the same object until a profile is saved or activated).
 */
const storedScoring = new WeakMap<StoredProfile, Scoring>();

function scoringOf(stored: StoredProfile, options: Pick<MatchOptions, 'weights' | 'fusion'>, source: OptionSource): Scoring {
  let profile: ScoringProfile = { weights: stored.weights, fusion: options.fusion ?? stored.fusion, sizeMatrix: stored.sizeMatrix };
  if (options.weights) {
    const weights = Object.fromEntries(options.weights.split(',').map((pair) => pair.split(':')).map(([k, v]) => [k, Number(v)]));
    const unknown = Object.keys(weights).filter((k) => !(COMPONENTS as readonly string[]).includes(k));
    if (unknown.length) throw wrongOption(source, 'weights', `Unknown component '${unknown[0]}' in weights`);
    profile = { ...profile, weights: { ...Object.fromEntries(COMPONENTS.map((c) => [c, 0])), ...weights } as ScoringProfile['weights'] };
  }
  try {
    checkProfile(profile);
  } catch (err) {
    throw wrongOption(source, 'weights', (err as Error).message);
  }
  const used: ProfileUsed = { name: stored.name, version: stored.version, weights: profile.weights, fusion: profile.fusion, inline: !!options.weights || !!options.fusion };
  return { profile, used, usedKey: JSON.stringify(used) };
}

/** The filters of a request as one condition on a candidate's features; undefined when there are none. */
function candidateFilter(ctx: AppContext, o: Partial<MatchOptions>, source: OptionSource): ((f: MatchFeatures) => boolean) | undefined {
  const tests: ((f: MatchFeatures) => boolean)[] = [];
  if (o.country) tests.push((f) => f.country === o.country);
  if (o.city) tests.push((f) => f.cityId === o.city);
  if (o.industry) {
    const code = ctx.taxonomy.normalizeNace(o.industry);
    if (!code) throw wrongOption(source, 'industry', `Unknown NACE code '${o.industry}'`);
    tests.push((f) => f.codes.some((c) => c.path.includes(code)));
  }
  if (o.cluster) {
    const index = ctx.matching.space.index(o.cluster);
    if (index === undefined) throw wrongOption(source, 'cluster', `Unknown cluster '${o.cluster}'`);
    tests.push((f) => f.clusters[index]! > 0);
  }
  if (o.wish || o.direction) {
    tests.push((f) => {
      const wishes = o.direction === 'offer' ? f.offers : o.direction === 'request' ? f.requests : [...f.offers, ...f.requests];
      return wishes.some((w) => !o.wish || w.type === o.wish);
    });
  }
  if (o.size) {
    const size = SIZE_CLASSES.indexOf(o.size);
    tests.push((f) => f.sizeClass === size);
  }
  return tests.length ? (f) => tests.every((t) => t(f)) : undefined;
}

const OPTIONS_IN_KEY_ORDER = Object.keys(matchOptions).sort() as (keyof MatchOptions)[];

/** The options in a fixed order, so that ?a=1&b=2 and ?b=2&a=1 share a cache entry. */
function cacheKeyOf(options: Partial<MatchOptions>): string {
  let key = '';
  for (const name of OPTIONS_IN_KEY_ORDER) {
    const value = options[name];
    if (value !== undefined) key += `${name}=${encodeURIComponent(String(value))}&`;
  }
  return key;
}

/** The list for `subject`: scored, filtered, paged and explained, with what was left out and why. */
async function matchList(
  ctx: AppContext,
  subject: MatchFeatures,
  options: Partial<MatchOptions>,
  source: OptionSource,
  scoring: Scoring,
  history: PartnerKeys,
): Promise<MatchList> {
  const request = {
    target: options.target ?? 'companies',
    limit: options.limit ?? 20,
    offset: options.offset ?? 0,
    countries: options.countries ?? 'cross',
    lang: options.lang ?? 'en',
    accept: candidateFilter(ctx, options, source),
    exclusions: { dismissed: ctx.matching.dismissedBy(subject.key) ?? new Set<string>(), ...history },
  };
  const { items, excluded } = ctx.matching.match(subject, scoring.profile, request);
  return {
    query: { kind: subject.kind, id: subject.id, name: ctx.matching.localName(subject, request.lang), country: subject.country },
    target: request.target,
    profile: scoring.used,
    lang: request.lang,
    limit: request.limit,
    offset: request.offset,
    excluded: { dismissed: excluded.dismissed ?? 0, ...excluded },
    items,
  };
}

/** Index keys of the partners left out for each exclusion a request asks for. */
type PartnerKeys = Partial<Record<MatchExclusion, ReadonlySet<string>>>;

/** The exclusions a request asks for: `exclude`, and the deprecated `met=exclude` as exclude=met. */
function exclusionsOf(options: Partial<MatchOptions>): MatchExclusion[] {
  const asked = new Set(options.exclude ?? []);
  if (options.met === 'exclude') asked.add('met');
  return [...asked].sort();
}

/**
 * A stored subject's partners to leave out, by exclusion asked for (empty sets for an unsaved profile:
 * it has taken part in nothing).
 */
async function partnerKeys(ctx: AppContext, subject: MatchFeatures | undefined, exclusions: readonly MatchExclusion[]): Promise<PartnerKeys> {
  const keys: PartnerKeys = {};
  if (!exclusions.length) return keys;
  const wanted = { met: exclusions.includes('met'), declined: exclusions.includes('declined') };
  const history = subject ? await partnerHistory(ctx.db, { kind: subject.kind, id: subject.id }, wanted) : { met: [], declined: [] };
  for (const reason of exclusions) keys[reason] = new Set(history[reason].map((p) => `${p.kind}:${p.id}`));
  return keys;
}

/** The partners a request leaves out, as part of its cache key. */
function leftOutKey(history: PartnerKeys): string {
  return Object.entries(history)
    .map(([reason, keys]) => `${reason}:${[...keys].sort().join(',')}`)
    .join(';');
}

/** A stored subject's list as JSON bytes, from the result cache when the index has not changed since it was computed. */
async function encodedListFor(ctx: AppContext, principal: Principal, subject: MatchFeatures, options: MatchOptions): Promise<Buffer> {
  const scoring = await scoringProfileFor(ctx, principal, options, FROM_QUERY);
  const history = await partnerKeys(ctx, subject, exclusionsOf(options));
  // The resolved profile is part of the key: activating another version changes what "default" means.
  // Meetings, outcomes and requests are not index writes, so the partners they leave out are part of the
  // key too ("not interested" marks are: setting one makes every cached list stale).
  // (With the cache off there is no key to make.)
  const key = ctx.matching.cacheEnabled ? `${subject.key}|${scoring.usedKey}|${cacheKeyOf(options)}|${leftOutKey(history)}` : undefined;
  // Kept as bytes: a hit is then written to the socket without encoding the text again.
  let body = key === undefined ? undefined : ctx.matching.cached(key);
  if (!body) {
    body = Buffer.from(JSON.stringify(await matchList(ctx, subject, options, FROM_QUERY, scoring, history)));
    if (key !== undefined) ctx.matching.remember(key, body);
  }
  // Counted for the periodic reports ("match lists requested"), cache hit or not: one upsert.
  await countUsage(ctx.db, { kind: subject.kind, id: subject.id }, 'match_list');
  return body;
}

/** Ranked, explained matches for a company, JSON-encoded (a company key: its own only). */
export async function companyMatches(ctx: AppContext, principal: Principal, companyId: string, options: MatchOptions): Promise<Buffer> {
  // The index holds every company: no database read on the hot path (the usage counter is one write).
  let subject = ctx.matching.featuresOf(`company:${companyId}`);
  if (!subject) {
    const company = await findCompanyById(ctx.db, companyId);
    if (!company) throw notFound('Company', companyId);
    subject = ctx.matching.companyFeatures(company);
  }
  assertMaySeeMatches(principal, { kind: 'company', id: subject.id, cityId: subject.cityId });
  return encodedListFor(ctx, principal, subject, options);
}

/** Whom a city should invite (target=companies) or partner with (target=cities), JSON-encoded. */
export async function cityMatches(ctx: AppContext, principal: Principal, cityId: string, options: MatchOptions): Promise<Buffer> {
  const city = await findCityById(ctx.db, cityId);
  if (!city) throw notFound('City', cityId);
  assertMaySeeMatches(principal, { kind: 'city', id: city.id, cityId: city.id });
  const subject = ctx.matching.featuresOf(`city:${city.id}`) ?? ctx.matching.cityFeatures(city);
  return encodedListFor(ctx, principal, subject, options);
}

/** An unsaved company profile, as the preview takes it. */
export interface PreviewCompany {
  name?: string | undefined;
  country: string;
  cityId?: string | null | undefined;
  groupId?: string | null | undefined;
  size?: { employees?: number | null | undefined; sizeClass?: SizeClass | null | undefined } | undefined;
  industries?: { scheme: IndustryScheme; code: string }[] | undefined;
  wishes?: CompanyMatchSource['wishes'] | undefined;
}

/** "What would match us?": scores an unsaved company profile; nothing is stored, and nothing cached (a one-off). */
export async function previewMatches(ctx: AppContext, principal: Principal, company: PreviewCompany, options: Partial<MatchOptions> = {}): Promise<MatchList> {
  const issues: FieldIssue[] = [];
  const industries = (company.industries ?? []).map((industry, i) => {
    const nace = ctx.taxonomy.toNace(industry.scheme, industry.code);
    if (!nace.length) issues.push({ field: `company.industries.${i}.code`, message: `'${industry.code}' is not a known code` });
    return { nace };
  });
  (company.wishes ?? []).forEach((w, i) =>
    w.clusters.forEach((c, j) => {
      if (!ctx.taxonomy.cluster(c)) issues.push({ field: `company.wishes.${i}.clusters.${j}`, message: `unknown cluster '${c}'` });
    }),
  );
  if (issues.length) throw new AppError('validation_failed', `Invalid field ${issues[0]!.field}: ${issues[0]!.message}`, { issues });
  const employees = company.size?.employees;
  const sizeClass = company.size?.sizeClass ?? (employees != null ? sizeClassOf(employees) : null);
  const subject = ctx.matching.companyFeatures({
    id: 'preview',
    name: company.name ?? 'preview',
    country: company.country,
    cityId: company.cityId ?? null,
    groupId: company.groupId ?? null,
    size: { sizeClass },
    industries,
    wishes: company.wishes ?? [],
  });
  const scoring = await scoringProfileFor(ctx, principal, options, FROM_PREVIEW);
  return matchList(ctx, { ...subject, key: 'preview:' }, options, FROM_PREVIEW, scoring, await partnerKeys(ctx, undefined, exclusionsOf(options)));
}
