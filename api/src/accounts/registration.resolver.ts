import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../composition.js';
import { Account, Language } from './account.entity.js';
import { AccountSettings, CodeSent, PhoneVerification, RegisterInput } from './accounts.types.js';
import { AuthPayload } from './auth.types.js';
import { signedIn } from './signed-in.js';

@Resolver()
export class RegistrationResolver {
  @Query(() => String, {
    description:
      'A new captcha challenge (ALTCHA proof of work, as JSON). Solve it (the ALTCHA widget or altcha-lib’s solveChallenge) and pass the base64 payload as `captcha`. Also served at GET /captcha/challenge for the widget.',
  })
  async captchaChallenge(@Ctx() ctx: Context): Promise<string> {
    return JSON.stringify(await ctx.services.captcha.challenge());
  }

  @Query(() => AccountSettings)
  accountSettings(@Ctx() ctx: Context): AccountSettings {
    const c = ctx.deps.config;
    return {
      passwordMinLength: c.passwords.minLength,
      passwordMaxLength: c.passwords.maxLength,
      sendPasswordEmail: c.sendPasswordEmail,
      operatorName: c.operatorName.RU,
    };
  }

  @Mutation(() => CodeSent, {
    description: 'Registration, step 1: a solved captcha and the phone → an SMS code (6 digits, 10 minutes, 5 attempts). Rate-limited per phone and address.',
  })
  requestRegistrationCode(
    @Arg('phone', () => String) phone: string,
    @Arg('captcha', () => String) captcha: string,
    @Arg('language', () => Language, { nullable: true, description: 'The SMS in this language (default Russian).' }) language: Language | null,
    @Ctx() ctx: Context,
  ): Promise<CodeSent> {
    return ctx.services.accounts.requestRegistrationCode(phone, captcha, ctx.client, language);
  }

  @Mutation(() => PhoneVerification, { description: 'Registration, step 2: the SMS code → a token proving the phone.' })
  verifyRegistrationCode(
    @Arg('phone', () => String) phone: string,
    @Arg('code', () => String) code: string,
    @Arg('challenge', () => String, { description: 'From the answer that sent the code.' }) challenge: string,
    @Ctx() ctx: Context,
  ): Promise<PhoneVerification> {
    return ctx.services.accounts.verifyRegistrationCode(phone, code, challenge);
  }

  @Mutation(() => AuthPayload, {
    description: 'Registration, step 3: password and details → the account, signed in. A confirmation link (24 hours) goes to the email.',
  })
  async register(@Arg('input', () => RegisterInput) input: RegisterInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    return signedIn(ctx, await ctx.services.accounts.register(input, ctx.client));
  }

  @Mutation(() => Account, { description: 'Opens an email confirmation link (no sign-in needed: the token is the proof).' })
  confirmEmail(@Arg('token', () => String) token: string, @Ctx() ctx: Context): Promise<Account> {
    return ctx.services.accounts.confirmEmail(token);
  }
}
