/**
 * Whether an error means the database could not be reached or could not take the work now — a connection refused
 * or cut (a restart, a failover, «allow_connections false»), the pool waiting in vain, SQLite's write lock held too
 * long — rather than a fault of ours. Such a failure reaches clients as STORAGE_UNAVAILABLE (503, Retry-After),
 * not «internal error». The error is looked for along its causes (GraphQL wraps, MikroORM wraps the driver's).
 */
import { ConnectionException, LockWaitTimeoutException } from '@mikro-orm/core';

/** PostgreSQL's SQLSTATEs of a connection lost or refused, and of a server going away or overloaded. */
const PG_CODES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300']);
const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'SQLITE_BUSY', 'SQLITE_LOCKED']);
const MESSAGES = /Connection terminated|Connection ended unexpectedly|not currently accepting connections|Timeout acquiring a connection|database is locked|Client has encountered a connection error/i;

export function isStorageFailure(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    if (e instanceof ConnectionException || e instanceof LockWaitTimeoutException) return true;
    const { code, name, message } = e as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string' && (PG_CODES.has(code) || NODE_CODES.has(code))) return true;
    if (name === 'KnexTimeoutError' || (typeof message === 'string' && MESSAGES.test(message))) return true;
    e = (e as { originalError?: unknown }).originalError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}
