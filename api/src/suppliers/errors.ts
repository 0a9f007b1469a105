/**
 * Errors of the suppliers and submissions domain: a stable `extensions.code` (BAD_USER_INPUT, FORBIDDEN, NOT_FOUND),
 * plus a `reason` code and its `params`, so that the cabinet words them in its own language; the message is Russian.
 */
import { ClientError, ErrorCode } from '../graphql/errors.js';

export class SupplyError extends ClientError {
  constructor(code: ErrorCode, reason: string, message: string, params: Record<string, unknown> = {}, field?: string) {
    super(code, message, { reason, params, ...(field ? { field } : {}) });
  }
}

export const badInput = (reason: string, message: string, params: Record<string, unknown> = {}, field?: string) =>
  new SupplyError(ErrorCode.BAD_USER_INPUT, reason, message, params, field);

export const notFound = (reason: string, message: string, params: Record<string, unknown> = {}) => new SupplyError(ErrorCode.NOT_FOUND, reason, message, params);
