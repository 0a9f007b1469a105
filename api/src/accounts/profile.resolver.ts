import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../composition.js';
import { requireViewer } from './guards.js';
import { clearSessionCookie } from './session-cookie.js';
import { Account } from './account.entity.js';
import { AccessToken, CodeSent, NewAccessToken, ProfileInput, SessionInfo } from './accounts.types.js';
import { SessionKind, type Session } from './session.entity.js';
import { Viewer } from './viewer.resolver.js';

const toSessionInfo = (s: Session, currentId: number): SessionInfo => ({
  id: String(s.id),
  current: s.id === currentId,
  createdAt: s.createdAt,
  lastUsedAt: s.lastUsedAt,
  expiresAt: s.expiresAt,
  userAgent: s.userAgent,
  ip: s.ip,
});
const toAccessToken = (s: Session): AccessToken => ({ id: String(s.id), name: s.name ?? '', createdAt: s.createdAt, lastUsedAt: s.lastUsedAt });

@Resolver(() => Viewer)
export class ProfileResolver {
  @FieldResolver(() => [SessionInfo], { description: 'Signed-in sessions (browsers, apps), the current one marked.' })
  async sessions(@Root() _viewer: Viewer, @Ctx() ctx: Context): Promise<SessionInfo[]> {
    const p = requireViewer(ctx);
    return (await ctx.services.sessions.list(p.account)).map((s) => toSessionInfo(s, p.session.id));
  }

  @FieldResolver(() => [AccessToken], { description: 'Personal access tokens for integrations.' })
  async accessTokens(@Root() _viewer: Viewer, @Ctx() ctx: Context): Promise<AccessToken[]> {
    return (await ctx.services.accessTokens.list(requireViewer(ctx))).map(toAccessToken);
  }

  @FieldResolver(() => Boolean, { description: 'Signed in by a recovery code and no new password set yet.' })
  mustChangePassword(@Root() _viewer: Viewer, @Ctx() ctx: Context): boolean {
    return requireViewer(ctx).session.viaRecovery;
  }

  @Mutation(() => Account, { description: 'Changes the full name, the postal address, the time zone or the language of warnings; what is left out stays.' })
  updateProfile(@Arg('input', () => ProfileInput) input: ProfileInput, @Ctx() ctx: Context): Promise<Account> {
    return ctx.services.accounts.updateProfile(requireViewer(ctx), input);
  }

  @Mutation(() => Account, { description: 'Changes the email (the current password is required); the new address must be confirmed by its link.' })
  changeEmail(@Arg('email', () => String) email: string, @Arg('currentPassword', () => String) currentPassword: string, @Ctx() ctx: Context): Promise<Account> {
    return ctx.services.accounts.changeEmail(requireViewer(ctx), email, currentPassword);
  }

  @Mutation(() => Boolean, { description: 'Sends a new confirmation link to the unconfirmed email.' })
  async resendEmailConfirmation(@Ctx() ctx: Context): Promise<boolean> {
    await ctx.services.accounts.resendEmailConfirmation(requireViewer(ctx));
    return true;
  }

  @Mutation(() => CodeSent, { description: 'Phone change, step 1: an SMS code to the new number.' })
  requestPhoneChangeCode(@Arg('phone', () => String) phone: string, @Ctx() ctx: Context): Promise<CodeSent> {
    return ctx.services.accounts.requestPhoneChangeCode(requireViewer(ctx), phone, ctx.client);
  }

  @Mutation(() => Account, { description: 'Phone change, step 2: the code sent to the new number and the current password.' })
  changePhone(
    @Arg('phone', () => String) phone: string,
    @Arg('code', () => String) code: string,
    @Arg('challenge', () => String, { description: 'From the answer that sent the code.' }) challenge: string,
    @Arg('currentPassword', () => String) currentPassword: string,
    @Ctx() ctx: Context,
  ): Promise<Account> {
    return ctx.services.accounts.changePhone(requireViewer(ctx), phone, code, challenge, currentPassword);
  }

  @Mutation(() => Account, {
    description: 'Sets a new password. The current password is required except after a recovery code. Other sessions end unless signOutOtherSessions is false.',
  })
  changePassword(
    @Arg('password', () => String) password: string,
    @Arg('currentPassword', () => String, { nullable: true }) currentPassword: string | null,
    @Arg('signOutOtherSessions', () => Boolean, { defaultValue: true }) signOutOthers: boolean,
    @Ctx() ctx: Context,
  ): Promise<Account> {
    return ctx.services.accounts.changePassword(requireViewer(ctx), currentPassword, password, signOutOthers);
  }

  @Mutation(() => Boolean, { description: 'Ends one of the viewer’s sessions (its sockets close too); false when there is no such active session.' })
  revokeSession(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.sessions.revokeOwn(requireViewer(ctx).account, Number(id), SessionKind.SESSION);
  }

  @Mutation(() => Int, { description: 'Ends every session but the current one; returns how many ended.' })
  signOutOtherSessions(@Ctx() ctx: Context): Promise<number> {
    const p = requireViewer(ctx);
    return ctx.services.sessions.revokeOthers(p.account, p.session.id);
  }

  @Mutation(() => Boolean, {
    description:
      'Deletes the viewer’s account for good, with the current password: personal data, sessions and tokens, push subscriptions, webhooks, warnings, own tariffs and support conversations go; bound devices are released and supplier links stopped; submissions already made stay, anonymous. Ends every session (a browser’s cookie is cleared). Not for operators (OPERATOR_ACCOUNT_KEPT).',
  })
  async deleteAccount(@Arg('currentPassword', () => String) currentPassword: string, @Ctx() ctx: Context): Promise<boolean> {
    await ctx.services.accounts.deleteAccount(requireViewer(ctx), currentPassword);
    if (ctx.http) clearSessionCookie(ctx.http.res, ctx.deps.config.session);
    return true;
  }

  @Mutation(() => NewAccessToken, { description: 'Creates a named read-only token for an integration. The token is shown only in this answer.' })
  async createAccessToken(@Arg('name', () => String) name: string, @Ctx() ctx: Context): Promise<NewAccessToken> {
    const { token, session } = await ctx.services.accessTokens.create(requireViewer(ctx), name);
    return { token, accessToken: toAccessToken(session) };
  }

  @Mutation(() => Boolean, { description: 'Revokes an access token at once (its sockets close too).' })
  revokeAccessToken(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.sessions.revokeOwn(requireViewer(ctx).account, Number(id), SessionKind.ACCESS_TOKEN);
  }
}
