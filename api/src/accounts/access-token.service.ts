import type { EntityManager } from '@mikro-orm/knex';
import { ForbiddenError, UserInputError, because } from '../errors/client-errors.js';
import { hashSecret, newSecret } from '../security/tokens.js';
import { Account } from './account.entity.js';
import { Session, SessionKind } from './session.entity.js';
import type { Principal } from './session.service.js';

/** The recognisable prefix lets secret scanners (and people) tell an integrator token from other secrets. */
export const ACCESS_TOKEN_PREFIX = 'askue_pat_';
export const MAX_ACCESS_TOKENS = 20;

/** Named personal access tokens for integrators: read-only, shown once, revocable. */
export class AccessTokenService {
  constructor(private readonly em: EntityManager) {}

  async create(principal: Principal, nameInput: string): Promise<{ token: string; session: Session }> {
    if (principal.session.kind !== SessionKind.SESSION) throw new ForbiddenError(because('READ_ONLY_TOKEN'));
    const name = (nameInput ?? '').trim();
    if (!name) throw new UserInputError(because('TOKEN_NAME_REQUIRED'), 'name');
    if (name.length > 100) throw new UserInputError(because('TOKEN_NAME_TOO_LONG', { maxLength: 100 }), 'name');
    const active = await this.em.count(Session, { account: principal.account.id, kind: SessionKind.ACCESS_TOKEN, revokedAt: null });
    if (active >= MAX_ACCESS_TOKENS) throw new UserInputError(because('TOO_MANY_TOKENS', { max: MAX_ACCESS_TOKENS }), 'name');
    const token = newSecret(32, ACCESS_TOKEN_PREFIX);
    const session = new Session(this.em.getReference(Account, principal.account.id), hashSecret(token), SessionKind.ACCESS_TOKEN);
    session.name = name;
    await this.em.persistAndFlush(session);
    return { token, session };
  }

  list(principal: Principal): Promise<Session[]> {
    return this.em.find(Session, { account: principal.account.id, kind: SessionKind.ACCESS_TOKEN, revokedAt: null }, { orderBy: { createdAt: 'desc' } });
  }
}
