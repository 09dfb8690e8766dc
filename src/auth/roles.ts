/**
 * The roles of API keys and what each may do. Roles are ranked, and a role can do everything
 * the roles below it can:
 *
 *   (anonymous)  no key: reads every query; small counts of sensitive categories below force
 *                level are withheld (src/auth/disclosure.ts).
 *   PARTNER      partner organisations (councils, community safety partnerships): read everything,
 *                small counts included. No writes.
 *   ANALYST      OPCC and force analysts: as PARTNER, plus anything marked @Authorized('ANALYST')
 *                (nothing today: the rank exists so analyst-only reads never reach partners). No writes.
 *   STEWARD      data stewards: as ANALYST, plus every write (facts, areas, categories, plans,
 *                objectives, imports): @Authorized('STEWARD').
 *   ADMIN        as STEWARD, plus API keys and the audit log: @Authorized('ADMIN').
 *
 * `@Authorized()` without a role admits any valid key.
 */
import { registerEnumType } from 'type-graphql';
import { Role } from '../generated/prisma/enums';

export { Role };

/** Every role, lowest first. */
export const ROLES: readonly Role[] = [Role.PARTNER, Role.ANALYST, Role.STEWARD, Role.ADMIN];

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  PARTNER: 'Partner organisations: read every figure, small counts of sensitive categories included. No writes.',
  ANALYST: 'Analysts: read every figure, small counts included, and anything reserved to analysts. No writes.',
  STEWARD: 'Data stewards: read everything, and write facts, areas, categories, plans, objectives and imports.',
  ADMIN: 'Administrators: everything a steward can do, plus API keys and the audit log.',
};

registerEnumType(Role, {
  name: 'Role',
  description:
    'Role of an API key. Roles are ranked PARTNER < ANALYST < STEWARD < ADMIN, and each can do everything ' +
    'the roles below it can. Callers without a key read every query, with small counts of sensitive ' +
    'categories withheld below force level.',
  valuesConfig: Object.fromEntries(ROLES.map((r) => [r, { description: ROLE_DESCRIPTIONS[r] }])),
});

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Rank of a role: PARTNER 1 ... ADMIN 4. */
export function roleRank(role: Role): number {
  return ROLES.indexOf(role) + 1;
}

/**
 * The lowest role that satisfies `@Authorized(...roles)`: any one of the roles listed admits
 * it and every role above it, so the lowest listed is the one needed. Null for `@Authorized()`
 * (any key). An unknown role in a decorator is a programming error.
 */
export function requiredRole(roles: readonly string[]): Role | null {
  if (roles.length === 0) return null;
  for (const r of roles) {
    if (!isRole(r)) throw new Error(`@Authorized names an unknown role "${r}"; roles are ${ROLES.join(', ')}.`);
  }
  return (roles as Role[]).reduce((low, r) => (roleRank(r) < roleRank(low) ? r : low));
}

/** Whether a key of role `has` may do what needs role `needs` (null: any key). */
export function roleSatisfies(has: Role, needs: Role | null): boolean {
  return needs === null || roleRank(has) >= roleRank(needs);
}

/** Parses a role as typed on a command line (any case); unknown roles list the choices. */
export function parseRole(text: string): Role {
  const upper = text.trim().toUpperCase();
  if (isRole(upper)) return upper;
  throw new UnknownRoleError(text);
}

export class UnknownRoleError extends Error {
  constructor(readonly value: string) {
    super(
      `Unknown role "${value}". Roles, lowest first:\n` +
        `${ROLES.map((r) => `  ${r.padEnd(8)} ${ROLE_DESCRIPTIONS[r]}`).join('\n')}`,
    );
  }
}
