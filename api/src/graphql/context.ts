/**
 * The GraphQL side of the per-operation context. The context itself (`Context`) and every service in it are built by
 * the composition root (../composition.ts); this module holds only what reads a transport's credentials.
 */
export type { AppDeps, Context } from '../composition.js';

/** The bearer credential of a request: `Authorization: Bearer …` first, then the session cookie. */
export function bearerFrom(authorization: unknown, cookieToken: string | undefined): string | undefined {
  if (typeof authorization === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (m) return m[1];
  }
  return cookieToken || undefined;
}
