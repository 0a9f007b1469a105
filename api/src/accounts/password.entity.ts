import { Entity, OneToOne, Property, type Rel } from '@mikro-orm/core';
import { Account } from './account.entity.js';

/** The argon2id hash of an account's password. Never a GraphQL type. */
@Entity({ tableName: 'password_credential' })
export class PasswordCredential {
  @OneToOne({ entity: () => Account, primary: true, deleteRule: 'cascade' })
  account: Rel<Account>;

  @Property({ type: 'string', length: 255 })
  hash: string;

  @Property({ type: 'datetime' })
  updatedAt: Date = new Date();

  constructor(account: Account, hash: string) {
    this.account = account;
    this.hash = hash;
  }

  /** A new password's hash. */
  replace(hash: string, at = new Date()): void {
    this.hash = hash;
    this.updatedAt = at;
  }
}
