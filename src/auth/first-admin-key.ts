/**
 * A first ADMIN key on any store, at server start (under the start-up lock, so one instance of
 * many does it):
 * - ADMIN_API_KEY set: that key (a `ppa_` key, e.g. from `npm run apikey -- generate`) is stored,
 *   hashed, as the ADMIN key `config-admin-<prefix>`, unless it is stored already. Keys an
 *   earlier value of ADMIN_API_KEY stored are revoked: changing the variable rotates the key.
 *   A configured key someone revoked stays revoked.
 * - Otherwise, a store with no key at all (in memory: every start) gets a new ADMIN key named
 *   `first-admin`, printed once by the caller; the store keeps only its hash.
 */
import { recordAudit } from '../audit/audit.service';
import type { PrismaClient } from '../generated/prisma/client';
import { rawSqlIfAny } from '../db/database';
import { createApiKey, generateKey, hashKey, KEY_PATTERN, keyPrefix, NOW_UTC } from './api-keys';
import { CLI_ACTOR } from './caller';
import { forgetCachedKeys } from './key-cache';

export const FIRST_ADMIN_NAME = 'first-admin';
const CONFIG_NAME_PREFIX = 'config-admin-';

export type AdminKeyOutcome =
  | { kind: 'configured'; name: string; stored: boolean; revoked: string[] }
  | { kind: 'configured-revoked'; name: string }
  | { kind: 'created'; name: string; key: string }
  | { kind: 'none' };

type Db = Pick<PrismaClient, '$transaction' | '$queryRawUnsafe' | '$executeRawUnsafe'>;

/**
 * One row of one read, through the raw SQL path when the client has one: at every start, and an
 * ORM call would load Prisma's query compiler (about 60 MB) into a server that may never need it.
 */
async function readRow(db: Db, sql: string, args: unknown[]): Promise<unknown[]> {
  const raw = rawSqlIfAny(db as PrismaClient);
  if (raw) return (await raw.query(null, sql, args))[0];
  return Object.values((await db.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...args))[0]);
}

/** A new key for ADMIN_API_KEY, printed by `npm run apikey -- generate`. */
export const newConfigKey = generateKey;

export async function ensureAdminKey(db: Db, configured: string | undefined): Promise<AdminKeyOutcome> {
  const key = configured?.trim();
  if (key) {
    if (!KEY_PATTERN.test(key)) {
      throw new Error(
        'ADMIN_API_KEY must be a key of this server: "ppa_" and 43 letters, digits, - or _. `npm run apikey ' +
          '-- generate` prints a new one.',
      );
    }
    const hash = hashKey(key);
    const name = CONFIG_NAME_PREFIX + keyPrefix(key).slice(4);
    const [revoked, others] = await readRow(
      db,
      `SELECT (SELECT revoked_at IS NOT NULL FROM api_key WHERE key_hash = $1),
              (SELECT count(*)::int FROM api_key
                WHERE name LIKE '${CONFIG_NAME_PREFIX}%' AND key_hash <> $1 AND revoked_at IS NULL)`,
      [hash],
    );
    // Every start after the first: the key is stored, nothing to rotate.
    if (revoked === false && Number(others) === 0) return { kind: 'configured', name, stored: false, revoked: [] };
    if (revoked === true) return { kind: 'configured-revoked', name };
    const outcome = await db.$transaction(async (tx) => {
      const [stored] = await tx.$queryRawUnsafe<{ revoked: boolean }[]>(
        `SELECT revoked_at IS NOT NULL AS revoked FROM api_key WHERE key_hash = $1`,
        hash,
      );
      if (stored?.revoked) return { kind: 'configured-revoked', name } as const;
      const old = await tx.$queryRawUnsafe<{ id: number; name: string }[]>(
        `UPDATE api_key SET revoked_at = ${NOW_UTC}
         WHERE name LIKE '${CONFIG_NAME_PREFIX}%' AND key_hash <> $1 AND revoked_at IS NULL RETURNING id, name`,
        hash,
      );
      for (const o of old) {
        await recordAudit(tx, {
          actor: CLI_ACTOR,
          role: null,
          action: 'REVOKE_API_KEY',
          target: o.name,
          rows: 1,
          details: { reason: 'ADMIN_API_KEY changed' },
        });
      }
      if (!stored) {
        await tx.$executeRawUnsafe(
          `INSERT INTO api_key (name, role, key_hash, prefix, created_at)
           VALUES ($1, 'ADMIN'::"Role", $2, $3, ${NOW_UTC})`,
          name,
          hash,
          keyPrefix(key),
        );
        await recordAudit(tx, {
          actor: CLI_ACTOR,
          role: null,
          action: 'CREATE_API_KEY',
          target: name,
          rows: 1,
          details: { role: 'ADMIN', source: 'ADMIN_API_KEY' },
        });
      }
      return {
        kind: 'configured',
        name,
        stored: !stored,
        revoked: old.map((o) => o.name),
        ids: old.map((o) => o.id),
      } as const;
    });
    if (outcome.kind === 'configured') {
      for (const id of outcome.ids) forgetCachedKeys(db, id);
      return { kind: 'configured', name: outcome.name, stored: outcome.stored, revoked: outcome.revoked };
    }
    return outcome;
  }
  const [any] = await readRow(db, `SELECT EXISTS (SELECT 1 FROM api_key)`, []);
  if (any === true) return { kind: 'none' };
  const created = await createApiKey(db, { name: FIRST_ADMIN_NAME, role: 'ADMIN' }, { actor: CLI_ACTOR, role: null });
  return { kind: 'created', name: created.info.name, key: created.key };
}

/** What the server prints at start about the outcome; the new key appears here, and only here. */
export function describeAdminKey(outcome: AdminKeyOutcome): string[] {
  switch (outcome.kind) {
    case 'created':
      return [
        'This store had no API key: created the ADMIN key "first-admin". It is shown this once; the store ' +
          'keeps only its hash:',
        '',
        `  ${outcome.key}`,
        '',
        'Send it as `Authorization: Bearer <key>`. Make the keys people need with it (the createApiKey mutation),',
        'then revoke it (revokeApiKey), or set ADMIN_API_KEY to have a key of your own choosing.',
      ];
    case 'configured':
      return [
        outcome.stored
          ? `ADMIN_API_KEY stored (hashed) as the ADMIN key "${outcome.name}".`
          : `ADMIN_API_KEY: the ADMIN key "${outcome.name}" is stored.`,
        ...(outcome.revoked.length
          ? [`Revoked the keys of earlier ADMIN_API_KEY values: ${outcome.revoked.join(', ')}.`]
          : []),
      ];
    case 'configured-revoked':
      return [
        `ADMIN_API_KEY is the key "${outcome.name}", which was revoked: it stays revoked. Set a new value to ` +
          `have a working ADMIN key.`,
      ];
    default:
      return [];
  }
}
