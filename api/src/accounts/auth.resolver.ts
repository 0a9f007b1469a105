import { Arg, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { Account } from './account.entity.js';
import { clearSessionCookie } from './session-cookie.js';
import { signedIn } from './signed-in.js';

@ObjectType()
export class AuthPayload {
  @Field(() => String, {
    description: 'Bearer token of the new session: `Authorization: Bearer <token>` over HTTP, `{"authorization": "Bearer <token>"}` in connection_init.',
  })
  token!: string;

  @Field(() => Account)
  account!: Account;

  @Field(() => Boolean, { description: 'Signed in by a recovery code: ask for a new password now (`changePassword` without the current one).' })
  mustChangePassword!: boolean;
}

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
