/** API keys: issue (the secret is shown once), list without secrets, revoke. Admins only (the routes say so). */
import { AppError, notFound } from '../../engine/errors.ts';
import { createApiKey, listApiKeys, revokeApiKey, type ApiKey, type Role } from '../../data/repositories/apiKeys.ts';
import { findCityById } from '../../data/repositories/cities.ts';
import { findCompanyById } from '../../data/repositories/companies.ts';
import type { AppContext } from '../context.ts';
import { pageFrom, type Page } from '../schemas/common.ts';

export async function listKeys(ctx: AppContext, page: Page) {
  return pageFrom(await listApiKeys(ctx.db), page);
}

export interface KeyRequest {
  name: string;
  role: Role;
  companyId?: string | undefined;
  cityId?: string | undefined;
}

/** A key bound to what its role says (a company key to a company, a city key to a city), which must exist. */
export async function issueKey(ctx: AppContext, request: KeyRequest): Promise<ApiKey & { secret: string }> {
  if (request.role === 'company' && !request.companyId) throw new AppError('validation_failed', 'a company key needs companyId', { field: 'companyId' });
  if (request.role === 'city' && !request.cityId) throw new AppError('validation_failed', 'a city key needs cityId', { field: 'cityId' });
  if (request.role !== 'company' && request.companyId) throw new AppError('validation_failed', 'only a company key binds to a company', { field: 'companyId' });
  if (request.role !== 'city' && request.cityId) throw new AppError('validation_failed', 'only a city key binds to a city', { field: 'cityId' });
  if (request.companyId && !(await findCompanyById(ctx.db, request.companyId))) {
    throw new AppError('validation_failed', `company '${request.companyId}' does not exist`, { field: 'companyId' });
  }
  if (request.cityId && !(await findCityById(ctx.db, request.cityId))) throw new AppError('validation_failed', `city '${request.cityId}' does not exist`, { field: 'cityId' });
  const { key, secret } = await createApiKey(ctx.db, request);
  return { ...key, secret };
}

export async function revokeKey(ctx: AppContext, id: string): Promise<void> {
  if (!(await revokeApiKey(ctx.db, id))) throw notFound('Active API key', id);
  ctx.keyCache.forget(id);
}
