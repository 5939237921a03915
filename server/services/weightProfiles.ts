/**
 * Weight profiles: named, versioned; saving makes a new version (nothing is overwritten) and any stored
 * version can be made the active one. Requests name a profile by reference ("name", "name@v2", or none
 * for the default); resolveProfile is the one place that turns a reference into a stored profile.
 */
import { AppError, notFound } from '../../engine/errors.ts';
import { checkProfile, type ScoringProfile } from '../../engine/matching/score.ts';
import { activateWeightProfile, findWeightProfile, listWeightProfiles, saveWeightProfile, type StoredProfile } from '../../data/repositories/weightProfiles.ts';
import type { AppContext } from '../context.ts';
import type { Principal } from '../policy.ts';
import { pageFrom, type Page } from '../schemas/common.ts';

export type { StoredProfile };

/**
 * The stored profile a reference names: "name" (its active version), "name@v2", or none (the default's
 * active version). An unknown one is a 422 naming `field` (query.profile, profiles.0, …). Read through the
 * profile cache, which saving and activating clear.
 */
export async function resolveProfile(ctx: AppContext, reference: string | undefined, field: string): Promise<StoredProfile> {
  const profile = await ctx.profileCache.find(ctx.db, reference);
  if (!profile) throw new AppError('validation_failed', `Unknown weight profile '${reference ?? '(default)'}'`, { field });
  return profile;
}

export async function listProfiles(ctx: AppContext, page: Page) {
  return pageFrom(await listWeightProfiles(ctx.db), page);
}

export interface ProfileSpec extends ScoringProfile {
  name: string;
  note?: string | undefined;
  activate: boolean;
}

/** Saves a new version of a profile; earlier versions stay and can be activated again. */
export async function saveProfile(ctx: AppContext, principal: Principal, spec: ProfileSpec): Promise<StoredProfile> {
  checkProfile(spec);
  const saved = await ctx.db.transaction().execute((trx) => saveWeightProfile(trx, { ...spec, createdBy: principal.name }));
  ctx.profileCache.clear();
  return saved;
}

/** Makes one stored version ("name@v2") the active one of its name; 404 when there is no such version. */
export async function activateProfile(ctx: AppContext, version: string): Promise<StoredProfile> {
  const [, name, number] = /^(.+)@v(\d+)$/.exec(version) ?? [];
  if (!name || !number) throw new AppError('bad_request', `'${version}' names no version: name@v<version>`, { field: 'path.profile' });
  const activated = await ctx.db.transaction().execute(async (trx) => ((await activateWeightProfile(trx, name, Number(number))) ? findWeightProfile(trx, version) : undefined));
  ctx.profileCache.clear();
  if (!activated) throw notFound('Weight profile version', version, 'path.profile');
  return activated;
}
