/** Who may call a resolver: the checks every domain's resolvers start with. */
import { Role } from './account.entity.js';
import { SessionKind } from './session.entity.js';
import type { Principal } from './session.service.js';
import type { Context } from '../composition.js';
import { ForbiddenError, UnauthenticatedError, because } from '../errors/client-errors.js';

/** The signed-in account, or an UNAUTHENTICATED error. */
export function requireViewer(ctx: Context): Principal {
  if (!ctx.principal) throw new UnauthenticatedError();
  return ctx.principal;
}

/** Only the device bridges (service credential) may call this. */
export function requireBridge(ctx: Context): void {
  if (!ctx.isBridge) throw new ForbiddenError(because('BRIDGE_ONLY'));
}

/** Only operators of the metering company (role OPERATOR). */
export function requireOperator(ctx: Context): Principal {
  const principal = requireViewer(ctx);
  if (principal.account.role !== Role.OPERATOR) throw new ForbiddenError(because('OPERATORS_ONLY'));
  if (principal.session.kind !== SessionKind.SESSION) throw new ForbiddenError(because('READ_ONLY_TOKEN'));
  return principal;
}
