/**
 * Joining by the alliance's rules (003 §5.1; 002 L75–80): a city files an application with the
 * secretariat, the secretariat circulates it to every member city, each answers with consent or
 * objection, and the application is decided by the consent rule. The ratio of Chinese to German
 * members may not exceed 2:1; an applicant that would break it is offered a temporary observer seat.
 *
 * The two papers word the consent rule differently, so it is configurable:
 * - 'all-written' (003 L204, the default): "Mit schriftlicher Zustimmung aller Mitgliedsstädte" — every
 *   member city asked must consent in writing; one objection rejects.
 * - 'majority' (002 L79–80): "Mit Zustimmung der Mitgliedsstädte" names neither "all" nor "written"; read
 *   as the consent of the member cities as a body: more than half of those asked consent, in writing
 *   or not. It is rejected once half or more object (consent can no longer be reached).
 */
import { AppError } from '../errors.ts';

export const CONSENT_RULES = ['all-written', 'majority'] as const;
export type ConsentRule = (typeof CONSENT_RULES)[number];

export const APPLICATION_STATES = ['filed', 'circulated', 'member', 'observer', 'rejected', 'withdrawn'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

/** What the application carries, as 003 §5.1 requires. */
export interface ApplicationContent {
  /** wirtschaftliche Eckdaten */
  keyData: string;
  /** industrielle Eigenschaften */
  industrialCharacteristics: string;
  /** derzeitige nationale und internationale Kooperationen */
  cooperations: { national: string[]; international: string[] };
  /** Kooperationswünsche */
  wishes: string[];
  /** The written application itself (a file reference or letter number). */
  document: string | null;
}

export const VOTES = ['consent', 'objection'] as const;
export type VoteValue = (typeof VOTES)[number];

export interface Vote {
  cityId: string;
  vote: VoteValue;
  inWriting: boolean;
  document: string | null;
  date: string;
}

export type DecisionOutcome = 'member' | 'observer' | 'rejected' | 'pending';

export interface Decision {
  outcome: DecisionOutcome;
  /** A code the interface translates, with the figures behind it. */
  code: 'consented' | 'ratio' | 'objected' | 'not-enough-consent' | 'awaiting';
  message: string;
  consents: string[];
  objections: string[];
  missing: string[];
}

/** The votes that count under the rule: under 'all-written' only written answers. */
function tally(votes: readonly Vote[], electorate: readonly string[], rule: ConsentRule) {
  const asked = new Set(electorate);
  const counted = votes.filter((v) => asked.has(v.cityId) && (rule === 'majority' || v.inWriting));
  const consents = counted.filter((v) => v.vote === 'consent').map((v) => v.cityId);
  const objections = counted.filter((v) => v.vote === 'objection').map((v) => v.cityId);
  const answered = new Set([...consents, ...objections]);
  return { consents, objections, missing: electorate.filter((c) => !answered.has(c)) };
}

/**
 * The decision on an application, given the votes, the member cities asked, the rule and the members
 * by country on the day (network counted once). `members` counts the applicant out.
 */
export function decide(
  votes: readonly Vote[],
  electorate: readonly string[],
  rule: ConsentRule,
  applicantCountry: string,
  members: { DE: number; CN: number },
): Decision {
  const { consents, objections, missing } = tally(votes, electorate, rule);
  const base = { consents, objections, missing };
  const n = electorate.length;
  if (rule === 'all-written') {
    if (objections.length) return { ...base, outcome: 'rejected', code: 'objected', message: `${objections.length} member ${objections.length === 1 ? 'city objects' : 'cities object'} (${objections.join(', ')}); 003 §5.1 needs the written consent of all member cities` };
    if (missing.length) return { ...base, outcome: 'pending', code: 'awaiting', message: `${missing.length} of ${n} member cities have not consented in writing yet: ${missing.join(', ')}` };
  } else {
    if (objections.length * 2 >= n && n > 0) return { ...base, outcome: 'rejected', code: 'not-enough-consent', message: `${objections.length} of ${n} member cities object; a majority can no longer consent` };
    if (consents.length * 2 <= n) return { ...base, outcome: 'pending', code: 'awaiting', message: `${consents.length} of ${n} member cities consent; more than half are needed` };
  }
  if (applicantCountry === 'CN') {
    const after = members.CN + 1;
    if (members.DE === 0 || after > 2 * members.DE) {
      return {
        ...base,
        outcome: 'observer',
        code: 'ratio',
        message: `Admitting it would make ${after} Chinese against ${members.DE} German members, more than 2:1 (003 L206); it is offered a temporary observer seat`,
      };
    }
  }
  return { ...base, outcome: 'member', code: 'consented', message: `${consents.length} of ${n} member cities consent under the rule '${rule}'` };
}

/** Which state may follow which: nothing decided is reopened; a new application is filed instead. */
export function assertTransition(from: ApplicationState, to: ApplicationState): void {
  const allowed: Record<ApplicationState, ApplicationState[]> = {
    filed: ['circulated', 'withdrawn'],
    circulated: ['member', 'observer', 'rejected', 'withdrawn'],
    member: [],
    observer: [],
    rejected: [],
    withdrawn: [],
  };
  if (!allowed[from].includes(to)) {
    throw new AppError('conflict', `An application that is '${from}' cannot become '${to}'`, { field: 'state' });
  }
}
