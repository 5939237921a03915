/** API keys over HTTP, for admins: issue keys to organisers, companies and cities; list; revoke. */
import { Router } from 'express';
import { z } from 'zod';
import { AppError, notFound } from '../../engine/errors.ts';
import { createApiKey, listApiKeys, revokeApiKey, ROLES } from '../../data/repositories/apiKeys.ts';
import { findCompanyById } from '../../data/repositories/companies.ts';
import { findCityById } from '../../data/repositories/cities.ts';
import type { AppContext } from '../context.ts';
import { requireRole } from '../auth.ts';
import { parseBody } from '../validation.ts';

const createBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  companyId: z.string().max(80).optional(),
  cityId: z.string().max(80).optional(),
});

export function keyRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/keys', async (req, res) => {
    requireRole(req, ['admin']);
    const items = await listApiKeys(ctx.db);
    res.json({ items, total: items.length });
  });

  router.post('/keys', async (req, res) => {
    requireRole(req, ['admin']);
    const body = parseBody(createBody, req);
    if (body.role === 'company' && !body.companyId) throw new AppError('validation_failed', 'a company key needs companyId', { field: 'companyId' });
    if (body.role === 'city' && !body.cityId) throw new AppError('validation_failed', 'a city key needs cityId', { field: 'cityId' });
    if (body.role !== 'company' && body.companyId) throw new AppError('validation_failed', 'only a company key binds to a company', { field: 'companyId' });
    if (body.role !== 'city' && body.cityId) throw new AppError('validation_failed', 'only a city key binds to a city', { field: 'cityId' });
    if (body.companyId && !(await findCompanyById(ctx.db, body.companyId))) {
      throw new AppError('validation_failed', `company '${body.companyId}' does not exist`, { field: 'companyId' });
    }
    if (body.cityId && !(await findCityById(ctx.db, body.cityId))) {
      throw new AppError('validation_failed', `city '${body.cityId}' does not exist`, { field: 'cityId' });
    }
    const { key, secret } = await createApiKey(ctx.db, body);
    // The secret is in this response only; it is never stored or shown again.
    res.status(201).location(`/keys/${key.id}`).json({ ...key, secret });
  });

  router.delete('/keys/:id', async (req, res) => {
    requireRole(req, ['admin']);
    if (!(await revokeApiKey(ctx.db, req.params.id))) throw notFound('Active API key', req.params.id);
    ctx.keyCache.forget(req.params.id);
    res.status(204).end();
  });

  return router;
}

/** The schemas behind this route, for the OpenAPI document. */
export const keySchemas = { createBody };
