import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A captcha solution already spent: each one is good for a single request, in any API process. */
@Entity({ tableName: 'used_captcha' })
export class UsedCaptcha {
  @PrimaryKey({ type: 'string', length: 128 })
  id: string;

  @Property({ type: 'datetime' })
  expiresAt: Date;

  constructor(id: string, expiresAt: Date) {
    this.id = id;
    this.expiresAt = expiresAt;
  }
}
