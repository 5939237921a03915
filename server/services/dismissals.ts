/**
 * "Not interested" marks: a company or city leaves a suggested partner out of its match lists, and may
 * take the mark back. Stored first, then the matcher follows (as with every write to the index).
 */
import { notFound } from '../../engine/errors.ts';
import type { Lang } from '../../engine/taxonomy.ts';
import { findCityById } from '../../data/repositories/cities.ts';
import { findCompanyById } from '../../data/repositories/companies.ts';
import { addDismissal, listDismissals as listDismissalRecords, removeDismissal, type Dismissal, type EntityKey } from '../../data/repositories/dismissals.ts';
import type { AppContext } from '../context.ts';
import { assertActsForSubject, type Principal } from '../policy.ts';

export type { EntityKey } from '../../data/repositories/dismissals.ts';

/** A partner as a mark shows it: enough to recognise it without another request. */
export interface DismissedPartner {
  kind: EntityKey['kind'];
  id: string;
  name: string;
  country: string;
  cityId: string | null;
  dismissedAt: string;
}

const keyOf = (e: EntityKey) => `${e.kind}:${e.id}`;

/** A company or city as the lists name it (a city in `lang` where it has the name); undefined when it does not exist. */
async function describe(ctx: AppContext, entity: EntityKey, lang: Lang = 'en'): Promise<Omit<DismissedPartner, 'dismissedAt'> | undefined> {
  const indexed = ctx.matching.featuresOf(keyOf(entity));
  if (indexed && (entity.kind === 'company' || lang === 'en')) return { kind: entity.kind, id: entity.id, name: indexed.name, country: indexed.country, cityId: indexed.kind === 'company' ? indexed.cityId : null };
  // From the table: a city that is no member or is named in another language, a company written moments ago elsewhere.
  if (entity.kind === 'company') {
    const company = await findCompanyById(ctx.db, entity.id);
    return company && { kind: 'company', id: company.id, name: company.name, country: company.country, cityId: company.cityId };
  }
  const city = await findCityById(ctx.db, entity.id);
  return city && { kind: 'city', id: city.id, name: city.name[lang] || city.name.en, country: city.country, cityId: null };
}

/** The subject, checked to exist and to be the caller's to act for. */
export async function ownSubject(ctx: AppContext, principal: Principal, subject: EntityKey): Promise<void> {
  assertActsForSubject(principal, subject);
  if (!(await describe(ctx, subject))) throw notFound(subject.kind === 'company' ? 'Company' : 'City', subject.id);
}

async function present(ctx: AppContext, mark: Dismissal, lang: Lang): Promise<DismissedPartner> {
  const partner = (await describe(ctx, mark.partner, lang)) ?? { ...mark.partner, name: mark.partner.id, country: '', cityId: null };
  return { ...partner, dismissedAt: mark.createdAt };
}

/** The partners a subject marked "not interested", newest first; cities named in `lang`. */
export async function listDismissed(ctx: AppContext, principal: Principal, subject: EntityKey, lang: Lang): Promise<{ items: DismissedPartner[] }> {
  await ownSubject(ctx, principal, subject);
  const marks = await listDismissalRecords(ctx.db, subject);
  return { items: await Promise.all(marks.map((mark) => present(ctx, mark, lang))) };
}

/** Marks a partner "not interested" (again: nothing changes). */
export async function dismissPartner(ctx: AppContext, principal: Principal, subject: EntityKey, partner: EntityKey): Promise<DismissedPartner> {
  await ownSubject(ctx, principal, subject);
  const described = await describe(ctx, partner);
  if (!described) throw notFound(partner.kind === 'company' ? 'Company' : 'City', partner.id, 'partnerId');
  const mark = await addDismissal(ctx.db, subject, partner, principal.keyId);
  ctx.matching.dismiss(keyOf(subject), keyOf(partner));
  return { ...described, dismissedAt: mark.createdAt };
}

/** Takes a mark back: the partner may be suggested again. 404 when there was none. */
export async function restorePartner(ctx: AppContext, principal: Principal, subject: EntityKey, partner: EntityKey): Promise<void> {
  await ownSubject(ctx, principal, subject);
  if (!(await removeDismissal(ctx.db, subject, partner))) throw notFound('Mark', partner.id, 'partnerId');
  ctx.matching.undismiss(keyOf(subject), keyOf(partner));
}
