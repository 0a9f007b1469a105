/**
 * A request's variables checked against its operation before anything runs — what graphql-js's own execute does
 * first. The two paths that do not get it for free use this: graphql-jit (it lets a scalar's refusal, «yesterday»
 * for a DateTime, escape as an exception) and graphql-ws (it hands graphql-js's errors on without a code). Either
 * way the client would read «internal error»; it gets BAD_USER_INPUT with graphql-js's message instead.
 */
import { getOperationAST, getVariableValues, GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';

export function variableErrors(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): GraphQLError[] | null {
  const operation = getOperationAST(document, operationName);
  if (!operation) return null; // graphql-js says what is wrong with the operation itself
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 50 });
  if (!coerced.errors) return null;
  return coerced.errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { ...e.extensions, code: 'BAD_USER_INPUT' } }));
}
