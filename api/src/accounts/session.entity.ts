import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Account } from './account.entity.js';

export enum SessionKind {
  /** A sign-in from the cabinet or the app: full access. */
  SESSION = 'SESSION',
  /** A named personal access token of an integrator: read-only. */
  ACCESS_TOKEN = 'ACCESS_TOKEN',
}

/**
 * A bearer credential of an account. Only the SHA-256 of the token is stored: tokens carry
 * 256 random bits, so a fast hash is enough and a leaked table reveals nothing usable.
 */
@Entity({ tableName: 'session' })
@Index({ name: 'session_by_account', properties: ['account'] })
export class Session {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Account, deleteRule: 'cascade' })
  account: Rel<Account>;

  @Property({ type: 'string', length: 64, unique: true })
  tokenHash: string;

  @Enum({ items: () => SessionKind, type: 'string', length: 16 })
  kind: SessionKind = SessionKind.SESSION;

  @Property({ type: 'string', length: 100, nullable: true })
  name: string | null = null;

  @Property({ type: 'string', length: 300, nullable: true })
  userAgent: string | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  ip: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  lastUsedAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  expiresAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;

  /** Opened by a one-time recovery code: may set a new password without the current one. */
  @Property({ type: 'boolean' })
  viaRecovery = false;

  constructor(account: Account, tokenHash: string, kind: SessionKind = SessionKind.SESSION) {
    this.account = account;
    this.tokenHash = tokenHash;
    this.kind = kind;
  }

  isActive(now = new Date()): boolean {
    return !this.revokedAt && (!this.expiresAt || this.expiresAt > now);
  }

  /** Used now: remembered (for the list of sessions) when the last use is older than `interval` ms; true when changed. */
  touch(interval: number, now = Date.now()): boolean {
    if (now - this.lastUsedAt.getTime() <= interval) return false;
    this.lastUsedAt = new Date(now);
    return true;
  }

  /** A password was set in this session: the recovery's leeway (no current password asked) is spent. */
  endRecovery(): void {
    this.viaRecovery = false;
  }
}
