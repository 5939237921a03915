/**
 * Cooperation projects (issue 16, deliver 4): what a project is, its statuses and the rules of its
 * status history. Pure, so that the server, the seed loader and the workbench share one reading.
 */
import { AppError } from './errors.ts';
import type { Lang } from './taxonomy.ts';
import type { WishType } from './cooperation.ts';

/**
 * The papers' kinds of cooperation (issue 16), plus three an agreement outcome or a seeded project
 * needs: sourcing and production (agreement types of outcomes, kept so a draft keeps their meaning) and
 * representation (an office abroad, e.g. the WFK's office in Foshan, 004 L1345).
 */
export const PROJECT_TYPES = [
  'investment',
  'joint-venture',
  'settlement',
  'distribution',
  'licensing',
  'research',
  'training',
  'trade-fair',
  'sourcing',
  'production',
  'representation',
  'other',
] as const;
export type ProjectType = (typeof PROJECT_TYPES)[number];

export const PROJECT_STATUSES = ['idea', 'negotiation', 'agreed', 'running', 'completed', 'abandoned'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
/** Statuses a project leaves only when reopened with a note. */
export const FINAL_STATUSES: readonly ProjectStatus[] = ['completed', 'abandoned'];

export const PARTY_KINDS = ['company', 'city', 'organisation'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];
export const PARTY_ROLES = ['investor', 'host', 'partner', 'supporter'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export const LINK_KINDS = ['meeting', 'outcome', 'event', 'alliance-event'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export type LocalText = Partial<Record<Lang, string>>;

export interface ProjectVolume {
  amount: number;
  currency: string;
  asWritten: string | null;
  provenance: string;
}

export interface ProjectParty {
  kind: PartyKind;
  id: string | null;
  name: string;
  country: string;
  role: PartyRole;
}

export interface ProjectStatusEntry {
  seq: number;
  status: ProjectStatus;
  /** YYYY-MM-DD, or YYYY-MM where the source gives only the month. */
  date: string;
  provenance: string;
  quote: string | null;
  note: string | null;
  recordedBy: string;
  recordedAt: string;
}

export interface ProjectLink {
  kind: LinkKind;
  refId: string;
}

export interface ProjectSource {
  provenance: string;
  quote: string | null;
}

export interface CooperationProject {
  id: string;
  title: LocalText;
  summary: LocalText;
  type: ProjectType;
  naceCodes: string[];
  volume: ProjectVolume | null;
  status: ProjectStatus;
  statusDate: string;
  parties: ProjectParty[];
  history: ProjectStatusEntry[];
  links: ProjectLink[];
  sources: ProjectSource[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** An agreement outcome's type as a project's type (a merger or acquisition is an investment). */
export const PROJECT_TYPE_OF_AGREEMENT: Record<WishType, ProjectType> = {
  distribution: 'distribution',
  sourcing: 'sourcing',
  investment: 'investment',
  'merger-acquisition': 'investment',
  'joint-venture': 'joint-venture',
  licensing: 'licensing',
  'joint-rnd': 'research',
  production: 'production',
  training: 'training',
  settlement: 'settlement',
};

/** A full date or a month: the form every status date takes. */
export const PROJECT_DATE = /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;

/** The first and the last day a (possibly partial) date may mean, as comparable text. */
export const dateStart = (date: string): string => (date.length === 7 ? `${date}-01` : date);
export const dateEnd = (date: string): string => (date.length === 7 ? `${date}-31` : date);

/** Does the (possibly partial) date overlap the period [from, to] (both YYYY-MM-DD, either open)? */
export function dateWithin(date: string, from: string | undefined, to: string | undefined): boolean {
  return (!from || dateEnd(date) >= from) && (!to || dateStart(date) <= to);
}

/** A title or summary in the language asked for, else German, English, Chinese, whichever exists. */
export function localText(text: LocalText, lang: Lang): string | null {
  return text[lang] || text.de || text.en || text.zh || null;
}

/**
 * Checks a new status entry against the history: its date may not precede the last entry's (a month
 * precedes a day only when it ends before it), and a completed or abandoned project is reopened only
 * explicitly and with a note. `field` of an error names the offending body field.
 */
export function checkStatusChange(last: Pick<ProjectStatusEntry, 'status' | 'date'> | undefined, next: { status: ProjectStatus; date: string; note?: string | null | undefined; reopen?: boolean | undefined }, today: string): void {
  if (!PROJECT_DATE.test(next.date) || Number.isNaN(Date.parse(dateStart(next.date))) || new Date(dateStart(next.date)).toISOString().slice(0, 10) !== dateStart(next.date)) {
    throw new AppError('validation_failed', `'${next.date}' is not a date (YYYY-MM-DD, or YYYY-MM for a month)`, { field: 'date' });
  }
  if (dateStart(next.date) > today) throw new AppError('validation_failed', `a status cannot be dated in the future (${next.date})`, { field: 'date' });
  if (!last) return;
  if (dateEnd(next.date) < dateStart(last.date)) {
    throw new AppError('validation_failed', `the date ${next.date} precedes the last status entry (${last.status}, ${last.date}); entries are kept in the order they happened`, { field: 'date' });
  }
  if (FINAL_STATUSES.includes(last.status) && next.status !== last.status) {
    if (!next.reopen) {
      throw new AppError('validation_failed', `the project is ${last.status}; to change its status to ${next.status}, reopen it (reopen: true) and say why in a note`, { field: 'status' });
    }
    if (!next.note?.trim()) throw new AppError('validation_failed', `reopening a ${last.status} project needs a note saying why`, { field: 'note' });
  }
}

/** "seed:004_f02afc7b51460772.txt:491" → { file: '004', line: 491 }; other provenances → null. */
export function seedCitation(provenance: string): { file: string; line: number } | null {
  const m = /^seed:(\d{3})[^:]*:(\d+)$/.exec(provenance);
  return m ? { file: m[1]!, line: Number(m[2]) } : null;
}
