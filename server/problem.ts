/**
 * RFC 9457 problem details. The one place where error codes become HTTP statuses; nothing else in the
 * server picks a status for an error.
 */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { AppError, type ErrorCode } from '../engine/errors.ts';
import { undeclaredProblem } from './routing.ts';

export const PROBLEM_STATUS: Record<ErrorCode, { status: number; title: string }> = {
  bad_request: { status: 400, title: 'Bad request' },
  malformed_json: { status: 400, title: 'Malformed JSON' },
  validation_failed: { status: 422, title: 'Validation failed' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  infeasible: { status: 422, title: 'No feasible solution' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  too_many_requests: { status: 429, title: 'Too many requests' },
  unavailable: { status: 503, title: 'Service unavailable' },
  internal: { status: 500, title: 'Internal server error' },
};

/** body-parser's error types, translated into ours. */
const BODY_ERRORS: Record<string, ErrorCode> = {
  'entity.parse.failed': 'malformed_json',
  'entity.too.large': 'payload_too_large',
  'encoding.unsupported': 'unsupported_media_type',
  'charset.unsupported': 'unsupported_media_type',
  'request.aborted': 'bad_request',
  'request.size.invalid': 'bad_request',
  'stream.encoding.set': 'internal',
};

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const type = (err as { type?: unknown })?.type;
  if (typeof type === 'string' && BODY_ERRORS[type]) {
    const code = BODY_ERRORS[type]!;
    const message =
      code === 'malformed_json'
        ? 'The request body is not valid JSON'
        : code === 'payload_too_large'
          ? `The request body exceeds the limit of ${(err as { limit?: number }).limit ?? '?'} bytes`
          : 'The request body could not be read';
    return new AppError(code, message, { field: 'body' });
  }
  // Express and its router mark client faults (a malformed %-escape in the path, say) with a 4xx status.
  const status = Number((err as { status?: unknown; statusCode?: unknown })?.status ?? (err as { statusCode?: unknown })?.statusCode);
  if (status >= 400 && status < 500) return new AppError('bad_request', 'The request could not be understood', { field: 'url', cause: err });
  // PostgreSQL refuses text it cannot store (a NUL byte, an invalid encoding): the input's fault.
  const pgCode = (err as { code?: unknown })?.code;
  if (pgCode === '22021' || pgCode === '22P05') return new AppError('bad_request', 'The request contains characters that cannot be stored', { cause: err });
  return new AppError('internal', 'An unexpected error occurred', { cause: err });
}

export function sendProblem(res: Response, error: AppError, instance?: string): void {
  const { status, title } = PROBLEM_STATUS[error.code];
  // Every 503 here is a passing state (an index being built or rebuilt): say when to come back.
  if (status === 503) res.setHeader('Retry-After', '5');
  res
    .status(status)
    .type('application/problem+json')
    .json({
      type: `https://isa-match.example/problems/${error.code.replace(/_/g, '-')}`,
      title,
      status,
      detail: error.message,
      code: error.code,
      ...(error.field ? { field: error.field } : {}),
      ...(error.issues.length ? { errors: error.issues } : {}),
      ...(instance ? { instance } : {}),
    });
}

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No route for ${req.method} ${req.path}`));
};

export const problemHandler: ErrorRequestHandler = (err, req, res, _next) => {
  let error = toAppError(err);
  if (req.app.get('check responses')) {
    const contract = undeclaredProblem(res, PROBLEM_STATUS[error.code].status);
    if (contract) error = new AppError('internal', `${contract}: ${error.message}`, { cause: err });
  }
  if (error.code === 'internal') req.log?.error({ err, reqId: req.id }, 'unhandled error');
  else req.log?.debug({ reqId: req.id, code: error.code, field: error.field }, error.message);
  if (res.headersSent) return;
  sendProblem(res, error, req.originalUrl);
};
