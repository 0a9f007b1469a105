import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { graphqlEnum, type EnumValue } from '../schema/enum.js';
import { Controller } from './controller.entity.js';
import { MeterKind } from './meter-kind.js';
import { Meter } from './meter.entity.js';

export const DeviceStatus = graphqlEnum('DeviceStatus', 'Whether a controller reports as expected.', {
  ONLINE: 'Reported within 2.5 reporting intervals.',
  SILENT: 'Has reported before, but not within 2.5 reporting intervals: the cabinet flags it.',
  NEVER_SEEN: 'Has never reported.',
  REVOKED: 'Taken out of service by an operator.',
});
export type DeviceStatus = EnumValue<typeof DeviceStatus>;

export const DeviceKind = graphqlEnum('DeviceKind', undefined, ['CONTROLLER', 'METER']);
export type DeviceKind = EnumValue<typeof DeviceKind>;

@ObjectType()
export class BindResult {
  @Field(() => DeviceKind)
  kind!: DeviceKind;

  @Field(() => Controller, { nullable: true, description: 'The controller bound (when a controller was bound).' })
  controller!: Controller | null;

  @Field(() => [Meter], { description: 'The meters that became visible: the meter, or the controller’s meters.' })
  meters!: Meter[];

  @Field(() => Boolean, { description: 'It was bound to this account already: nothing changed.' })
  alreadyBound!: boolean;
}

@ObjectType({ description: 'What is printed on a device label: the serial, the claim code and a QR code opening /bind with both.' })
export class DeviceLabel {
  @Field(() => String)
  serial!: string;

  @Field(() => DeviceKind)
  kind!: DeviceKind;

  @Field(() => String, { description: 'XXXXX-XXXXX; shown only when issued.' })
  claimCode!: string;

  @Field(() => String)
  bindUrl!: string;

  @Field(() => String, { description: 'The QR code of bindUrl as SVG.' })
  qrSvg!: string;
}

@ObjectType()
export class ProvisionedController {
  @Field(() => Controller)
  controller!: Controller;

  @Field(() => String, { description: 'The device token for the modem, shown only now.' })
  deviceToken!: string;

  @Field(() => [DeviceLabel])
  labels!: DeviceLabel[];
}

@InputType()
export class NewMeterInput {
  @Field(() => String)
  serial!: string;

  @Field(() => MeterKind)
  kind!: MeterKind;

  @Field(() => String, { nullable: true })
  model?: string | null;

  @Field(() => Int, { nullable: true, description: 'Tariff zones 1–3 (default 1; water meters: 1).' })
  zones?: number | null;

  @Field(() => Int, { nullable: true, description: 'Phases 1 or 3 (default 1; water meters: 1).' })
  phases?: number | null;

  @Field(() => String, { nullable: true })
  installAddress?: string | null;

  @Field(() => String, { nullable: true, description: 'Verification due date, YYYY-MM-DD.' })
  verificationDue?: string | null;
}

@InputType()
export class NewControllerInput {
  @Field(() => String)
  serial!: string;

  @Field(() => String, { nullable: true })
  model?: string | null;

  @Field(() => String, { nullable: true })
  firmware?: string | null;

  @Field(() => Int, { nullable: true, description: 'Seconds between reports, 60–86400 (default 900).' })
  reportingIntervalS?: number | null;

  @Field(() => [NewMeterInput], { defaultValue: [] })
  meters!: NewMeterInput[];
}
