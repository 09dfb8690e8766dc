import type { ApolloServerOptions } from '@apollo/server';
import type { AppServices, Context } from '../context/context';

/** Automatic persisted queries in the shared store. (Stub: filled in by the caching work.) */
export function persistedQueriesOption(_services: AppServices): ApolloServerOptions<Context>['persistedQueries'] {
  return false;
}
