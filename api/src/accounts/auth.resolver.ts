import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../composition.js';
import { AuthPayload } from './auth.types.js';
import { clearSessionCookie } from './session-cookie.js';
import { signedIn } from './signed-in.js';

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, {
    description:
      'Signs in with the phone (any common notation; Russia is the default region) and password. A wrong phone and a wrong password answer alike; failures are limited (RATE_LIMITED with retryAfter). In a browser it also sets the HttpOnly session cookie.',
  })
  async signIn(
    @Arg('phone', () => String) phone: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    return signedIn(ctx, await ctx.services.sessions.signIn(phone, password, ctx.client));
  }

  @Mutation(() => Boolean, { description: 'Ends the current session on the server (its token stops working). False when not signed in.' })
  async signOut(@Ctx() ctx: Context): Promise<boolean> {
    if (ctx.http) clearSessionCookie(ctx.http.res, ctx.deps.config.session);
    if (!ctx.principal) return false;
    await ctx.services.sessions.signOut(ctx.principal.session);
    return true;
  }
}
