import type { CombinedError } from '@urql/core';
import { apiErrorText, loadErrorWords, t, type ReasonParams } from '$lib/i18n';
import type { ProvisioningProblem } from '$lib/i18n/sections/errors';

/**
 * A failed API call as a screen needs it: a stable `code` to branch on, the `message` to show (in the cabinet's
 * language, from the API's `reason` and `params`), and the input `field` the message belongs to (BAD_USER_INPUT)
 * so a form can put it next to that field.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    /** The API's `extensions.code`, or NETWORK when the server could not be reached. */
    readonly code: string,
    readonly field?: string,
    /** RATE_LIMITED: seconds until the API accepts the request again. */
    readonly retryAfter?: number,
    /** The API's `extensions.reason`: a finer, stable code (see api/docs/errors.md). */
    readonly reason?: string,
    /** The API's `extensions.params`: what the reason's text needs. */
    readonly params: ReasonParams = {},
    /** PROVISIONING_INVALID: each problem of the list, where it is (a form puts it next to its field). */
    readonly problems: ProvisioningProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const NETWORK_MESSAGE = t.errors.network;

// graphql-ws close codes that mean «this session may not subscribe» (see graphql-ws CloseCode).
const CLOSE_UNAUTHORIZED = 4401;
const CLOSE_FORBIDDEN = 4403;

type Extensions = Record<string, unknown> | undefined;

/** An API error's `extensions` as the ApiError they make; the text comes from the reason (see apiErrorText). */
function fromExtensions(message: string | undefined, extensions: Extensions): ApiError {
  const code = typeof extensions?.code === 'string' ? extensions.code : 'INTERNAL_SERVER_ERROR';
  const field = typeof extensions?.field === 'string' ? extensions.field : undefined;
  const retryAfter = typeof extensions?.retryAfter === 'number' ? extensions.retryAfter : undefined;
  const reason = typeof extensions?.reason === 'string' ? extensions.reason : undefined;
  const params = extensions?.params && typeof extensions.params === 'object' ? (extensions.params as ReasonParams) : {};
  // A list's problems (PROVISIONING_INVALID), each to be said in the cabinet's language.
  const problems = Array.isArray(extensions?.problems) ? (extensions.problems as ProvisioningProblem[]) : undefined;
  return new ApiError(apiErrorText({ reason, params, problems, code, message, field, retryAfter }), code, field, retryAfter, reason, params, problems);
}

/** An urql error as an ApiError, once the words for its reason are there (see loadErrorWords). */
export async function apiErrorOf(error: CombinedError): Promise<ApiError> {
  await loadErrorWords();
  return toApiError(error);
}

/** A socket's error as an ApiError, once the words for its reason are there. */
export async function liveErrorOf(error: unknown): Promise<ApiError> {
  await loadErrorWords();
  return liveError(error);
}

export function toApiError(error: CombinedError): ApiError {
  const first = error.graphQLErrors[0];
  if (first) return fromExtensions(first.message, first.extensions);
  const close = error.networkError as unknown as { code?: unknown } | undefined;
  if (close && (close.code === CLOSE_FORBIDDEN || close.code === CLOSE_UNAUTHORIZED)) {
    return new ApiError(t.errors.sessionEnded, 'UNAUTHENTICATED');
  }
  return new ApiError(NETWORK_MESSAGE, 'NETWORK');
}

/** An error the socket delivered to a subscription made straight on it: the operation's GraphQL errors, or a close event. */
export function liveError(error: unknown): ApiError {
  const first = Array.isArray(error) ? (error[0] as { message?: string; extensions?: Record<string, unknown> } | undefined) : undefined;
  if (first) return fromExtensions(first.message, first.extensions);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === CLOSE_FORBIDDEN || code === CLOSE_UNAUTHORIZED) return new ApiError(t.errors.sessionEnded, 'UNAUTHENTICATED');
  return new ApiError(NETWORK_MESSAGE, 'NETWORK');
}

/** A plain HTTP endpoint's refusal (`{ error: { message, code, field, reason, params } }`, or none) by its status. */
export async function httpError(status: number, error: { message?: string; code?: string; field?: string; reason?: string; params?: ReasonParams } | undefined): Promise<ApiError> {
  await loadErrorWords();
  const code = error?.code ?? (status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL_SERVER_ERROR');
  return fromExtensions(error?.message, { ...error, code });
}
