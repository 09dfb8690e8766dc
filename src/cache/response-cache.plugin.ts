import type { ApolloServerPlugin } from '@apollo/server';
import type { AppServices, Context } from '../context/context';

/** Server-side response cache keyed by the data version. (Stub: filled in by the caching work.) */
export function responseCachePlugin(_services: AppServices): ApolloServerPlugin<Context> {
  return {};
}
