import type { Principal } from '../accounts/session.service.js';
import type { Context } from './context.js';
import { ForbiddenError, UnauthenticatedError } from './errors.js';

/** The signed-in account, or an UNAUTHENTICATED error. */
export function requireViewer(ctx: Context): Principal {
  if (!ctx.principal) throw new UnauthenticatedError();
  return ctx.principal;
}

/** Only the device bridges (service credential) may call this. */
export function requireBridge(ctx: Context): void {
  if (!ctx.isBridge) throw new ForbiddenError('Только для шлюза устройств (служебный ключ)');
}
