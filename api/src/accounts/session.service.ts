import type { EntityManager } from '@mikro-orm/knex';
import type { Config } from '../config.js';
import { UserInputError, because } from '../errors/client-errors.js';
import type { LivePubSub } from '../pubsub/pubsub.js';
import type { RateLimits } from '../security/rate-limits.js';
import { hashSecret, newSecret } from '../security/tokens.js';
import { Account } from './account.entity.js';
import { burnPasswordCheck, verifyPassword } from './password.js';
import { PasswordCredential } from './password.entity.js';
import { normalizePhone } from './phone.js';
import { Session, SessionKind } from './session.entity.js';

export interface ClientMeta {
  ip?: string | null;
  userAgent?: string | null;
}

/**
 * Who is signed in. Loaded when the request (or WebSocket connection) was authenticated, by an EntityManager
 * of its own: read from it freely, but reload an entity before changing it.
 */
export interface Principal {
  account: Account;
  session: Session;
}

/** Not more often than this is a session's last-used time written back (it is shown to the user, roughly). */
const TOUCH_INTERVAL_MS = 60_000;

export const WRONG_CREDENTIALS = because('WRONG_CREDENTIALS').message;

export interface SessionDeps {
  config: Config['session'];
  limits: RateLimits;
  pubSub: LivePubSub;
}

export class SessionService {
  constructor(
    private readonly em: EntityManager,
    private readonly deps: SessionDeps,
  ) {}

  /**
   * Wrong phone and wrong password answer the same way, in the same time. Each attempt is paid for per phone
   * and address (5 per 15 minutes) and per address (30 per hour) before the password is compared, so a burst
   * of guesses gets no more comparisons than that; a success gives its points back and forgets the phone's
   * failures from this address.
   */
  async signIn(phoneInput: string, password: string, meta: ClientMeta): Promise<{ token: string; account: Account; session: Session }> {
    const phone = normalizePhone(phoneInput) ?? phoneInput.trim().slice(0, 32);
    const ip = meta.ip ?? 'unknown';
    const pair = `${phone}|${ip}`;
    const attempt = await this.deps.limits.spend(['signInPhoneIp', pair], ['signInIp', ip]);
    const account = await this.em.findOne(Account, { phone });
    const credential = account ? await this.em.findOne(PasswordCredential, { account }) : null;
    const ok = credential ? await verifyPassword(credential.hash, password) : await burnPasswordCheck(password);
    if (!account || !ok) throw new UserInputError(because('WRONG_CREDENTIALS'), 'password');
    await attempt.refund();
    // Only the password's holder can do this, so it gives an attacker nothing.
    await this.deps.limits.reset('signInPhoneIp', pair);
    const { token, session } = await this.createSession(account, meta);
    return { token, account, session };
  }

  async createSession(account: Account, meta: ClientMeta, options: { viaRecovery?: boolean } = {}): Promise<{ token: string; session: Session }> {
    const token = newSecret(32);
    const session = new Session(account, hashSecret(token));
    session.ip = meta.ip?.slice(0, 64) ?? null;
    session.userAgent = meta.userAgent?.slice(0, 300) ?? null;
    session.expiresAt = new Date(Date.now() + this.deps.config.ttlMs);
    session.viaRecovery = options.viaRecovery ?? false;
    await this.em.persistAndFlush(session);
    return { token, session };
  }

  /** The account behind a bearer token, or null when the token is unknown, expired or revoked. */
  async authenticate(token: string): Promise<Principal | null> {
    if (!token || token.length > 200) return null;
    const session = await this.em.findOne(Session, { tokenHash: hashSecret(token) }, { populate: ['account'] });
    if (!session || !session.isActive()) return null;
    const now = Date.now();
    if (session.touch(TOUCH_INTERVAL_MS, now)) await this.em.flush();
    return { account: session.account, session };
  }

  /** The account's signed-in sessions (not its access tokens), newest activity first. */
  async list(account: Account): Promise<Session[]> {
    return this.em.find(
      Session,
      { account: account.id, kind: SessionKind.SESSION, revokedAt: null, expiresAt: { $gt: new Date() } },
      { orderBy: { lastUsedAt: 'desc' } },
    );
  }

  /** Revokes by id (the principal's session was loaded by another EntityManager) and closes its live sockets. */
  async signOut(session: Session): Promise<void> {
    await this.revoke([session.id]);
  }

  /** Revokes one of the account's sessions or access tokens; false when there is no such active one. */
  async revokeOwn(account: Account, id: number, kind: SessionKind): Promise<boolean> {
    const found = Number.isSafeInteger(id) ? await this.em.findOne(Session, { id, account: account.id, kind, revokedAt: null }) : null;
    if (!found) return false;
    await this.revoke([found.id]);
    return true;
  }

  /** Ends every session of the account except `keep` (access tokens stay: they are revoked one by one). */
  async revokeOthers(account: Account, keep: number | null): Promise<number> {
    const others = await this.em.find(Session, { account: account.id, kind: SessionKind.SESSION, revokedAt: null, ...(keep ? { id: { $ne: keep } } : {}) });
    await this.revoke(others.map((s) => s.id));
    return others.length;
  }

  private async revoke(ids: number[]): Promise<void> {
    if (!ids.length) return;
    await this.em.nativeUpdate(Session, { id: { $in: ids }, revokedAt: null }, { revokedAt: new Date() });
    this.deps.pubSub.publish('sessionsRevoked', 0, { sessionIds: ids });
  }
}
