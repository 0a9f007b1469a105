import type { Context } from '../composition.js';
import { AuthPayload } from './auth.types.js';
import { setSessionCookie } from './session-cookie.js';
import type { SignedIn } from './accounts.service.js';

/** Every way of signing in ends here: the payload for apps, and the HttpOnly cookie for the cabinet. */
export function signedIn(ctx: Context, result: SignedIn): AuthPayload {
  if (ctx.http) setSessionCookie(ctx.http.res, ctx.deps.config.session, result.token, result.session.expiresAt!);
  return Object.assign(new AuthPayload(), { token: result.token, account: result.account, mustChangePassword: result.session.viaRecovery });
}
