/**
 * What a careless or hostile client may not do: send requests without end (rate limits per key and per
 * address, by express-rate-limit: a maintained middleware whose counting windows, Retry-After and
 * IPv6-prefix keys are easy to get subtly wrong by hand), guess keys (a limit on rejected keys per
 * address, checked before the key is looked up), or make the server read a body it will refuse (the
 * declared length is checked against the route's limit, and the caller's access, before a byte is read).
 * The counters are per instance: N instances behind a balancer allow up to N times the figures.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, MemoryStore, rateLimit } from 'express-rate-limit';
import { AppError } from '../engine/errors.ts';

export interface RateLimits {
  /** Requests per minute per API key (per address without one); 0: no limit. */
  requestsPerMinute: number;
  /** Rejected keys per minute per address; 0: no limit. */
  authFailuresPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { requestsPerMinute: 3000, authFailuresPerMinute: 30 };

const WINDOW_MS = 60_000;

const addressOf = (req: Request) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');

const tooMany = (what: string) => (_req: Request, _res: Response, next: NextFunction) =>
  next(new AppError('too_many_requests', `${what}; try again after the time in Retry-After`));

const pass: RequestHandler = (_req, _res, next) => next();

/**
 * Counts requests answered 401 per address; once over the limit, the address is refused (429) before its
 * key is looked up, for the rest of the window. Goes before authentication. Only answered rejections
 * count: express-rate-limit's skipSuccessfulRequests counts every request on arrival and takes it back
 * when it ends well, so that more requests in flight at once than the limit (one busy client, or many
 * behind one proxy) were refused with valid keys (found by `npm run bench:load`: 50 connections with one
 * key got 429 on every route). Its store keeps the window here.
 */
export function authFailureLimit(limits: RateLimits): RequestHandler {
  const limit = limits.authFailuresPerMinute;
  if (!limit) return pass;
  const rejected = new MemoryStore();
  rejected.init({ windowMs: WINDOW_MS } as Parameters<MemoryStore['init']>[0]);
  const refuse = tooMany('Too many requests with unknown or revoked API keys from this address');
  return (req, res, next) => {
    const address = addressOf(req);
    rejected.get(address).then(
      (counted) => {
        if (counted && counted.totalHits >= limit) {
          const seconds = counted.resetTime ? Math.ceil((counted.resetTime.getTime() - Date.now()) / 1000) : WINDOW_MS / 1000;
          res.setHeader('Retry-After', String(Math.max(1, seconds)));
          return refuse(req, res, next);
        }
        res.once('finish', () => {
          if (res.statusCode === 401) void rejected.increment(address);
        });
        next();
      },
      (err: unknown) => next(err),
    );
  };
}

/** Requests per key, or per address for callers without one. Goes after authentication. */
export function requestLimit(limits: RateLimits): RequestHandler {
  if (!limits.requestsPerMinute) return pass;
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: limits.requestsPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => (req.principal ? `key:${req.principal.keyId}` : `address:${addressOf(req)}`),
    handler: tooMany('Too many requests for this API key (or, without one, from this address)'),
  });
}

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** '100kb' → 102400: the sizes the configuration and the routes state. */
export function byteSize(size: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(size);
  if (!match) throw new AppError('internal', `not a size: '${size}'`);
  return Number(match[1]) * UNITS[match[2]!.toLowerCase()]!;
}

/** Refuses a body whose declared length exceeds `limit` bytes (413) before any of it is read. */
export function declaredLengthWithin(limit: (req: Request) => number): RequestHandler {
  return (req, _res, next) => {
    const declared = Number(req.get('content-length') ?? 0);
    const max = limit(req);
    if (declared > max) throw new AppError('payload_too_large', `The request body exceeds the limit of ${max} bytes`, { field: 'body' });
    next();
  };
}
