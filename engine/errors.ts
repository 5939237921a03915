/**
 * The one error type of the project. Every layer throws it with a code; the HTTP face maps codes to
 * statuses in one table (server/problem.ts). It lives in engine/ because engine/ is the innermost layer
 * and both data/ and server/ may depend on it.
 */
export const ERROR_CODES = [
  'bad_request',
  'malformed_json',
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  /** The request is well-formed but no solution exists (or none was found in the time given), e.g. a schedule. */
  'infeasible',
  'payload_too_large',
  'unsupported_media_type',
  /** Too many requests from one key or address in a window; the answer says when to try again. */
  'too_many_requests',
  'unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `industries.0.code` or `query.limit`. */
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly issues: FieldIssue[];

  constructor(code: ErrorCode, message: string, options: { field?: string; issues?: FieldIssue[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.issues = options.issues ?? (options.field ? [{ field: options.field, message }] : []);
    this.field = options.field ?? this.issues[0]?.field;
  }
}

export const notFound = (what: string, id: string, field = 'id') =>
  new AppError('not_found', `${what} '${id}' does not exist`, { field });

export const invalid = (field: string, message: string) => new AppError('validation_failed', message, { field });
