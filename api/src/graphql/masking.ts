import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import type { Logger } from '../log.js';
import { ClientError, ErrorCode } from './errors.js';

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
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof ClientError) return { ...formatted, extensions: { ...original.extensions } };
  const code = formatted.extensions?.code;
  if (!(original instanceof Error) || original === error) {
    if (typeof code === 'string' && REQUEST_CODES.has(code)) return formatted;
    if (!formatted.path && error instanceof GraphQLError && !error.originalError) return formatted;
  }
  log.error({ err: original, path: formatted.path }, 'unexpected error in a GraphQL operation');
  return {
    message: 'Внутренняя ошибка сервера',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
