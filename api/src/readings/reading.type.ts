import { Field, Float, ID, ObjectType } from 'type-graphql';
import type { ReadingEvent } from '../pubsub/pubsub.js';
import { Quantity, unitOf } from './quantity.js';

@ObjectType({ description: 'One measured value of a meter.' })
export class Reading {
  @Field(() => ID)
  meterId!: string;

  @Field(() => Quantity)
  quantity!: Quantity;

  @Field(() => Date, { description: 'When the meter measured the value.' })
  time!: Date;

  @Field(() => Float)
  value!: number;

  @Field(() => String, { description: 'SenML unit: Wh, W, V, A, Hz, /, m3, Cel, dBm, %EL.' })
  unit!: string;

  static from(event: ReadingEvent): Reading {
    const r = new Reading();
    r.meterId = String(event.meterId);
    r.quantity = event.quantity as Quantity;
    r.time = new Date(event.time);
    r.value = event.value;
    r.unit = unitOf(event.quantity as Quantity);
    return r;
  }
}
