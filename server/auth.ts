/**
 * Who may do what. A request carries an API key (Authorization: Bearer … or X-API-Key); the key's role
 * and binding (a company or a city) decide. Public reads of the city directory and the taxonomy need no key.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../engine/errors.ts';
import type { Company } from '../engine/model.ts';
import { touchApiKey, type ApiKey, type Role } from '../data/repositories/apiKeys.ts';
import type { AppContext } from './context.ts';

export interface Principal {
  keyId: string;
  name: string;
  role: Role;
  companyId: string | null;
  cityId: string | null;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

function secretOf(req: Request): string | undefined {
  const header = req.get('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError('unauthenticated', 'The Authorization header must be "Bearer <api key>"', { field: 'authorization' });
    return match[1];
  }
  return req.get('x-api-key') || undefined;
}

const toPrincipal = (key: ApiKey): Principal => ({ keyId: key.id, name: key.name, role: key.role, companyId: key.companyId, cityId: key.cityId });

/** Resolves the key if one is sent; a wrong key is an error even on public routes, so typos show. */
export function authenticate(ctx: AppContext): RequestHandler {
  const lastTouched = new Map<string, number>();
  return async (req: Request, res: Response, next: NextFunction) => {
    const secret = secretOf(req);
    if (!secret) return next();
    const key = await ctx.keyCache.find(ctx.db, secret);
    if (!key) throw new AppError('unauthenticated', 'The API key is unknown or revoked', { field: 'authorization' });
    req.principal = toPrincipal(key);
    // Record use after a successful response (a rejected request writes nothing), at most once a
    // minute per key: a write per request would serialise reads on SQLite.
    res.once('finish', () => {
      const now = Date.now();
      if (res.statusCode >= 400 || (lastTouched.get(key.id) ?? 0) >= now - 60_000) return;
      lastTouched.set(key.id, now);
      touchApiKey(ctx.db, key.id).catch((err: unknown) => ctx.log.warn({ err }, 'could not record key use'));
    });
    next();
  };
}

export function requirePrincipal(req: Request): Principal {
  if (!req.principal) throw new AppError('unauthenticated', 'This request needs an API key (Authorization: Bearer <key>)', { field: 'authorization' });
  return req.principal;
}

export function requireRole(req: Request, roles: readonly Role[]): Principal {
  const principal = requirePrincipal(req);
  if (!roles.includes(principal.role)) {
    throw new AppError('forbidden', `The role '${principal.role}' may not do this; it needs one of: ${roles.join(', ')}`);
  }
  return principal;
}

/** Creating a company: admins and organisers anywhere, a city key only in its own city. */
export function assertMayCreateCompany(p: Principal, cityId: string | null | undefined): void {
  if (p.role === 'admin' || p.role === 'organiser') return;
  if (p.role === 'city' && cityId && cityId === p.cityId) return;
  if (p.role === 'city') throw new AppError('forbidden', 'A city key may create companies only in its own city', { field: 'cityId' });
  throw new AppError('forbidden', `The role '${p.role}' may not create companies`);
}

/** Changing a company: admins, organisers, the company itself, or the city it sits in. */
export function assertMayChangeCompany(p: Principal, company: Company): void {
  if (p.role === 'admin' || p.role === 'organiser') return;
  if (p.role === 'company' && p.companyId === company.id) return;
  if (p.role === 'city' && p.cityId && company.cityId === p.cityId) return;
  throw new AppError('forbidden', `This key may not change company '${company.id}'`);
}

export function assertMayDeleteCompany(p: Principal, company: Company): void {
  if (p.role === 'admin' || p.role === 'organiser') return;
  throw new AppError('forbidden', `The role '${p.role}' may not delete company '${company.id}'`);
}

/** Private fields (contact data) are the company's own business and the admins'. */
export function maySeePrivate(p: Principal | undefined, company: Company): boolean {
  return !!p && (p.role === 'admin' || (p.role === 'company' && p.companyId === company.id));
}
