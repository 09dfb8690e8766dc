import type { ApolloServerPlugin } from '@apollo/server';
import type { AppServices, Context } from '../context/context';

/** Request logs and metrics. (Stub: filled in by the observability work.) */
export function observabilityPlugin(_services: AppServices): ApolloServerPlugin<Context> {
  return {};
}
