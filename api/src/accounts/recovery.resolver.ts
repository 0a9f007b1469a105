import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../composition.js';
import { RecoveryChannel, RecoveryStarted } from './accounts.types.js';
import { AuthPayload } from './auth.types.js';
import { signedIn } from './signed-in.js';

@Resolver()
export class RecoveryResolver {
  @Mutation(() => RecoveryStarted, {
    description:
      'Password recovery by the phone (→ an SMS code for `recoverWithCode`) or the confirmed email (→ a link to set a new password). The same answer whether or not the account exists.',
  })
  async requestPasswordRecovery(@Arg('login', () => String) login: string, @Ctx() ctx: Context): Promise<RecoveryStarted> {
    const r = await ctx.services.accounts.requestRecovery(login, ctx.client);
    return { ...r, channel: r.channel === 'SMS' ? RecoveryChannel.SMS : RecoveryChannel.EMAIL };
  }

  @Mutation(() => AuthPayload, { description: 'Signs in with the recovery SMS code; `mustChangePassword` is true: set a new password next.' })
  async recoverWithCode(
    @Arg('phone', () => String) phone: string,
    @Arg('code', () => String) code: string,
    @Arg('challenge', () => String, { description: 'From the answer that sent the code.' }) challenge: string,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    return signedIn(ctx, await ctx.services.accounts.recoverWithCode(phone, code, challenge, ctx.client));
  }

  @Mutation(() => AuthPayload, { description: 'Sets a new password with the token from the recovery email link (1 hour, single use); ends every other session.' })
  async resetPassword(@Arg('token', () => String) token: string, @Arg('password', () => String) password: string, @Ctx() ctx: Context): Promise<AuthPayload> {
    return signedIn(ctx, await ctx.services.accounts.resetPassword(token, password, ctx.client));
  }
}
