/**
 * Registration, recovery and profile changes — the account flows of the seed, with today's safeguards:
 * a phone proven by SMS before an account is created, one-time links, re-authentication before changing
 * phone, email or password, and other sessions ended after a password is reset or changed.
 */
import type { EntityManager } from '@mikro-orm/knex';
import type { Config } from '../config.js';
import type { Channels } from '../delivery/channels.js';
import * as messages from '../delivery/messages.js';
import { ForbiddenError, UserInputError, because } from '../errors/client-errors.js';
import type { Logger } from '../log.js';
import type { LivePubSub } from '../pubsub/pubsub.js';
import type { CaptchaService } from '../security/captcha.service.js';
import type { RateLimits } from '../security/rate-limits.js';
import { Account, Role, type Language } from './account.entity.js';
import { announceErased, eraseAccount } from './erasure.js';
import { OneTimeToken, TokenPurpose } from './one-time-token.entity.js';
import { hashPassword, verifyPassword } from './password.js';
import { PasswordCredential } from './password.entity.js';
import { passwordProblem } from './password-policy.js';
import { CodePurpose } from './phone-code.entity.js';
import { Session } from './session.entity.js';
import type { ClientMeta, Principal, SessionService } from './session.service.js';
import { isEmailLike, optionalAddress, requireEmail, requireName, requirePhone } from './validation.js';
import type { CodeSent, VerificationService } from './verification.service.js';
import { hashSecret } from '../security/tokens.js';
import { isTimeZone } from '../reports/time-buckets.js';

export interface AccountsDeps {
  config: Config;
  channels: Channels;
  limits: RateLimits;
  log: Logger;
  /** The cabinet's address for links (PUBLIC_URL, or this server's own URL). */
  publicUrl: () => string;
  pubSub: LivePubSub;
}

export interface RegisterInput {
  verificationToken: string;
  password: string;
  fullName: string;
  email: string;
  address?: string | null;
  sendPassword?: boolean | null;
  language?: Language | null;
  timeZone?: string | null;
}

export interface SignedIn {
  token: string;
  account: Account;
  session: Session;
}

export class AccountsService {
  constructor(
    private readonly em: EntityManager,
    private readonly deps: AccountsDeps,
    private readonly verification: VerificationService,
    private readonly sessions: SessionService,
    private readonly captcha: CaptchaService,
  ) {}

  // ——— Registration ———

  /**
   * Step 1: the phone and a solved captcha → an SMS code. A phone that already has an account gets a code too:
   * the answer must not tell strangers which phones are registered. Only after proving the phone does its
   * owner learn that it is taken.
   */
  async requestRegistrationCode(phoneInput: string, captcha: string | null | undefined, meta: ClientMeta, language?: Language | null): Promise<CodeSent> {
    const phone = requirePhone(phoneInput);
    await this.captcha.verify(captcha);
    return this.verification.sendCode(phone, CodePurpose.REGISTRATION, meta.ip ?? 'unknown', { language: language ?? undefined });
  }

  /** Step 2: the code → a token proving the phone (30 minutes), and whether the phone already has an account. */
  async verifyRegistrationCode(phoneInput: string, code: string, challenge: string): Promise<{ verificationToken: string; accountExists: boolean }> {
    const phone = requirePhone(phoneInput);
    await this.verification.checkCode(phone, CodePurpose.REGISTRATION, code, challenge);
    const accountExists = (await this.em.count(Account, { phone })) > 0;
    const verificationToken = await this.verification.issueToken(TokenPurpose.PHONE_VERIFIED, { phone });
    return { verificationToken, accountExists };
  }

  /** Step 3: password and details → the account, signed in; a confirmation link goes to the email. */
  async register(input: RegisterInput, meta: ClientMeta): Promise<SignedIn> {
    const fullName = requireName(input.fullName);
    const email = requireEmail(input.email);
    const address = optionalAddress(input.address);
    if (input.timeZone && !isTimeZone(input.timeZone)) throw new UserInputError(because('TIME_ZONE_UNKNOWN'), 'timeZone');
    const proof = await this.peekToken(TokenPurpose.PHONE_VERIFIED, input.verificationToken);
    if (!proof?.phone) throw new UserInputError(because('PHONE_PROOF_EXPIRED'), 'phone');
    this.checkPassword(input.password, [proof.phone, email]);
    if ((await this.em.count(Account, { phone: proof.phone })) > 0) {
      throw new UserInputError(because('PHONE_REGISTERED'), 'phone');
    }
    if (!(await this.verification.useToken(TokenPurpose.PHONE_VERIFIED, input.verificationToken))) {
      throw new UserInputError(because('PHONE_PROOF_EXPIRED'), 'phone');
    }
    const account = new Account(proof.phone);
    if (input.language) account.language = input.language;
    if (input.timeZone) account.timeZone = input.timeZone;
    account.fullName = fullName;
    account.email = email;
    account.address = address;
    this.em.persist(account);
    this.em.persist(new PasswordCredential(account, await hashPassword(input.password)));
    try {
      await this.em.flush();
    } catch (err) {
      // Two registrations of one phone at the same moment: the unique index lets one through.
      if ((err as { name?: string }).name === 'UniqueConstraintViolationException') {
        throw new UserInputError(because('PHONE_REGISTERED'), 'phone');
      }
      throw err;
    }
    const { token, session } = await this.sessions.createSession(account, meta);
    await this.sendEmailConfirmation(account);
    if (input.sendPassword && this.deps.config.sendPasswordEmail) {
      await this.deliver(() =>
        this.deps.channels.email({ to: email, ...messages.credentials(this.deps.config.operatorName, account.phone, input.password, this.deps.publicUrl(), account.language) }),
      );
    }
    return { token, account, session };
  }

  // ——— Email ———

  async sendEmailConfirmation(account: Account): Promise<void> {
    if (!account.email) return;
    const secret = await this.verification.issueToken(TokenPurpose.EMAIL_CONFIRMATION, { account, email: account.email });
    const link = `${this.deps.publicUrl()}/confirm-email?token=${encodeURIComponent(secret)}`;
    await this.deliver(() => this.deps.channels.email({ to: account.email!, ...messages.emailConfirmation(this.deps.config.operatorName, link, account.language) }));
  }

  async resendEmailConfirmation(principal: Principal): Promise<void> {
    const account = await this.reload(principal);
    if (!account.email) throw new UserInputError(because('EMAIL_MISSING'), 'email');
    if (account.emailConfirmedAt) throw new UserInputError(because('EMAIL_ALREADY_CONFIRMED'), 'email');
    await this.deps.limits.consume('emails', `account:${account.id}`);
    await this.sendEmailConfirmation(account);
  }

  /** Opens a confirmation link; no sign-in needed (the link is the proof). */
  async confirmEmail(secret: string): Promise<Account> {
    const token = await this.verification.useToken(TokenPurpose.EMAIL_CONFIRMATION, secret);
    if (!token?.account) throw new UserInputError(because('EMAIL_LINK_INVALID'), 'token');
    const account = await this.em.findOneOrFail(Account, token.account.id);
    if (account.email !== token.email) throw new UserInputError(because('EMAIL_LINK_STALE'), 'token');
    account.confirmEmail();
    await this.em.flush();
    return account;
  }

  // ——— Recovery ———

  /**
   * The phone or the email bound to the account → an SMS code, or an email with a link (to every account whose
   * confirmed email it is). The answer is the same whether or not such an account exists.
   */
  async requestRecovery(loginInput: string, meta: ClientMeta): Promise<{ channel: 'SMS' | 'EMAIL'; resendAfter: number; expiresIn: number; challenge: string | null }> {
    const login = (loginInput ?? '').trim();
    if (isEmailLike(login)) {
      const email = requireEmail(login, 'login');
      await this.deps.limits.consume('emails', `email:${email}`);
      await this.deps.limits.consume('codePerIp', meta.ip ?? 'unknown');
      const accounts = await this.em.find(Account, { email, emailConfirmedAt: { $ne: null } });
      for (const account of accounts) {
        const secret = await this.verification.issueToken(TokenPurpose.PASSWORD_RESET, { account });
        const link = `${this.deps.publicUrl()}/recovery/reset?token=${encodeURIComponent(secret)}`;
        await this.deliver(() => this.deps.channels.email({ to: email, ...messages.passwordResetLink(this.deps.config.operatorName, link, account.language) }));
      }
      return { channel: 'EMAIL', resendAfter: 60, expiresIn: 3600, challenge: null };
    }
    const phone = requirePhone(login, 'login');
    const account = await this.em.findOne(Account, { phone });
    const sent = await this.verification.sendCode(phone, CodePurpose.RECOVERY, meta.ip ?? 'unknown', { send: account !== null, language: account?.language });
    return { channel: 'SMS', resendAfter: sent.resendAfter, expiresIn: sent.expiresIn, challenge: sent.challenge };
  }

  /** The SMS code signs the user in (a recovery session, which may set a new password without the old one). */
  async recoverWithCode(phoneInput: string, code: string, challenge: string, meta: ClientMeta): Promise<SignedIn> {
    const phone = requirePhone(phoneInput);
    await this.verification.checkCode(phone, CodePurpose.RECOVERY, code, challenge);
    const account = await this.em.findOne(Account, { phone });
    // A code for a phone without an account was never sent, so it cannot be right; answer as for a wrong code.
    if (!account) throw new UserInputError(because('WRONG_CODE'), 'code');
    const { token, session } = await this.sessions.createSession(account, meta, { viaRecovery: true });
    return { token, account, session };
  }

  /** The link from the recovery email: a new password, every other session ended, signed in. */
  async resetPassword(secret: string, password: string, meta: ClientMeta): Promise<SignedIn> {
    const peek = await this.peekToken(TokenPurpose.PASSWORD_RESET, secret);
    if (!peek?.account) throw new UserInputError(because('RESET_LINK_INVALID'), 'token');
    const account = await this.em.findOneOrFail(Account, peek.account.id);
    this.checkPassword(password, [account.phone, account.email]);
    if (!(await this.verification.useToken(TokenPurpose.PASSWORD_RESET, secret))) {
      throw new UserInputError(because('RESET_LINK_INVALID'), 'token');
    }
    await this.setPassword(account, password);
    await this.sessions.revokeOthers(account, null);
    const { token, session } = await this.sessions.createSession(account, meta);
    return { token, account, session };
  }

  // ——— Profile ———

  async updateProfile(principal: Principal, input: { fullName?: string | null; address?: string | null; timeZone?: string | null; language?: Language | null }): Promise<Account> {
    const account = await this.reload(principal);
    if (input.fullName !== undefined && input.fullName !== null) account.fullName = requireName(input.fullName);
    if (input.address !== undefined) account.address = optionalAddress(input.address);
    if (input.timeZone) {
      if (!isTimeZone(input.timeZone)) throw new UserInputError(because('TIME_ZONE_UNKNOWN'), 'timeZone');
      account.timeZone = input.timeZone;
    }
    if (input.language) account.language = input.language;
    await this.em.flush();
    return account;
  }

  /** A new email needs the current password; it is unconfirmed until its link is opened. */
  async changeEmail(principal: Principal, emailInput: string, currentPassword: string): Promise<Account> {
    const account = await this.reload(principal);
    const email = requireEmail(emailInput);
    await this.reauthenticate(account, currentPassword);
    if (email === account.email) throw new UserInputError(because('SAME_EMAIL'), 'email');
    const previous = account.emailConfirmedAt ? account.email : null;
    account.changeEmail(email);
    await this.em.flush();
    await this.sendEmailConfirmation(account);
    if (previous) await this.deliver(() => this.deps.channels.email({ to: previous, ...messages.emailChanged(this.deps.config.operatorName, email, account.language) }));
    return account;
  }

  /** Step 1 of a phone change: a code to the new number (the account must be signed in). */
  async requestPhoneChangeCode(principal: Principal, phoneInput: string, meta: ClientMeta): Promise<CodeSent> {
    const account = await this.reload(principal);
    const phone = requirePhone(phoneInput);
    if (phone === account.phone) throw new UserInputError(because('SAME_PHONE'), 'phone');
    return this.verification.sendCode(phone, CodePurpose.PHONE_CHANGE, meta.ip ?? 'unknown', { account });
  }

  /** Step 2: the code sent to the new number and the current password. */
  async changePhone(principal: Principal, phoneInput: string, code: string, challenge: string, currentPassword: string): Promise<Account> {
    const account = await this.reload(principal);
    const phone = requirePhone(phoneInput);
    await this.reauthenticate(account, currentPassword);
    const entry = await this.verification.checkCode(phone, CodePurpose.PHONE_CHANGE, code, challenge);
    if (entry.account?.id !== account.id) throw new UserInputError(because('WRONG_CODE'), 'code');
    if ((await this.em.count(Account, { phone })) > 0) throw new UserInputError(because('PHONE_OF_ANOTHER_ACCOUNT'), 'phone');
    account.changePhone(phone);
    await this.em.flush();
    return account;
  }

  /**
   * A new password: the current one is required, except in a session opened by a recovery code. Other sessions
   * end (unless asked not to, outside recovery); a notice goes to a confirmed email.
   */
  async changePassword(principal: Principal, currentPassword: string | null | undefined, password: string, signOutOthers = true): Promise<Account> {
    const account = await this.reload(principal);
    const session = await this.em.findOneOrFail(Session, principal.session.id);
    if (!session.viaRecovery) await this.reauthenticate(account, currentPassword ?? '');
    this.checkPassword(password, [account.phone, account.email]);
    await this.setPassword(account, password);
    if (signOutOthers || session.viaRecovery) await this.sessions.revokeOthers(account, session.id);
    session.endRecovery();
    await this.em.flush();
    return account;
  }

  /**
   * Deletes the account for good (accounts/erasure.ts says what goes and what stays), with the current password.
   * Every session and token ends and its sockets close; a confirmed email is told first. Operators' accounts are
   * not deleted here: who answers support and provisions devices is the company's to change.
   */
  async deleteAccount(principal: Principal, currentPassword: string): Promise<void> {
    const account = await this.reload(principal);
    if (account.role === Role.OPERATOR) throw new ForbiddenError(because('OPERATOR_ACCOUNT_KEPT'));
    await this.reauthenticate(account, currentPassword);
    const notice = account.email && account.emailConfirmedAt ? { to: account.email, ...messages.accountDeleted(this.deps.config.operatorName, account.language) } : null;
    const erased = await eraseAccount(this.em, account.id, new Date());
    announceErased(this.deps.pubSub, erased);
    if (notice) await this.deliver(() => this.deps.channels.email(notice));
  }

  // ——— helpers ———

  private checkPassword(password: string, personal: Array<string | null>): void {
    const problem = passwordProblem(password ?? '', this.deps.config.passwords, personal);
    if (problem) throw new UserInputError(problem, 'password');
  }

  private async setPassword(account: Account, password: string): Promise<void> {
    const hash = await hashPassword(password);
    const credential = await this.em.findOne(PasswordCredential, { account });
    if (credential) {
      credential.replace(hash);
    } else {
      this.em.persist(new PasswordCredential(account, hash));
    }
    await this.em.flush();
    if (account.email && account.emailConfirmedAt) {
      await this.deliver(() => this.deps.channels.email({ to: account.email!, ...messages.passwordChanged(this.deps.config.operatorName, account.language) }));
    }
  }

  /** The current password, paid for before it is compared (10 wrong ones per 15 minutes; a right one is given back). */
  private async reauthenticate(account: Account, password: string): Promise<void> {
    const attempt = await this.deps.limits.spend(['reauth', `account:${account.id}`]);
    const credential = await this.em.findOne(PasswordCredential, { account });
    if (!credential || !(await verifyPassword(credential.hash, password ?? ''))) throw new UserInputError(because('WRONG_CURRENT_PASSWORD'), 'currentPassword');
    await attempt.refund();
  }

  private async reload(principal: Principal): Promise<Account> {
    if (principal.session.kind !== 'SESSION') throw new ForbiddenError(because('READ_ONLY_TOKEN'));
    return this.em.findOneOrFail(Account, principal.account.id);
  }

  /** A token's record without using it up (to validate the rest of a form first). */
  private async peekToken(purpose: TokenPurpose, secret: string): Promise<OneTimeToken | null> {
    if (!secret || secret.length > 200) return null;
    const token = await this.em.findOne(OneTimeToken, { tokenHash: hashSecret(secret), purpose }, { populate: ['account'] });
    return token?.usableAt() ? token : null;
  }

  /** A message that cannot be delivered now must not undo what the user did; it is logged and can be resent. */
  private async deliver(send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (err) {
      this.deps.log.error({ err: { message: (err as Error).message } }, 'message not delivered');
    }
  }
}
