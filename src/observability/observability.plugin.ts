import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context/context';
import type { Observability } from './observability';
import { mergeErrorCodes } from './request-log';

/**
 * Tells observability (request logs, metrics) what only GraphQL knows: the operation's name
 * and type, and the error codes of the response as the client gets it (after formatError).
 */
export function observabilityPlugin(observability: Observability): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const request = contextValue.request;
      if (!request) return;
      observability.noteContext(request, contextValue);
      return {
        async didResolveOperation({ operation, operationName }) {
          request.operationName ??= operationName ?? null;
          observability.noteOperationType(request, operation?.operation ?? null);
        },
        async willSendResponse({ response, operation, operationName }) {
          if (operation) observability.noteOperationType(request, operation.operation);
          if (operationName) request.operationName ??= operationName;
          if (response.body.kind !== 'single') return;
          const codes = (response.body.singleResult.errors ?? []).map((e) => {
            const code = e.extensions?.code;
            return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
          });
          request.errorCodes = mergeErrorCodes(request.errorCodes, codes);
        },
      };
    },
  };
}
