import type { CombinedError } from '@urql/core';
import { apiErrorText, t } from '$lib/i18n';

/**
 * A failed API call as a screen needs it: a stable `code` to branch on, a Russian `message` to show, and
 * the input `field` the message belongs to (BAD_USER_INPUT) so a form can put it next to that field.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    /** The API's `extensions.code`, or NETWORK when the server could not be reached. */
    readonly code: string,
    readonly field?: string,
    /** RATE_LIMITED: seconds until the API accepts the request again. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const NETWORK_MESSAGE = t.errors.network;
const GENERIC_MESSAGE = t.errors.generic;

// graphql-ws close codes that mean «this session may not subscribe» (see graphql-ws CloseCode).
const CLOSE_UNAUTHORIZED = 4401;
const CLOSE_FORBIDDEN = 4403;

// The API writes messages meant for people in Russian; GraphQL's own errors (a malformed query, a blocked
// request) are English and speak to developers, so a person gets a plain Russian sentence instead.
const forPeople = (message: string) => /[а-яё]/i.test(message);

export function toApiError(error: CombinedError): ApiError {
  const first = error.graphQLErrors[0];
  if (first) {
    const code = typeof first.extensions?.code === 'string' ? first.extensions.code : 'INTERNAL_SERVER_ERROR';
    const field = typeof first.extensions?.field === 'string' ? first.extensions.field : undefined;
    const retryAfter = typeof first.extensions?.retryAfter === 'number' ? first.extensions.retryAfter : undefined;
    // In English the API's Russian words are translated where they are known (see apiErrorText).
    return new ApiError(forPeople(first.message) ? apiErrorText(first.message, code, field, retryAfter) : GENERIC_MESSAGE, code, field, retryAfter);
  }
  const close = error.networkError as unknown as { code?: unknown } | undefined;
  if (close && (close.code === CLOSE_FORBIDDEN || close.code === CLOSE_UNAUTHORIZED)) {
    return new ApiError(t.errors.sessionEnded, 'UNAUTHENTICATED');
  }
  return new ApiError(NETWORK_MESSAGE, 'NETWORK');
}

/** An error the socket delivered to a subscription made straight on it: the operation's GraphQL errors, or a close event. */
export function liveError(error: unknown): ApiError {
  const first = Array.isArray(error) ? (error[0] as { message?: string; extensions?: Record<string, unknown> } | undefined) : undefined;
  if (first) {
    const code = typeof first.extensions?.code === 'string' ? first.extensions.code : 'INTERNAL_SERVER_ERROR';
    const field = typeof first.extensions?.field === 'string' ? first.extensions.field : undefined;
    return new ApiError(apiErrorText(first.message ?? '', code, field), code, field);
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === CLOSE_FORBIDDEN || code === CLOSE_UNAUTHORIZED) return new ApiError(t.errors.sessionEnded, 'UNAUTHENTICATED');
  return new ApiError(NETWORK_MESSAGE, 'NETWORK');
}

/** A plain HTTP endpoint's refusal (`{ error: { message, code, field } }`, or none) by its status. */
export function httpError(status: number, error: { message?: string; code?: string; field?: string } | undefined): ApiError {
  const code = error?.code ?? (status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL_SERVER_ERROR');
  const message = error?.message && forPeople(error.message) ? error.message : GENERIC_MESSAGE;
  return new ApiError(apiErrorText(message, code, error?.field), code, error?.field);
}
