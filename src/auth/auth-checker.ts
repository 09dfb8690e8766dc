/**
 * type-graphql's authChecker: `@Authorized()` admits any valid key, `@Authorized('STEWARD')`
 * a STEWARD key or any role above it (see roles.ts). Refusals are thrown here rather than
 * returned as `false`, so clients get our codes and messages instead of type-graphql's
 * generic ones: no key → UNAUTHENTICATED naming the role needed and how to send a key; a key
 * whose role is too low → FORBIDDEN naming the role needed and the caller's.
 */
import type { AuthCheckerFn } from 'type-graphql';
import type { Context } from '../context/context';
import { ForbiddenError, UnauthenticatedError } from './errors';
import { requiredRole, roleSatisfies } from './roles';

export const authChecker: AuthCheckerFn<Context> = ({ context, info }, roles) => {
  const needs = requiredRole(roles);
  const what = `${info.parentType.name}.${info.fieldName}`;
  const caller = context.caller;
  if (!caller) {
    throw new UnauthenticatedError(
      needs
        ? `This needs an API key with role ${needs} or above: send Authorization: Bearer <key>. (${what})`
        : `This needs an API key: send Authorization: Bearer <key>. (${what})`,
      { requiredRole: needs },
    );
  }
  if (!roleSatisfies(caller.role, needs)) {
    throw new ForbiddenError(
      `This needs an API key with role ${needs} or above; the key "${caller.name}" has role ${caller.role}. (${what})`,
      needs,
      caller.role,
    );
  }
  return true;
};
