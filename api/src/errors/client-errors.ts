/**
 * Errors a client is meant to see: each has a stable `extensions.code` and a message a person can act on
 * (Russian, since the cabinet shows it as is). Anything else is logged and masked (see graphql/masking.ts).
 *
 * Every domain may import this module (it depends on the `graphql` package only, never on `api/src/graphql/`).
 * The classes extend GraphQLError because that is what the transports serialise. Each is built from a reason of the
 * catalogue (./reasons: `because('WRONG_CODE_ATTEMPTS_LEFT', { attemptsLeft })`), which gives the Russian message
 * and puts a stable `reason` and its `params` into `extensions` for clients to translate (api/docs/errors.md).
 */
import { GraphQLError } from 'graphql';
import { because, type Because } from './reasons.js';

export { because, type Because } from './reasons.js';

export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  RATE_LIMITED = 'RATE_LIMITED',
  STORAGE_UNAVAILABLE = 'STORAGE_UNAVAILABLE',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** Marks errors meant for the client. A global symbol rather than `instanceof`: it survives two copies of graphql. */
const CLIENT_ERROR = Symbol.for('askue.clientError');

/**
 * What a client error carries in `extensions` next to `code`: `field`, `retryAfter`, and a stable `reason` (a finer
 * code than `code`) with its `params`, which the catalogues translate.
 */
export interface ClientErrorExtensions {
  field?: string;
  retryAfter?: number;
  reason?: string;
  params?: Record<string, string | number>;
  [key: string]: unknown;
}

export class ClientError extends GraphQLError {
  readonly [CLIENT_ERROR] = true;
  constructor(code: ErrorCode, message: string, extensions: ClientErrorExtensions = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

/** The ClientError somewhere in an error's chain of `originalError`s, if any. */
export function findClientError(error: unknown): ClientError | undefined {
  for (let e = error as { originalError?: unknown } | undefined, depth = 0; e && depth < 5; e = e.originalError as typeof e, depth++) {
    if ((e as Record<symbol, unknown>)[CLIENT_ERROR]) return e as ClientError;
  }
  return undefined;
}

/** A client error built from a reason of the catalogue (./reasons): its message, with `reason` and `params` in `extensions`. */
export class ReasonedError extends ClientError {
  constructor(code: ErrorCode, why: Because, extensions: ClientErrorExtensions = {}) {
    super(code, why.message, { ...extensions, reason: why.reason, params: why.params });
  }
}

export class UserInputError extends ReasonedError {
  /**
   * `field` names the input the message belongs to, so a form can show it next to that field; `extensions`, what else
   * a client needs beside the reason (PROVISIONING_INVALID's `problems`).
   */
  constructor(why: Because, field?: string, extensions: ClientErrorExtensions = {}) {
    super(ErrorCode.BAD_USER_INPUT, why, { ...extensions, ...(field ? { field } : {}) });
  }
}

export class UnauthenticatedError extends ReasonedError {
  constructor(why: Because = because('UNAUTHENTICATED')) {
    super(ErrorCode.UNAUTHENTICATED, why);
  }
}

export class ForbiddenError extends ReasonedError {
  constructor(why: Because = because('FORBIDDEN')) {
    super(ErrorCode.FORBIDDEN, why);
  }
}

export class NotFoundError extends ReasonedError {
  constructor(why: Because) {
    super(ErrorCode.NOT_FOUND, why);
  }
}

export class StorageUnavailableError extends ReasonedError {
  constructor(readonly retryAfterS = 10) {
    super(ErrorCode.STORAGE_UNAVAILABLE, because('STORAGE_UNAVAILABLE'), { retryAfter: retryAfterS });
  }
}
