import { Field, InputType, Int } from 'type-graphql';
import { MeterKind } from '../devices/meter-kind.js';
import { SupplierChannel } from './supplier.entity.js';

@InputType({ description: 'A supplier’s settings (all of them, on create and on update).' })
export class SupplierInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: '10 or 12 digits; the check digits are verified.' })
  inn!: string;

  @Field(() => [MeterKind])
  resources!: MeterKind[];

  @Field(() => Int, { description: '1–28' })
  windowFirstDay!: number;

  @Field(() => Int, { description: 'windowFirstDay–31' })
  windowLastDay!: number;

  @Field(() => String, { description: 'HH:MM in timeZone', defaultValue: '12:00' })
  cutoffTime!: string;

  @Field(() => String, { defaultValue: 'Europe/Moscow' })
  timeZone!: string;

  @Field(() => String, { description: 'A regular expression for the whole account number, e.g. \\d{10}' })
  accountPattern!: string;

  @Field(() => String)
  accountExample!: string;

  @Field(() => Int, { defaultValue: 3, description: 'Decimals of m³ (0–3).' })
  volumeDecimals!: number;

  @Field(() => SupplierChannel)
  channel!: SupplierChannel;

  @Field(() => String, { nullable: true, description: 'WEBHOOK: where readings are POSTed.' })
  webhookUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'EMAIL: where readings are mailed.' })
  email?: string | null;
}
