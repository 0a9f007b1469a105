import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../config.js';
import { UserInputError } from '../graphql/errors.js';
import { hashSecret, newSecret } from '../security/tokens.js';
import { Account } from './account.entity.js';
import { burnPasswordCheck, verifyPassword } from './password.js';
import { PasswordCredential } from './password.entity.js';
import { normalizePhone } from './phone.js';
import { Session } from './session.entity.js';

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

export const WRONG_CREDENTIALS = 'Неверный номер телефона или пароль';

export class SessionService {
  constructor(
    private readonly em: EntityManager,
    private readonly config: Config['session'],
  ) {}

  /** Wrong phone and wrong password answer the same way, in the same time. */
  async signIn(phoneInput: string, password: string, meta: ClientMeta): Promise<{ token: string; account: Account; session: Session }> {
    const phone = normalizePhone(phoneInput);
    const account = phone ? await this.em.findOne(Account, { phone }) : null;
    const credential = account ? await this.em.findOne(PasswordCredential, { account }) : null;
    const ok = credential ? await verifyPassword(credential.hash, password) : await burnPasswordCheck(password);
    if (!account || !ok) throw new UserInputError(WRONG_CREDENTIALS, 'password');
    const { token, session } = await this.createSession(account, meta);
    return { token, account, session };
  }

  async createSession(account: Account, meta: ClientMeta): Promise<{ token: string; session: Session }> {
    const token = newSecret(32);
    const session = new Session(account, hashSecret(token));
    session.ip = meta.ip?.slice(0, 64) ?? null;
    session.userAgent = meta.userAgent?.slice(0, 300) ?? null;
    session.expiresAt = new Date(Date.now() + this.config.ttlMs);
    await this.em.persistAndFlush(session);
    return { token, session };
  }

  /** The account behind a bearer token, or null when the token is unknown, expired or revoked. */
  async authenticate(token: string): Promise<Principal | null> {
    if (!token || token.length > 200) return null;
    const session = await this.em.findOne(Session, { tokenHash: hashSecret(token) }, { populate: ['account'] });
    if (!session || !session.isActive()) return null;
    const now = Date.now();
    if (now - session.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      session.lastUsedAt = new Date(now);
      await this.em.flush();
    }
    return { account: session.account, session };
  }

  /** Revokes by id: the principal's session was loaded by the EntityManager that authenticated the request. */
  async signOut(session: Session): Promise<void> {
    await this.em.nativeUpdate(Session, { id: session.id, revokedAt: null }, { revokedAt: new Date() });
  }
}
