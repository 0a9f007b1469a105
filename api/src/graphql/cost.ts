/**
 * What an operation costs with its variables applied. The formula is GraphQL Armor's (so that the published limit
 * keeps its meaning): a leaf field costs 1; a field with a selection 2 plus 1.5 × the cost of each selection in it,
 * the whole multiplied by its `first` / `last`; a fragment spread 1 plus 1.5 × its fragment's cost; `__schema` is
 * free. Armor runs as a validation rule, and validation never sees variables: it reads `first` only when written as
 * a literal, so `first: $n` with n = 1000 counted as 1 and 15 report pages of 1000 intervals ran. Here `first` is
 * read as execution will read it — a literal, a variable, the variable's default, or the argument's default in the
 * schema (`consumption(first: Int! = 100)`).
 */
import {
  getArgumentValues,
  getVariableValues,
  isInterfaceType,
  isObjectType,
  getNamedType,
  getOperationAST,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

const SCALAR_COST = 1;
const OBJECT_COST = 2;
const DEPTH_FACTOR = 1.5;

/**
 * The cost of the operation that would run, or null when none would: no such operation, or variables that do not
 * coerce (execution refuses those before running anything).
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): number | null {
  const operation = getOperationAST(document, operationName);
  if (!operation) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 });
  if (coerced.errors) return null;
  const variableValues = coerced.coerced;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  // A fragment costs the same wherever it is spread (its type and the variables are fixed); remembering it also
  // keeps fragments that spread each other many times from costing exponential time to price.
  const fragmentCosts = new Map<string, number>();

  const setCost = (set: SelectionSetNode, type: GraphQLNamedType | undefined): number =>
    set.selections.reduce((sum, child) => sum + DEPTH_FACTOR * selectionCost(child, type), OBJECT_COST);

  const selectionCost = (node: SelectionNode, parent: GraphQLNamedType | undefined): number => {
    switch (node.kind) {
      case Kind.FIELD: {
        if (node.name.value === '__schema') return 0;
        if (!node.selectionSet) return SCALAR_COST;
        const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
        return setCost(node.selectionSet, field && getNamedType(field.type)) * (field ? pageSize(field, node) : 1);
      }
      case Kind.INLINE_FRAGMENT:
        return setCost(node.selectionSet, node.typeCondition ? schema.getType(node.typeCondition.name.value) : parent);
      case Kind.FRAGMENT_SPREAD: {
        const name = node.name.value;
        let cost = fragmentCosts.get(name);
        if (cost === undefined) {
          const fragment = fragments.get(name);
          cost = fragment ? setCost(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value)) : 0;
          fragmentCosts.set(name, cost);
        }
        return SCALAR_COST + DEPTH_FACTOR * cost;
      }
    }
  };

  /** How many items a list field may return: its `first` or `last` as execution will see them, at least 1. */
  const pageSize = (field: Parameters<typeof getArgumentValues>[0], node: Parameters<typeof getArgumentValues>[1]): number => {
    if (!field.args.some((a) => a.name === 'first' || a.name === 'last')) return 1;
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(field, node, variableValues);
    } catch {
      return 1; // a bad argument fails this field before anything under it runs
    }
    return Math.max(1, ...[args.first, args.last].filter((n): n is number => typeof n === 'number'));
  };

  return operation.selectionSet.selections.reduce((sum, child) => sum + selectionCost(child, schema.getRootType(operation.operation) ?? undefined), 0);
}
