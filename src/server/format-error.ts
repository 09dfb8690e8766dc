import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { InvalidInputError } from '../period/errors';
import { ImportRejectedError } from '../import/import.service';
import { ErrorCode } from '../errors/errors';
import { AuthenticationError, AuthorizationError } from 'type-graphql';
import { AuthErrorCode } from '../auth/errors';

/**
 * Gives every error a stable `extensions.code`. Errors of ours that carry one pass as
 * they are; input errors from the pure modules become BAD_USER_INPUT; anything
 * unexpected is logged and reaches the client without internals.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof InvalidInputError) {
    return { ...formatted, message: original.message, extensions: { code: ErrorCode.BAD_USER_INPUT, ...(original.field ? { field: original.field } : {}) } };
  }
  if (original instanceof ImportRejectedError) {
    return { ...formatted, message: original.message, extensions: { code: ErrorCode.BAD_USER_INPUT, rowErrors: original.result.errors } };
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
  console.error(JSON.stringify({ level: 'error', msg: 'unexpected error', error: String((original as Error)?.stack ?? original) }));
  return {
    message: 'Internal server error: the failure has been logged.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
