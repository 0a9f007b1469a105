import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../composition.js';
import { requireOperator } from '../accounts/guards.js';
import { Controller } from './controller.entity.js';
import { DeviceKind, DeviceLabel, NewControllerInput, ProvisionedController } from './devices.types.js';
import { labelQrSvg, type DeviceLabel as Label, type Provisioned } from './provisioning.service.js';

async function toLabel(l: Label): Promise<DeviceLabel> {
  return { ...l, kind: l.kind === 'CONTROLLER' ? DeviceKind.CONTROLLER : DeviceKind.METER, qrSvg: await labelQrSvg(l) };
}

async function toProvisioned(p: Provisioned): Promise<ProvisionedController> {
  return { controller: p.controller, deviceToken: p.token, labels: await Promise.all(p.labels.map(toLabel)) };
}

@Resolver()
export class OperatorResolver {
  @Query(() => [Controller], {
    description:
      'Operators: controllers whose serial, or one of whose meters’ serials, starts with `search` (all when empty), or, for a phone number, those of the customer with that number; newest first. `customer`: only that account’s now — bound themselves or through one of their meters (none for an unknown id).',
  })
  devices(
    @Arg('search', () => String, { defaultValue: '' }) search: string,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('customer', () => ID, { nullable: true }) customer: string | null,
    @Ctx() ctx: Context,
  ): Promise<Controller[]> {
    requireOperator(ctx);
    return ctx.services.provisioning.search(search, first, customer ?? undefined);
  }

  @Mutation(() => ProvisionedController, { description: 'Operators: a controller with its meters; returns its device token and claim labels (shown only now).' })
  async provisionController(@Arg('input', () => NewControllerInput) input: NewControllerInput, @Ctx() ctx: Context): Promise<ProvisionedController> {
    requireOperator(ctx);
    return toProvisioned(await ctx.services.provisioning.provision(input));
  }

  @Mutation(() => [ProvisionedController], {
    description:
      'Operators: controllers and meters from a CSV file (one row per meter; columns controller_serial, controller_model, firmware, reporting_interval_s, meter_serial, meter_kind, meter_model, zones, phases, install_address, verification_due). All or nothing; problems are named by line.',
  })
  async importDevices(@Arg('csv', () => String) csv: string, @Ctx() ctx: Context): Promise<ProvisionedController[]> {
    requireOperator(ctx);
    return Promise.all((await ctx.services.provisioning.importCsv(csv)).map(toProvisioned));
  }

  @Mutation(() => String, { description: 'Operators: a new device token for the controller (returned once); the old one stops working at once.' })
  async rotateDeviceToken(@Arg('serial', () => String) serial: string, @Ctx() ctx: Context): Promise<string> {
    requireOperator(ctx);
    return (await ctx.services.provisioning.rotateToken(serial)).token;
  }

  @Mutation(() => Controller, { description: 'Operators: takes a controller out of service (its tokens stop working; it cannot be bound).' })
  async revokeDevice(@Arg('serial', () => String) serial: string, @Ctx() ctx: Context): Promise<Controller> {
    requireOperator(ctx);
    return ctx.services.provisioning.revoke(serial);
  }

  @Mutation(() => DeviceLabel, { description: 'Operators: a new claim code (and QR code) for a controller or meter; the old code stops working.' })
  async issueClaimCode(@Arg('serial', () => String) serial: string, @Ctx() ctx: Context): Promise<DeviceLabel> {
    requireOperator(ctx);
    return toLabel(await ctx.services.provisioning.issueClaimCode(serial));
  }

  @Mutation(() => Controller, { description: 'Operators: how often a controller reports (60–86400 s); modems observing /config hear of it at once.' })
  async setReportingInterval(@Arg('serial', () => String) serial: string, @Arg('seconds', () => Int) seconds: number, @Ctx() ctx: Context): Promise<Controller> {
    requireOperator(ctx);
    return ctx.services.deviceConfig.setReportingIntervalOf(serial, seconds);
  }
}
