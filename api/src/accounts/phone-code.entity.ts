import { Entity, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { graphqlEnum, type EnumValue } from '../schema/enum.js';
import { Account } from './account.entity.js';
import { SingleUse } from './single-use.entity.js';

export const CodePurpose = graphqlEnum('CodePurpose', 'What a one-time SMS code is for; a code works only for the purpose (and phone) it was sent for.', ['REGISTRATION', 'RECOVERY', 'PHONE_CHANGE']);
export type CodePurpose = EnumValue<typeof CodePurpose>;

/**
 * A one-time SMS code: 6 digits from the CSPRNG, stored as an HMAC (a plain hash of a 6-digit code would be
 * reversed in a second), valid 10 minutes, single use, bound to phone and purpose, 5 attempts — and to the
 * client that asked for it: the request's answer carries a random challenge (kept here as its hash) that must come
 * back with the code, so a stranger who knows the phone can neither try the owner's code nor use up its attempts.
 */
@Entity({ tableName: 'phone_code' })
@Index({ name: 'phone_code_lookup', properties: ['phone', 'purpose', 'createdAt'] })
export class PhoneCode extends SingleUse {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'string', length: 16 })
  phone: string;

  // A plain column, not @Enum: MikroORM 6 misreads SQLite check constraints of three or more items.
  @Property({ type: 'string', length: 16 })
  purpose: CodePurpose;

  @Property({ type: 'string', length: 64 })
  codeHash: string;

  /** SHA-256 of the challenge given to the client that asked (null: a code from before challenges, never matched). */
  @Property({ type: 'string', length: 64, nullable: true })
  challengeHash: string | null;

  /** For PHONE_CHANGE: the account asking to move to this phone. */
  @ManyToOne({ entity: () => Account, nullable: true, deleteRule: 'cascade' })
  account: Rel<Account> | null = null;

  @Property({ type: 'integer' })
  attempts = 0;

  constructor(phone: string, purpose: CodePurpose, codeHash: string, challengeHash: string, expiresAt: Date) {
    super(expiresAt);
    this.phone = phone;
    this.purpose = purpose;
    this.codeHash = codeHash;
    this.challengeHash = challengeHash;
  }
}
