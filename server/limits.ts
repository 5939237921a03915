/**
 * What a careless or hostile client may not do: send requests without end (rate limits per key and per
 * address, by express-rate-limit: a maintained middleware whose counting windows, Retry-After and
 * IPv6-prefix keys are easy to get subtly wrong by hand), guess keys (a limit on rejected keys per
 * address, checked before the key is looked up), or make the server read a body it will refuse (the
 * declared length is checked against the route's limit, and the caller's access, before a byte is read).
 * The counters are per instance: N instances behind a balancer allow up to N times the figures.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit, type Options } from 'express-rate-limit';
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

/** A one-minute window of `limit` requests per key of `options.keyGenerator`; beyond it a 429 problem with Retry-After. */
function perMinute(limit: number, what: string, options: Partial<Options>): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...options,
    handler: (_req: Request, _res: Response, next: NextFunction) => next(new AppError('too_many_requests', `${what}; try again after the time in Retry-After`)),
  });
}

const pass: RequestHandler = (_req, _res, next) => next();

/**
 * Counts requests answered 401 per address; once over the limit, the address is refused (429) before its
 * key is looked up, for the rest of the window. Goes before authentication.
 */
export function authFailureLimit(limits: RateLimits): RequestHandler {
  if (!limits.authFailuresPerMinute) return pass;
  return perMinute(limits.authFailuresPerMinute, 'Too many requests with unknown or revoked API keys from this address', {
    keyGenerator: addressOf,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
  });
}

/** Requests per key, or per address for callers without one. Goes after authentication. */
export function requestLimit(limits: RateLimits): RequestHandler {
  if (!limits.requestsPerMinute) return pass;
  return perMinute(limits.requestsPerMinute, 'Too many requests for this API key (or, without one, from this address)', {
    keyGenerator: (req) => (req.principal ? `key:${req.principal.keyId}` : `address:${addressOf(req)}`),
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
