import { Entity, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Account } from './account.entity.js';
import { SingleUse } from './single-use.entity.js';

export enum TokenPurpose {
  /** The link in the confirmation email (24 hours). */
  EMAIL_CONFIRMATION = 'EMAIL_CONFIRMATION',
  /** The link in the recovery email (1 hour). */
  PASSWORD_RESET = 'PASSWORD_RESET',
  /** Proof that the holder received the SMS code for `phone` (30 minutes): what registration consumes. */
  PHONE_VERIFIED = 'PHONE_VERIFIED',
}

/** A single-use secret sent in a link or handed out after a verification. Only its SHA-256 is stored. */
@Entity({ tableName: 'one_time_token' })
export class OneTimeToken extends SingleUse {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'string', length: 64, unique: true })
  tokenHash: string;

  // A plain column, not @Enum: MikroORM 6 misreads SQLite check constraints of three or more items.
  @Property({ type: 'string', length: 24 })
  purpose: TokenPurpose;

  @ManyToOne({ entity: () => Account, nullable: true, deleteRule: 'cascade' })
  account: Rel<Account> | null = null;

  /** The phone a PHONE_VERIFIED token vouches for. */
  @Property({ type: 'string', length: 16, nullable: true })
  phone: string | null = null;

  /** The address an EMAIL_CONFIRMATION token confirms (a later change makes the old link useless). */
  @Property({ type: 'string', length: 254, nullable: true })
  email: string | null = null;

  constructor(purpose: TokenPurpose, tokenHash: string, expiresAt: Date) {
    super(expiresAt);
    this.purpose = purpose;
    this.tokenHash = tokenHash;
  }
}
