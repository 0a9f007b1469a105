import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from '../log.js';
import { isStorageFailure } from '../db/storage-failure.js';
import { ErrorCode, findClientError, StorageUnavailableError } from '../errors/client-errors.js';

/** Codes produced by GraphQL itself for a bad request: shown as they are. */
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Expected errors (ClientError and GraphQL's own request errors) reach the client as they are;
 * anything else is logged with its stack and masked, so internals never leak.
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown, log: Logger): GraphQLFormattedError {
  const client = findClientError(error);
  if (client) {
    // `http` is for Apollo (the status and headers of an error thrown before the operation), not for the client.
    const { http: _http, ...extensions } = client.extensions;
    return { ...formatted, message: client.message, extensions };
  }
  const original = (error as { originalError?: unknown } | undefined)?.originalError;
  const code = formatted.extensions?.code;
  // GraphQL's own errors about the request (syntax, validation, limits, variables) are meant for the client.
  if (typeof code === 'string' && REQUEST_CODES.has(code)) return formatted;
  if (!original && !formatted.path) return formatted;
  // The database out of reach is not a fault of ours: the client is told to come back shortly.
  if (isStorageFailure(original ?? error)) {
    log.warn({ err: original ?? error, path: formatted.path }, 'storage unavailable during a GraphQL operation');
    const unavailable = new StorageUnavailableError();
    return { message: unavailable.message, locations: formatted.locations, path: formatted.path, extensions: { ...unavailable.extensions } };
  }
  log.error({ err: original ?? error, path: formatted.path }, 'unexpected error in a GraphQL operation');
  return {
    message: 'Внутренняя ошибка сервера',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
