/**
 * Who is calling. A request carries an API key (Authorization: Bearer … or X-API-Key); the key becomes
 * the request's principal, whose role and binding (a company or a city) policy.ts judges. Public reads
 * of the city directory and the taxonomy need no key.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../engine/errors.ts';
import { touchApiKey, type ApiKey } from '../data/repositories/apiKeys.ts';
import type { AppContext } from './context.ts';
import type { Principal } from './policy.ts';

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
    // What a key reads is its own (and POST /keys answers with a secret): no cache keeps it.
    res.setHeader('Cache-Control', 'no-store');
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
