import { Entity, Property } from '@mikro-orm/core';

/**
 * What every one-time secret has (an SMS code, a link's token): when it was made, until when it works, and when it
 * was spent. Spending is recorded by the storage first, atomically (`usedAt: null` in the UPDATE's condition:
 * see VerificationService); `markUsed` then brings the loaded entity in line.
 */
@Entity({ abstract: true })
export abstract class SingleUse {
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  expiresAt: Date;

  @Property({ type: 'datetime', nullable: true })
  usedAt: Date | null = null;

  constructor(expiresAt: Date) {
    this.expiresAt = expiresAt;
  }

  /** Neither spent nor expired at `now`. */
  usableAt(now: Date = new Date()): boolean {
    return this.usedAt === null && !this.expiredAt(now);
  }

  /** Past its time at `now`: from the instant `expiresAt` on (that instant included). */
  expiredAt(now: Date = new Date()): boolean {
    return this.expiresAt.getTime() <= now.getTime();
  }

  markUsed(at: Date = new Date()): void {
    this.usedAt = at;
  }
}
