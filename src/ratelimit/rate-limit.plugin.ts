import type { ApolloServerPlugin } from '@apollo/server';
import type { AppServices, Context } from '../context/context';

/** Cost per minute per API key or address. (Stub: filled in by the rate-limit work.) */
export function rateLimitPlugin(_services: AppServices): ApolloServerPlugin<Context> {
  return {};
}
