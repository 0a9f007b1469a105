import { Field, ObjectType } from 'type-graphql';
import { Account } from './account.entity.js';

/** What every way of signing in answers (sign-in, registration, recovery); built by signed-in.ts. */
@ObjectType()
export class AuthPayload {
  @Field(() => String, {
    description: 'Bearer token of the new session: `Authorization: Bearer <token>` over HTTP, `{"authorization": "Bearer <token>"}` in connection_init.',
  })
  token!: string;

  @Field(() => Account)
  account!: Account;

  @Field(() => Boolean, { description: 'Signed in by a recovery code: ask for a new password now (`changePassword` without the current one).' })
  mustChangePassword!: boolean;
}
