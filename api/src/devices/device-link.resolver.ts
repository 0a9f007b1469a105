import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../composition.js';
import { requireBridge } from '../accounts/guards.js';
import { liveValue, surfaceOutages, type Outage } from '../live/outages.js';
import type { DeviceConfigData } from './device-config.service.js';
import { reportingPhaseS } from './reporting-phase.js';

@ObjectType({ description: 'What a controller (a meter modem) is told about itself through a device bridge: device protocol v1 `/config` and `/time`.' })
export class DeviceConfig {
  @Field(() => ID)
  controllerId!: string;

  @Field(() => String, { description: 'Serial number of the controller, e.g. C-0001.' })
  serial!: string;

  @Field(() => Int, { description: 'How often the controller should send its readings, seconds.' })
  reportingIntervalS!: number;

  @Field(() => Int, {
    description:
      'When inside each reporting interval the controller should send, seconds after the interval boundaries (UTC epoch seconds divisible by reportingIntervalS): 0 ≤ phase < reportingIntervalS. Derived from the controller id, so that a fleet spreads its reports over the interval instead of all sending on the boundary; the same controller and interval always get the same phase.',
  })
  reportingPhaseS!: number;

  @Field(() => Date, { description: "The API server's clock when this answer was made: lets a bridge notice that its own clock is off." })
  serverTime!: Date;

  static from(data: DeviceConfigData): DeviceConfig {
    const c = new DeviceConfig();
    c.controllerId = String(data.controllerId);
    c.serial = data.serial;
    c.reportingIntervalS = data.reportingIntervalS;
    c.reportingPhaseS = reportingPhaseS(data.controllerId, data.reportingIntervalS);
    c.serverTime = new Date();
    return c;
  }
}

/** The API side of the device bridges' `/time` and `/config`: who a device token is, and what changed. */
@Resolver()
export class DeviceLinkResolver {
  @Query(() => DeviceConfig, {
    nullable: true,
    description:
      'For device bridges only (service credential). The configuration of the controller a device token belongs to; null for an unknown or revoked token. STORAGE_UNAVAILABLE when the database cannot answer.',
  })
  async deviceConfig(@Arg('token', () => String) token: string, @Ctx() ctx: Context): Promise<DeviceConfig | null> {
    requireBridge(ctx);
    const data = await ctx.services.deviceConfig.byToken(token);
    return data && DeviceConfig.from(data);
  }

  @Subscription(() => DeviceConfig, {
    description:
      "For device bridges only (service credential). Every committed change of any controller's configuration, or of its tokens: a bridge notifies the modems observing `/config` and drops what it cached for that controller.",
    subscribe: ({ context }) => {
      const ctx = context as Context;
      requireBridge(ctx);
      return surfaceOutages(ctx.services.deviceConfig.changes());
    },
  })
  deviceConfigChanged(@Root() root: DeviceConfigData | Outage): DeviceConfig {
    return DeviceConfig.from(liveValue(root));
  }
}
