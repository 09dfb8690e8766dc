import { GraphQLError, OperationTypeNode, type ValidationRule } from 'graphql';

/**
 * Refuses an operation whose type the schema does not have (this API has no subscriptions).
 * graphql-js 16 lets `subscription { x }` through validation (the field rules find no parent
 * type to check against) and then fails in execution, an internal error; graphql-js 17 adds
 * this rule as KnownOperationTypesRule.
 */
export const KnownOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    const schema = context.getSchema();
    const root =
      node.operation === OperationTypeNode.QUERY
        ? schema.getQueryType()
        : node.operation === OperationTypeNode.MUTATION
          ? schema.getMutationType()
          : schema.getSubscriptionType();
    if (!root) {
      context.reportError(
        new GraphQLError(`This API does not support ${node.operation} operations: send a query or a mutation.`, {
          nodes: node,
        }),
      );
    }
  },
});
