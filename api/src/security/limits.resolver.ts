/**
 * The published limits: what an integrator (or the mobile app) may do before being told RATE_LIMITED, and the
 * size of request the API accepts. Read from the same constants and configuration that enforce them, so the
 * answer cannot drift from the behaviour.
 */
import { Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../composition.js';
import { LIMITS, MAX_BODY_BYTES, MAX_WS_MESSAGE_BYTES } from './request-limits.js';
import { RULES, type LimitName } from './rate-limits.js';

/** What each rate limit counts, in words for the published list. */
const DESCRIPTIONS: Record<LimitName, string> = {
  signInPhoneIp: 'Failed sign-ins for one phone from one client address',
  signInIp: 'Failed sign-ins from one client address, any phone',
  codeResend: 'SMS codes sent to one phone for one purpose: registration, recovery or phone change (the resend countdown)',
  codePerPhone: 'SMS codes sent to one phone per hour',
  codePerIp: 'SMS codes and recovery emails requested from one client address',
  codeChecks: 'Wrong guesses of one requested code (it also dies after 5 wrong ones)',
  emails: 'Recovery and confirmation emails per address or account',
  reauth: 'Wrong current passwords when changing phone, email or password, per account',
  contactForms: 'Callback requests and feedback messages from one client address',
  callbackPerPhone: 'Callback requests for one phone',
  uploads: 'Photos uploaded to support threads per account',
  bindAccount: 'Wrong binding attempts (serial + claim code) per account',
  bindIp: 'Wrong binding attempts from one client address, any account',
  alertEmails: 'Warning emails sent to one account per hour (beyond it the cabinet still shows every warning)',
  alertSms: 'Warning SMS (leak, burst, use while away) sent to one account per hour',
};

@ObjectType({ description: 'One rate limit: `points` actions per `windowSeconds`; beyond it RATE_LIMITED with `retryAfter`.' })
export class RateLimit {
  @Field(() => String, { description: 'Stable name, e.g. signInPhoneIp.' })
  name!: string;

  @Field(() => String)
  description!: string;

  @Field(() => Int)
  points!: number;

  @Field(() => Int)
  windowSeconds!: number;

  @Field(() => Int, { nullable: true, description: 'How long the action stays refused once the points are spent, when longer than the rest of the window.' })
  blockSeconds!: number | null;
}

@ObjectType({ description: 'The size of request the API accepts.' })
export class RequestLimits {
  @Field(() => Int, { description: 'Largest HTTP request body, bytes (413 PAYLOAD_TOO_LARGE beyond).' })
  maxBodyBytes!: number;

  @Field(() => Int, { description: 'Largest WebSocket message, bytes.' })
  maxWebSocketMessageBytes!: number;

  @Field(() => Int, { description: 'Deepest selection set.' })
  maxDepth!: number;

  @Field(() => Int, { description: 'Aliases in one operation.' })
  maxAliases!: number;

  @Field(() => Int, {
    description:
      'Cost of one operation: a leaf field costs 1, a field with a selection 2 plus 1.5 × the cost of each selection in it, multiplied by its `first` (written, passed as a variable or defaulted). Beyond it: GRAPHQL_VALIDATION_FAILED with `extensions.cost`.',
  })
  maxCost!: number;

  @Field(() => Int, { description: 'Tokens in one document.' })
  maxTokens!: number;

  @Field(() => Int, { description: 'Open WebSockets per account; one more is closed with 4430.' })
  webSocketsPerAccount!: number;

  @Field(() => Int, { description: 'Open WebSockets per client address; a handshake beyond it gets HTTP 429.' })
  webSocketsPerAddress!: number;
}

@ObjectType()
export class ApiLimits {
  @Field(() => [RateLimit])
  rateLimits!: RateLimit[];

  @Field(() => RequestLimits)
  request!: RequestLimits;
}

@Resolver()
export class LimitsResolver {
  @Query(() => ApiLimits, { description: 'The limits this deployment enforces (rate limits and request sizes). Public.' })
  limits(@Ctx() ctx: Context): ApiLimits {
    const configured = ctx.deps.config.limits;
    const points: Partial<Record<LimitName, number>> = {
      codePerIp: configured.codesPerIpPerHour,
      signInIp: configured.signInFailuresPerIpPerHour,
      bindIp: configured.bindFailuresPerIpPerHour,
      contactForms: configured.contactFormsPerIpPerHour,
    };
    return {
      rateLimits: (Object.entries(RULES) as Array<[LimitName, (typeof RULES)[LimitName]]>).map(([name, rule]) => ({
        name,
        description: DESCRIPTIONS[name],
        points: points[name] ?? rule.points,
        windowSeconds: rule.duration,
        blockSeconds: 'blockDuration' in rule ? rule.blockDuration : null,
      })),
      request: {
        maxBodyBytes: MAX_BODY_BYTES,
        maxWebSocketMessageBytes: MAX_WS_MESSAGE_BYTES,
        maxDepth: LIMITS.maxDepth,
        maxAliases: LIMITS.maxAliases,
        maxCost: LIMITS.maxCost,
        maxTokens: LIMITS.maxTokens,
        webSocketsPerAccount: configured.wsPerAccount,
        webSocketsPerAddress: configured.wsPerIp,
      },
    };
  }
}
