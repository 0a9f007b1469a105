import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { graphqlEnum, type EnumValue } from '../schema/enum.js';
import { Account, Language } from './account.entity.js';

@ObjectType({ description: 'An SMS code is on its way.' })
export class CodeSent {
  @Field(() => Int, { description: 'Seconds until another code may be requested (the resend countdown).' })
  resendAfter!: number;

  @Field(() => Int, { description: 'Seconds the code stays valid.' })
  expiresIn!: number;

  @Field(() => Int)
  codeLength!: number;

  @Field(() => String, {
    description: 'Send it back with the code: a code can be tried only by the client that asked for it, so strangers who know the phone cannot use up its attempts.',
  })
  challenge!: string;
}

@ObjectType({ description: 'The phone is proven; registration may continue with the token.' })
export class PhoneVerification {
  @Field(() => String, { description: 'Single use, valid 30 minutes: pass it to `register`.' })
  verificationToken!: string;

  @Field(() => Boolean, { description: 'The phone already has an account: offer sign-in or recovery instead.' })
  accountExists!: boolean;
}

@InputType()
export class RegisterInput {
  @Field(() => String)
  verificationToken!: string;

  @Field(() => String, { description: 'Printable ASCII, at least `accountSettings.passwordMinLength` characters, at most 128.' })
  password!: string;

  @Field(() => String)
  fullName!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: '«Отправить пароль»: one email with the login and this password (when the operator allows it).',
  })
  sendPassword?: boolean | null;

  @Field(() => Language, { nullable: true, description: 'What the operator writes in (emails, SMS, warnings); default Russian.' })
  language?: Language | null;

  @Field(() => String, {
    nullable: true,
    description: 'IANA time zone for reports, e.g. Asia/Yekaterinburg; default Europe/Moscow. The cabinet sends the browser’s when it is one of Russia’s.',
  })
  timeZone?: string | null;
}

@InputType()
export class ProfileInput {
  @Field(() => String, { nullable: true })
  fullName?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal address; an empty string clears it.' })
  address?: string | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone for reports, e.g. Europe/Moscow.' })
  timeZone?: string | null;

  @Field(() => Language, { nullable: true, description: 'What warnings by SMS, email and push are written in.' })
  language?: Language | null;
}

export const RecoveryChannel = graphqlEnum('RecoveryChannel', undefined, ['SMS', 'EMAIL']);
export type RecoveryChannel = EnumValue<typeof RecoveryChannel>;

@ObjectType({ description: 'Recovery has started. The answer is the same whether or not an account exists.' })
export class RecoveryStarted {
  @Field(() => RecoveryChannel, { description: 'SMS: enter the code with `recoverWithCode`; EMAIL: follow the link in the email.' })
  channel!: RecoveryChannel;

  @Field(() => Int)
  resendAfter!: number;

  @Field(() => Int, { description: 'Seconds the code (10 minutes) or the link (1 hour) stays valid.' })
  expiresIn!: number;

  @Field(() => String, { nullable: true, description: 'SMS: send it back with the code to `recoverWithCode`; null for EMAIL.' })
  challenge!: string | null;
}

@ObjectType({ description: 'A signed-in session of the viewer.' })
export class SessionInfo {
  @Field(() => ID)
  id!: string;

  @Field(() => Boolean, { description: 'The session making this request.' })
  current!: boolean;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  lastUsedAt!: Date;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => String, { nullable: true })
  userAgent!: string | null;

  @Field(() => String, { nullable: true })
  ip!: string | null;
}

@ObjectType({ description: 'A personal access token for integrations: read-only, works over HTTP and in connection_init.' })
export class AccessToken {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  lastUsedAt!: Date;
}

@ObjectType()
export class NewAccessToken {
  @Field(() => String, { description: 'The token itself, shown only now: `Authorization: Bearer <token>`.' })
  token!: string;

  @Field(() => AccessToken)
  accessToken!: AccessToken;
}

@ObjectType({ description: 'What the account forms need to know about the operator’s rules.' })
export class AccountSettings {
  @Field(() => Int)
  passwordMinLength!: number;

  @Field(() => Int)
  passwordMaxLength!: number;

  @Field(() => Boolean, { description: 'Whether «Отправить пароль» is offered at registration.' })
  sendPasswordEmail!: boolean;

  @Field(() => String, { description: 'The operator\'s name as Russian messages give it (English ones may use another, OPERATOR_NAME_EN).' })
  operatorName!: string;
}

export { Account };
