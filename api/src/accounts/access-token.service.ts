import type { EntityManager } from '@mikro-orm/knex';
import { ForbiddenError, UserInputError } from '../errors/client-errors.js';
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
    if (principal.session.kind !== SessionKind.SESSION) throw new ForbiddenError('Токен интеграции даёт доступ только на чтение');
    const name = (nameInput ?? '').trim();
    if (!name) throw new UserInputError('Назовите токен, например «Home Assistant»', 'name');
    if (name.length > 100) throw new UserInputError('Слишком длинное название: не больше 100 символов', 'name');
    const active = await this.em.count(Session, { account: principal.account.id, kind: SessionKind.ACCESS_TOKEN, revokedAt: null });
    if (active >= MAX_ACCESS_TOKENS) throw new UserInputError(`Не больше ${MAX_ACCESS_TOKENS} токенов: отзовите ненужные`, 'name');
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
