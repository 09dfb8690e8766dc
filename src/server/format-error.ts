import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { InvalidInputError } from '../period/errors';
import { ImportRejectedError } from '../import/result';
import { ErrorCode } from '../errors/errors';
import { AuthenticationError, AuthorizationError } from 'type-graphql';
import { AuthErrorCode } from '../auth/errors';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { databaseFault, databaseFaultError, DatabaseErrorCode, RETRY_AFTER_SECONDS } from '../db/faults';

/**
 * Gives every error a stable `extensions.code`. Errors of ours that carry one pass as
 * they are; input errors from the pure modules become BAD_USER_INPUT; anything
 * unexpected is logged and reaches the client without internals.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: FormatErrorOptions = {},
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  // Before the code check: a driver's error may arrive wrapped in a GraphQLError with a code of its own.
  const fault = databaseFault(original) ?? databaseFault(error);
  if (fault) {
    const mapped = databaseFaultError(fault, options.statementTimeoutMs);
    return {
      message: mapped.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: mapped.extensions,
    };
  }
  if (original instanceof InvalidInputError) {
    return {
      ...formatted,
      message: original.message,
      extensions: { code: ErrorCode.BAD_USER_INPUT, ...(original.field ? { field: original.field } : {}) },
    };
  }
  if (original instanceof ImportRejectedError) {
    return {
      ...formatted,
      message: original.message,
      extensions: { code: ErrorCode.BAD_USER_INPUT, rowErrors: original.result.errors },
    };
  }
  // type-graphql's own refusals (our authChecker throws ours, but a `false` would raise these).
  if (original instanceof AuthenticationError) {
    return { ...formatted, extensions: { ...formatted.extensions, code: AuthErrorCode.UNAUTHENTICATED } };
  }
  if (original instanceof AuthorizationError) {
    return { ...formatted, extensions: { ...formatted.extensions, code: AuthErrorCode.FORBIDDEN } };
  }
  const code = formatted.extensions?.code;
  if (code && code !== ErrorCode.INTERNAL_SERVER_ERROR) return formatted;
  console.error(
    JSON.stringify({ level: 'error', msg: 'unexpected error', error: String((original as Error)?.stack ?? original) }),
  );
  return {
    message: 'Internal server error: the failure has been logged.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

export interface FormatErrorOptions {
  /** STATEMENT_TIMEOUT_MS, named in the message of a timed-out statement. */
  statementTimeoutMs?: number;
}

/** formatError with the server's settings, for ApolloServer's `formatError`. */
export function createFormatError(
  options: FormatErrorOptions,
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => formatError(formatted, error, options);
}

/**
 * HTTP 503 with Retry-After when the database was unavailable to any part of the operation, so
 * load balancers, proxies and clients see an outage rather than a successful response.
 */
export function databaseFaultStatusPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          if (!errors.some((e) => e.extensions?.code === DatabaseErrorCode.SERVICE_UNAVAILABLE)) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}
