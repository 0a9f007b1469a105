/**
 * Relay pagination, written once: `PageInfo` and `Connection(name, Node)`, a generic connection after
 * type-graphql's generic-types example. `Connection('Consumption', ConsumptionInterval)` registers the
 * `ConsumptionEdge` type and returns an abstract base with `edges` and `pageInfo`; the concrete connection
 * extends it with its own name, description and totals.
 */
import { Field, ObjectType } from 'type-graphql';
import type { ClassType } from 'type-graphql';

@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Edge<TNode> {
  node: TNode;
  cursor: string;
}

export function Connection<TNode extends object>(name: string, Node: ClassType<TNode>) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class EdgeType implements Edge<TNode> {
    @Field(() => Node)
    node!: TNode;

    @Field(() => String)
    cursor!: string;
  }

  @ObjectType()
  abstract class ConnectionType {
    @Field(() => [EdgeType])
    edges!: Edge<TNode>[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return ConnectionType;
}
