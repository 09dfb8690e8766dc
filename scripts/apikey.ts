/**
 * `npm run apikey -- <command>`: API keys from the command line, against the store DATABASE_URL
 * names (PostgreSQL) or the PGlite folder PGLITE_DATA_DIR.
 *
 *   create --name <name> --role <PARTNER|ANALYST|STEWARD|ADMIN>   prints the key, once
 *   revoke --name <name>                                          the key stops working (within 5 s on running servers)
 *   list                                                          every key, without secrets
 *   generate                                                      a new key for ADMIN_API_KEY, stored nowhere
 *
 * Creates and revokes are written to the audit log with actor "cli".
 */
import 'reflect-metadata';
import { GraphQLError } from 'graphql';
import { createApiKey, listApiKeys, revokeApiKey, type ApiKeyInfo } from '../src/auth/api-keys';
import { CLI_ACTOR } from '../src/auth/caller';
import { CACHE_TTL_MS } from '../src/auth/authenticate';
import { parseRole, ROLE_DESCRIPTIONS, ROLES, UnknownRoleError } from '../src/auth/roles';
import { openDatabase } from '../src/db/database';
import { StoreInUseError } from '../src/db/pglite-lock';
import { generateKey } from '../src/auth/api-keys';

const USAGE = `Usage:
  npm run apikey -- create --name <name> --role <role>   create a key; it is printed once and never stored
  npm run apikey -- revoke --name <name>                 revoke a key
  npm run apikey -- list                                 list keys (names, roles, prefixes; never the keys)
  npm run apikey -- generate                             print a new key for ADMIN_API_KEY (stores nothing)

Roles, lowest first (each can do everything the ones before it can):
${ROLES.map((r) => `  ${r.padEnd(8)} ${ROLE_DESCRIPTIONS[r]}`).join('\n')}

The store: DATABASE_URL (PostgreSQL) or PGLITE_DATA_DIR (an embedded store in a folder).`;

class UsageError extends Error {}

/** `--name x`, `--name=x`; anything else is a usage error. */
export function parseOptions(args: string[], allowed: string[]): Record<string, string> {
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`Unexpected argument "${arg}".`);
    const [, key, inline] = m;
    if (!allowed.includes(key))
      throw new UsageError(`Unknown option --${key}; this command takes ${allowed.map((a) => `--${a}`).join(', ')}.`);
    const value = inline ?? args[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${key} needs a value.`);
    options[key] = value;
  }
  return options;
}

function required(options: Record<string, string>, key: string): string {
  const value = options[key];
  if (value === undefined || value.trim() === '') throw new UsageError(`--${key} is required.`);
  return value;
}

const when = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) : '-');

function table(keys: ApiKeyInfo[]): string {
  const rows = [
    ['NAME', 'ROLE', 'PREFIX', 'CREATED', 'LAST USED', 'STATUS'],
    ...keys.map((k) => [
      k.name,
      k.role,
      k.prefix,
      when(k.createdAt),
      when(k.lastUsedAt),
      k.revokedAt ? `revoked ${when(k.revokedAt)}` : 'active',
    ]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return;
  }
  if (command === 'generate') {
    // For ADMIN_API_KEY: the server stores its hash at start (src/auth/first-admin-key.ts).
    console.log(generateKey());
    return;
  }
  if (!['create', 'revoke', 'list'].includes(command)) throw new UsageError(`Unknown command "${command}".`);
  // Check the arguments before opening the store, so a typo costs nothing.
  const options = parseOptions(rest, command === 'create' ? ['name', 'role'] : command === 'revoke' ? ['name'] : []);
  const role = command === 'create' ? parseRole(required(options, 'role')) : null;
  const name = command === 'list' ? null : required(options, 'name');

  const databaseUrl = process.env.DATABASE_URL || undefined;
  const pgliteDataDir = process.env.PGLITE_DATA_DIR || undefined;
  if (!databaseUrl && !pgliteDataDir) {
    throw new Error('No store: set DATABASE_URL (PostgreSQL) or PGLITE_DATA_DIR (the folder of an embedded store).');
  }
  const db = await openDatabase({ databaseUrl, pgliteDataDir });
  const by = { actor: CLI_ACTOR, role: null };
  try {
    if (command === 'create') {
      const { key, info } = await createApiKey(db.prisma, { name: name!, role: role! }, by);
      console.log(`Created API key "${info.name}" with role ${info.role} (prefix ${info.prefix}):`);
      console.log('');
      console.log(key);
      console.log('');
      console.log(
        'Copy it now: it is shown only this once. The server stores only its SHA-256 hash and cannot show it again.',
      );
      console.log('Send it as the header   Authorization: Bearer <key>');
    } else if (command === 'revoke') {
      const info = await revokeApiKey(db.prisma, name!, by);
      console.log(
        `Revoked API key "${info.name}" (role ${info.role}, prefix ${info.prefix}). ` +
          `Running servers refuse it within ${CACHE_TTL_MS / 1000} seconds.`,
      );
    } else {
      const keys = await listApiKeys(db.prisma);
      console.log(
        keys.length
          ? table(keys)
          : 'No API keys yet: `npm run apikey -- create --name <name> --role <role>` creates one.',
      );
    }
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).catch((err) => {
  if (err instanceof UsageError) {
    console.error(`${err.message}\n\n${USAGE}`);
  } else if (err instanceof StoreInUseError) {
    console.error(
      [
        `The PGlite store in ${err.dir} is in use by another process ` +
          `(pid ${err.holder.pid}, "${err.holder.command}", since ${err.holder.since}).`,
        'PGlite serves one process at a time, so keys cannot be made or revoked here while it runs. Either:',
        '  - use the running server: the createApiKey, revokeApiKey mutations and apiKeys query, with an ADMIN key',
        '    (the server printed one at the first start of this store, or set ADMIN_API_KEY and restart it); or',
        '  - stop the server, run this command again, then start the server.',
      ].join('\n'),
    );
  } else if (err instanceof UnknownRoleError || err instanceof GraphQLError) {
    console.error(err.message);
  } else if (
    /relation "?api_key"? does not exist/i.test(String((err as { message?: unknown } | null | undefined)?.message))
  ) {
    console.error('The store has no api_key table yet: run `npm run db:migrate` first.');
  } else {
    console.error(err instanceof Error ? err.message : err);
  }
  process.exit(1);
});
