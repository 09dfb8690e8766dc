/** ADMIN's queries and mutations: API keys and the audit log. */
import { Arg, Authorized, Ctx, Extensions, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context/context';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys';
import { ApiKeyInfo, AuditEntry, CreatedApiKey } from './admin.types';
import { DEFAULT_AUDIT_PAGE, MAX_AUDIT_PAGE, readAuditLog } from './audit-log';
import { Role } from './roles';
import { PRIVATE } from '../cache/cache-hints';

/** The audit log's actor and role for a request made with a key (ADMIN fields always have one). */
const by = (ctx: Context) => ({ actor: ctx.caller!.name, role: ctx.caller!.role });

@Resolver(() => ApiKeyInfo)
export class AdminResolver {
  @Authorized(Role.ADMIN)
  @Extensions(PRIVATE)
  @Query(() => [ApiKeyInfo], { description: 'Every API key, newest first, without secrets. Needs an ADMIN key.' })
  apiKeys(@Ctx() ctx: Context) {
    return listApiKeys(ctx.prisma);
  }

  @Authorized(Role.ADMIN)
  @Extensions(PRIVATE)
  @Query(() => [AuditEntry], {
    description:
      `The audit log, newest first: every write (imports, facts, plans, API keys) with who made it. ` +
      `Pages of \`first\` entries (at most ${MAX_AUDIT_PAGE}); pass the last id seen as \`after\` for the next ` +
      `page. Needs an ADMIN key.`,
  })
  auditLog(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, {
      defaultValue: DEFAULT_AUDIT_PAGE,
      description: `Entries per page, 1 or more; more than ${MAX_AUDIT_PAGE} gives ${MAX_AUDIT_PAGE}.`,
    })
    first: number,
    @Arg('after', () => Int, {
      nullable: true,
      description: 'Only entries older than this id (the last id of the previous page).',
    })
    after?: number | null,
    @Arg('actor', () => String, {
      nullable: true,
      description: 'Only entries by this actor: an API key name, or "cli".',
    })
    actor?: string | null,
    @Arg('action', () => String, {
      nullable: true,
      description: 'Only entries of this action, e.g. CREATE_API_KEY or IMPORT_CSV.',
    })
    action?: string | null,
  ) {
    return readAuditLog(ctx.prisma, { first, after, actor, action });
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CreatedApiKey, {
    description:
      'Creates an API key and returns it, this once: the server stores only its SHA-256 hash. Names are ' +
      'unique, revoked keys included. Audited as CREATE_API_KEY. Needs an ADMIN key.',
  })
  createApiKey(
    @Arg('name', () => String, {
      description: 'Unique name of the key: who or what will use it (1 to 100 letters, digits, spaces, . _ @ -).',
    })
    name: string,
    @Arg('role', () => Role, { description: 'What the key may do.' }) role: Role,
    @Ctx() ctx: Context,
  ) {
    return createApiKey(ctx.prisma, { name, role }, by(ctx));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ApiKeyInfo, {
    description:
      'Revokes an API key: it stops working at once on this server, and within 5 seconds on any other. A ' +
      'revoked key cannot be restored; create a new one. Audited as REVOKE_API_KEY. Needs an ADMIN key.',
  })
  revokeApiKey(
    @Arg('name', () => String, { description: 'Name of the key to revoke.' }) name: string,
    @Ctx() ctx: Context,
  ) {
    return revokeApiKey(ctx.prisma, name, by(ctx));
  }

  @FieldResolver(() => Boolean, { description: 'True while the key works: not revoked.' })
  active(@Root() key: ApiKeyInfo) {
    return key.revokedAt === null;
  }
}
