import { errorMessages, type ErrorCode } from '@linli/shared';

/** A domain error with an HTTP status and a stable code; `expose` says whether its message may reach the client. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | string,
    message: string,
    readonly details?: unknown,
    readonly expose = status < 500,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(message: string = errorMessages.BAD_REQUEST, details?: unknown) {
    super(400, 'BAD_REQUEST', message, details);
  }
}

export class ValidationError extends AppError {
  constructor(details: unknown, message: string = errorMessages.VALIDATION_FAILED) {
    super(400, 'VALIDATION_FAILED', message, details);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message: string = errorMessages.UNAUTHENTICATED, code = 'UNAUTHENTICATED') {
    super(401, code, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string = errorMessages.FORBIDDEN, code = 'FORBIDDEN') {
    super(403, code, message);
  }
}

/** `new NotFoundError('report')` → 404 `REPORT_NOT_FOUND`. */
export class NotFoundError extends AppError {
  constructor(entity = '', message: string = errorMessages.NOT_FOUND) {
    super(404, entity ? `${entity.toUpperCase()}_NOT_FOUND` : 'NOT_FOUND', message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string = errorMessages.CONFLICT, code = 'CONFLICT', details?: unknown) {
    super(409, code, message, details);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(message: string = errorMessages.SERVICE_UNAVAILABLE, code = 'SERVICE_UNAVAILABLE') {
    super(503, code, message, undefined, true);
  }
}

/** True for MongoDB's duplicate-key error (E11000), which both MongoDB and FerretDB raise. */
export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}
