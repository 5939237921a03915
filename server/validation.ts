/** zod at the edge: query strings fail with 400, bodies with 422; both name the offending field. */
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { AppError, type FieldIssue } from '../engine/errors.ts';

export function issuesOf(error: z.ZodError, prefix: string): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    // An unknown key names itself, not its parent object.
    if (issue.code === 'unrecognized_keys') path.push(...issue.keys.slice(0, 1));
    return { field: [prefix, ...path].filter(Boolean).join('.') || prefix || 'body', message: issue.message };
  });
}

/** No request body the API takes nests deeper than this; deeper ones are refused before they are parsed. */
export const MAX_JSON_DEPTH = 64;

/**
 * express.json's verify hook: counts bracket depth in the raw bytes (outside strings) so that a body
 * nested thousands of levels deep, small enough to pass the size limit, is a 400 and not a stack overflow
 * in whatever walks it later.
 */
export function verifyJsonDepth(_req: unknown, _res: unknown, buf: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]!;
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) throw new AppError('bad_request', `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels`, { field: 'body' });
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/** Query booleans as people write them. */
export const queryBoolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** The first place in a parsed JSON value that holds a NUL character, as a dotted path. */
function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], path ? `${path}.${i}` : String(i));
      if (found !== undefined) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulPath(key, path) ?? nulPath(item, path ? `${path}.${key}` : key);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * NUL characters are valid JSON and valid URL escapes but no database stores them in text (PostgreSQL
 * refuses them): they are refused at the door, naming where they were. The URL before anything else,
 * the body once the route has read it.
 */
export const rejectNulInUrl: RequestHandler = (req, _res, next) => {
  if (req.path.includes('\u0000') || /%00/.test(req.originalUrl)) {
    throw new AppError('bad_request', 'The URL contains a NUL character', { field: 'url' });
  }
  next();
};

export const rejectNulInBody: RequestHandler = (req, _res, next) => {
  const inBody = req.body === undefined ? undefined : nulPath(req.body, '');
  if (inBody !== undefined) throw new AppError('validation_failed', 'Text must not contain NUL characters', { field: inBody || 'body' });
  next();
};

/** A two-letter country code in any case, as "DE" or "CN". */
export const countryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'a two-letter country code such as DE or CN')
  .transform((s) => s.toUpperCase());
