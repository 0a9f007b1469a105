import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../readings/report.types.js';
import { Submission } from './submission.entity.js';

@ObjectType()
export class SubmissionEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Submission)
  node!: Submission;
}

@ObjectType({ description: 'Submissions, newest first.' })
export class SubmissionConnection {
  @Field(() => [SubmissionEdge])
  edges!: SubmissionEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

@InputType({ description: 'A register value the customer read off the meter.' })
export class RegisterValueInput {
  @Field(() => String, { description: 'T1, T2, T3, TOTAL or VOLUME (see SupplierLink.registers).' })
  register!: string;

  @Field(() => String, { description: 'A decimal: whole kWh, or m³ with at most the supplier’s decimals.' })
  value!: string;
}
