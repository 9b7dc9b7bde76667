/**
 * Named errors with an HTTP status and a stable id. Services throw these; the
 * HTTP edge turns them into `{"error": {"id", "message", "field"?}}` and the
 * CLI into an exit code and a line. Anything else is an internal error.
 */
import type { Problem } from './validation-messages.js';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly field?: string,
    /** What is wrong as a stable code and its numbers (see src/validation-messages.ts), for clients that translate. */
    readonly problem?: Problem,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const validationError = (message: string, field?: string, problem?: Problem) =>
  new AppError(400, 'validation_failed', message, field, problem);
export const unauthorized = (message = 'Authentication required') => new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'You do not have permission to do this') => new AppError(403, 'forbidden', message);
/** Used both for missing things and things the caller may not see, so access leaks nothing. */
export const notFound = (what = 'Resource') => new AppError(404, 'not_found', `${what} not found or no access`);
export const conflict = (message: string, field?: string, problem?: Problem) => new AppError(409, 'conflict', message, field, problem);
export const tooManyRequests = (message: string) => new AppError(429, 'too_many_requests', message);
