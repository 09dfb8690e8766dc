import { GraphQLError } from 'graphql';
import type { Role } from './roles';

/** Error codes of authentication and authorisation, as clients see them in `extensions.code`. */
export const AuthErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
} as const;

export const INVALID_KEY_MESSAGE = 'The API key is not valid or has been revoked';
export const MALFORMED_HEADER_MESSAGE = 'The Authorization header must be "Bearer <key>"';

/**
 * The caller has no valid key: an Authorization header with an unknown, revoked or malformed
 * key (the whole request fails with HTTP 401), or no key where a field needs one.
 */
export class UnauthenticatedError extends GraphQLError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code: AuthErrorCode.UNAUTHENTICATED, ...extensions } });
  }
}

/** The caller's key is valid but its role is below the one needed. */
export class ForbiddenError extends GraphQLError {
  constructor(message: string, requiredRole: Role | null, role: Role) {
    super(message, { extensions: { code: AuthErrorCode.FORBIDDEN, requiredRole, role } });
  }
}
