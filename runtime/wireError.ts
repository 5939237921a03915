/**
 * AppError as it crosses a thread (or lands in a job's row): a plain object that structured clone and
 * JSON keep whole. A class instance loses its prototype and its own fields on the way, so an error is
 * sent in this form and made an AppError again on arrival.
 */
import { AppError, type ErrorCode } from '../engine/errors.ts';

export interface WireError {
  code: string;
  message: string;
  field?: string;
}

export function toWireError(err: AppError): WireError {
  return { code: err.code, message: err.message, field: err.field };
}

export function fromWireError(wire: WireError): AppError {
  return new AppError(wire.code as ErrorCode, wire.message, { field: wire.field });
}

/** A task's answer as it crosses back from a thread: its result, or its AppError in wire form. */
export type TaskAnswer = { result: unknown } | { error: WireError };

export function unwrapAnswer(answer: TaskAnswer): unknown {
  if ('error' in answer) throw fromWireError(answer.error);
  return answer.result;
}

/** What a run on threads rejects with once it was cancelled, on either side. */
export const cancelledError = () => new AppError('conflict', 'the run was cancelled');
