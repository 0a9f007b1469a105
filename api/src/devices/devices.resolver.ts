import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { Role } from '../accounts/account.entity.js';
import { Viewer } from '../accounts/viewer.resolver.js';
import type { Context } from '../composition.js';
import { ForbiddenError } from '../errors/client-errors.js';
import { requireViewer } from '../accounts/guards.js';
import { Controller } from './controller.entity.js';
import { statusOf } from './device-status.js';
import { BindResult, DeviceKind, DeviceStatus } from './devices.types.js';
import { Meter } from './meter.entity.js';

@Resolver()
export class BindingResolver {
  @Mutation(() => BindResult, {
    description:
      'Binds a controller (with its meters) or a single meter by its serial and the claim code from its label or QR code. Wrong guesses are limited per account (10 an hour) and per client address, never per device (a stranger cannot lock the owner out); a right code is not counted; a wrong serial and a wrong code answer alike.',
  })
  async bindDevice(@Arg('serial', () => String) serial: string, @Arg('code', () => String) code: string, @Ctx() ctx: Context): Promise<BindResult> {
    const principal = requireViewer(ctx);
    const bound = await ctx.services.bindings.bind(principal, serial, code, ctx.client);
    const visible = await ctx.services.access.metersOf(principal.account);
    const meters = visible.map((a) => a.meter).filter((m) => (bound.controller ? m.controller?.id === bound.controller.id : m.id === bound.meter!.id));
    return { kind: bound.controller ? DeviceKind.CONTROLLER : DeviceKind.METER, controller: bound.controller, meters, alreadyBound: bound.alreadyBound };
  }

  @Mutation(() => Boolean, {
    description: 'Unbinds a controller or meter by serial: it disappears from the cabinet, live streams of it stop, history stays, another account may bind it. False when it is not bound to the viewer.',
  })
  unbindDevice(@Arg('serial', () => String) serial: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.bindings.unbind(requireViewer(ctx), serial);
  }

  @Mutation(() => Meter, { description: 'The viewer’s own name for a meter («Кухня, ХВС»); an empty label removes it.' })
  async setMeterLabel(@Arg('meterId', () => ID) meterId: string, @Arg('label', () => String) label: string, @Ctx() ctx: Context): Promise<Meter> {
    const principal = requireViewer(ctx);
    await ctx.services.bindings.setLabel(principal, Number(meterId), label);
    return (await ctx.services.access.accessTo(principal.account, Number(meterId)))!.meter;
  }

  @Mutation(() => Meter, {
    description:
      'The meter was verified (поверка): `nextDue` (YYYY-MM-DD) is the next verification date from its certificate or ФГИС «Аршин» — after today, at most 16 years ahead (VERIFICATION_DUE_FORMAT, VERIFICATION_DUE_PAST, VERIFICATION_DUE_TOO_FAR); `certificate`, if given, the certificate’s or the record’s number, up to 100 letters, digits and separators (VERIFICATION_CERTIFICATE_FORMAT) — kept as `Meter.verificationCertificate`, cleared by a verification recorded without one. Its VERIFICATION_DUE warning settles at once. For the meter’s current owner with a session (METER_FORBIDDEN otherwise), or an operator for any meter (METER_NOT_FOUND for none); «today» is on the owner’s calendar.',
  })
  async recordMeterVerification(
    @Arg('meterId', () => ID) meterId: string,
    @Arg('nextDue', () => String) nextDue: string,
    @Arg('certificate', () => String, { nullable: true }) certificate: string | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<Meter> {
    return ctx.services.bindings.recordVerification(requireViewer(ctx), Number(meterId), nextDue, Date.now(), certificate ?? null);
  }
}

@Resolver(() => Viewer)
export class ViewerDevicesResolver {
  @FieldResolver(() => [Controller], { description: 'Controllers serving the viewer’s meters, and controllers bound to the viewer.' })
  async controllers(@Root() viewer: Viewer, @Ctx() ctx: Context): Promise<Controller[]> {
    const accesses = await ctx.services.access.metersOf(viewer.account);
    const ids = new Set(accesses.flatMap((a) => (a.meter.controller ? [a.meter.controller.id] : [])));
    for (const id of await ctx.services.bindings.boundControllerIds(viewer.account.id)) ids.add(id);
    return ctx.services.access.controllers(ids);
  }
}

@Resolver(() => Meter)
export class MeterDevicesResolver {
  @FieldResolver(() => String, { nullable: true, description: 'The viewer’s own name for this meter.' })
  async label(@Root() meter: Meter, @Ctx() ctx: Context): Promise<string | null> {
    if (!ctx.principal) return null;
    return (await ctx.services.bindings.labels(ctx.principal.account.id)).get(meter.id) ?? null;
  }

  @FieldResolver(() => Controller, { nullable: true, description: 'The controller reporting this meter’s readings.' })
  async controller(@Root() meter: Meter, @Ctx() ctx: Context): Promise<Controller | null> {
    return ctx.services.access.controllerOf(meter);
  }
}

@Resolver(() => Controller)
export class ControllerResolver {
  @FieldResolver(() => DeviceStatus)
  status(@Root() controller: Controller): DeviceStatus {
    return statusOf(controller);
  }

  @FieldResolver(() => [Meter], {
    description:
      'Its meters: for a customer, those that are theirs; for an operator, all — or, with `customer`, that account’s now (a neighbour’s meter on the same modem left out). Customers cannot pass `customer`.',
  })
  async meters(
    @Root() controller: Controller,
    @Ctx() ctx: Context,
    @Arg('customer', () => ID, { nullable: true }) customer?: string | null,
  ): Promise<Meter[]> {
    const principal = requireViewer(ctx);
    const operator = principal.account.role === Role.OPERATOR;
    if (customer != null && !operator) throw new ForbiddenError();
    if (operator && customer == null) return ctx.services.access.metersOnController(controller.id);
    const id = operator ? Number(customer) : principal.account.id;
    return Number.isSafeInteger(id) ? ctx.services.access.metersOfOn({ id }, controller.id) : [];
  }

  @FieldResolver(() => Boolean, { description: 'Bound to the viewer directly (the viewer may unbind it).' })
  async boundToViewer(@Root() controller: Controller, @Ctx() ctx: Context): Promise<boolean> {
    if (!ctx.principal) throw new ForbiddenError();
    return (await ctx.services.bindings.boundControllerIds(ctx.principal.account.id)).includes(controller.id);
  }
}
