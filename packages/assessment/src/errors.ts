// Typed domain errors. The domain says what went wrong; packages/http decides the status code.

export type DomainErrorKind =
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'gone'
  | 'unprocessable'
  | 'rate-limited'
  | 'unavailable';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  /** stable machine-readable code, e.g. `placement_not_found` */
  readonly code: string;
  /** safe, client-facing details (never secrets) */
  readonly details?: Record<string, unknown>;

  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

export class UnauthenticatedError extends DomainError {
  readonly kind = 'unauthenticated' as const;
}

export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden' as const;
}

export class NotFoundError extends DomainError {
  readonly kind = 'not-found' as const;
}

/** The request conflicts with the current state (wrong item, stale version, duplicate). */
export class ConflictError extends DomainError {
  readonly kind = 'conflict' as const;
}

/** The ConflictError code of a session write that lost its version condition (another write came first). */
export const PLACEMENT_CHANGED = 'placement_changed';

/** The resource existed but is over for good (e.g. an idle-expired placement). */
export class GoneError extends DomainError {
  readonly kind = 'gone' as const;
}

/** Well-formed input that the domain cannot act on (e.g. an infeasible blueprint). */
export class UnprocessableError extends DomainError {
  readonly kind = 'unprocessable' as const;
}

export class TooManyRequestsError extends DomainError {
  readonly kind = 'rate-limited' as const;
  readonly retryAfterSeconds: number;

  constructor(code: string, message: string, retryAfterSeconds: number, details?: Record<string, unknown>) {
    super(code, message, details);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Something the request needs is missing or not answering (a secret, the event bus): call again later. */
export class ServiceUnavailableError extends DomainError {
  readonly kind = 'unavailable' as const;
}
