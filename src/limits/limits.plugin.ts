import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { AppServices, Context } from '../context/context';

/** Depth, aliases, tokens, size and cost, refused before execution. (Stub: filled in by the limits work.) */
export function limitsPlugin(_services: AppServices, _schema: GraphQLSchema): ApolloServerPlugin<Context> {
  return {};
}
