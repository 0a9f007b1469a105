/**
 * Relay pagination, written once: `PageInfo` and `Connection(name, Node)`, a generic connection after
 * type-graphql's generic-types example. `Connection('Consumption', ConsumptionInterval)` registers the
 * `ConsumptionEdge` type and returns an abstract base with `edges` and `pageInfo`; the concrete connection
 * extends it with its own name, description and totals.
 */
import { GraphQLIncludeDirective, GraphQLSkipDirective, Kind, getDirectiveValues, type GraphQLResolveInfo, type SelectionNode, type SelectionSetNode } from 'graphql';
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

/**
 * Whether the field being resolved selects any of `names` at any depth (through fragments, minding @include and
 * @skip): what is costly to compute (a report's cost, a connection's `totalCount`) is computed only when asked for.
 */
export function selects(info: GraphQLResolveInfo, names: Set<string>): boolean {
  const seen = new Set<string>();
  // `@include(if: false)` and `@skip(if: true)` leave a selection out, as the executor does.
  const included = (s: SelectionNode) =>
    getDirectiveValues(GraphQLSkipDirective, s, info.variableValues)?.if !== true && getDirectiveValues(GraphQLIncludeDirective, s, info.variableValues)?.if !== false;
  const walk = (set: SelectionSetNode | undefined): boolean =>
    !!set?.selections.some((s) => {
      if (!included(s)) return false;
      if (s.kind === Kind.FIELD) return names.has(s.name.value) || walk(s.selectionSet);
      if (s.kind === Kind.INLINE_FRAGMENT) return walk(s.selectionSet);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      return walk(info.fragments[s.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((n) => walk(n.selectionSet));
}
