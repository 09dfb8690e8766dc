/**
 * API keys: created and revoked from the command line (scripts/apikey.ts) or by an ADMIN
 * through the API. A key is `ppa_` + 32 random bytes in base64url (256 bits), shown once when
 * created; the store keeps only its SHA-256 hash and its first characters (the prefix), so a
 * leaked database yields no usable key and people can still tell keys apart. Every create and
 * revoke is written to the audit log in the same transaction.
 */
import { createHash, randomBytes } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { recordAudit } from '../audit/audit.service';
import { BadUserInputError, ErrorCode } from '../errors/errors';
import type { PrismaClient } from '../generated/prisma/client';
import { forgetCachedKeys } from './key-cache';
import { ROLES, isRole, type Role } from './roles';

export const KEY_PREFIX = 'ppa_';
/** `ppa_` and 43 base64url characters (32 bytes). */
export const KEY_PATTERN = /^ppa_[A-Za-z0-9_-]{43}$/;
/**
 * Characters of the key kept in the clear: `ppa_` and 8 more (48 bits: enough to tell keys apart, useless to guess the
 * rest).
 */
export const PREFIX_LENGTH = 12;

/** What is known about a key without its secret. */
export interface ApiKeyInfo {
  id: number;
  name: string;
  role: Role;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** Who asked for a change to the keys, for the audit log: a key's owner, or "cli". */
export interface KeyActor {
  actor: string;
  role: string | null;
}

export function generateKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function keyPrefix(key: string): string {
  return key.slice(0, PREFIX_LENGTH);
}

/** Names are the actor of the audit log: reserved actor names are refused. */
const RESERVED_NAMES = new Set(['cli', 'anonymous']);
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,99}$/;

export function validateKeyName(raw: string): string {
  const name = raw.trim();
  if (!NAME_PATTERN.test(name)) {
    throw new BadUserInputError(
      `A key name is 1 to 100 characters: letters, digits, spaces and . _ @ -, starting with a letter or ` +
        `digit; got "${raw}".`,
      'name',
    );
  }
  if (RESERVED_NAMES.has(name.toLowerCase())) {
    throw new BadUserInputError(`"${name}" is reserved for the audit log's own actors; choose another name.`, 'name');
  }
  return name;
}

function keyNotFound(name: string): GraphQLError {
  return new GraphQLError(
    `No API key is named "${name}". \`npm run apikey -- list\` (or the apiKeys query) lists them.`,
    {
      extensions: { code: ErrorCode.NOT_FOUND, what: 'API key', value: name, field: 'name' },
    },
  );
}

interface KeyRow {
  id: number;
  name: string;
  role: Role;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** The columns are TIMESTAMP without time zone, read by Prisma as UTC: write UTC whatever the session's zone. */
export const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

const KEY_COLUMNS =
  `id, name, role::text AS role, prefix, created_at AS "createdAt", revoked_at AS "revokedAt", ` +
  `last_used_at AS "lastUsedAt"`;

/** Prisma's raw queries may return timestamps as Date or as text, depending on the adapter. */
function toInfo(row: KeyRow): ApiKeyInfo {
  const date = (d: Date | string | null) =>
    d === null ? null : d instanceof Date ? d : new Date(`${d}${/[zZ]|[+-]\d\d:?\d\d$/.test(d) ? '' : 'Z'}`);
  return { ...row, createdAt: date(row.createdAt)!, revokedAt: date(row.revokedAt), lastUsedAt: date(row.lastUsedAt) };
}

type Db = Pick<PrismaClient, '$transaction' | '$queryRawUnsafe' | '$executeRawUnsafe'>;

/**
 * Creates a key and returns it with its record: the only time the key exists outside the
 * caller's hands. A name already taken (by a live or a revoked key) is refused.
 */
export async function createApiKey(
  db: Db,
  input: { name: string; role: string },
  by: KeyActor,
): Promise<{ key: string; info: ApiKeyInfo }> {
  const name = validateKeyName(input.name);
  if (!isRole(input.role))
    throw new BadUserInputError(`Unknown role "${input.role}": roles are ${ROLES.join(', ')}.`, 'role');
  const role = input.role;
  const key = generateKey();
  const info = await db.$transaction(async (tx) => {
    const existing = await tx.$queryRawUnsafe<KeyRow[]>(`SELECT ${KEY_COLUMNS} FROM api_key WHERE name = $1`, name);
    if (existing.length) throw duplicateName(toInfo(existing[0]));
    let rows: KeyRow[];
    try {
      rows = await tx.$queryRawUnsafe<KeyRow[]>(
        `INSERT INTO api_key (name, role, key_hash, prefix, created_at) VALUES ($1, $2::"Role", $3, $4, ` +
          `${NOW_UTC}) RETURNING ${KEY_COLUMNS}`,
        name,
        role,
        hashKey(key),
        keyPrefix(key),
      );
    } catch (err) {
      // Two creates with the same name at once: the unique index decides.
      if (
        /unique|duplicate|P2002|23505/i.test(
          String((err as Error)?.message ?? err) + String((err as { code?: string })?.code ?? ''),
        )
      ) {
        throw new BadUserInputError(`An API key named "${name}" already exists; choose another name.`, 'name');
      }
      throw err;
    }
    const created = toInfo(rows[0]);
    await recordAudit(tx, {
      ...by,
      action: 'CREATE_API_KEY',
      target: name,
      rows: 1,
      details: { role, prefix: created.prefix },
    });
    return created;
  });
  return { key, info };
}

function duplicateName(existing: ApiKeyInfo): GraphQLError {
  const state = existing.revokedAt
    ? `revoked on ${existing.revokedAt.toISOString()}; names are kept for the audit log`
    : `role ${existing.role}, prefix ${existing.prefix}`;
  return new BadUserInputError(
    `An API key named "${existing.name}" already exists (${state}); choose another name.`,
    'name',
  );
}

/**
 * Revokes a key: it stops working at once on this server and within the authentication cache's
 * lifetime (a few seconds) on any other. Revoking a revoked key is refused, so a typo is noticed.
 */
export async function revokeApiKey(db: Db, rawName: string, by: KeyActor): Promise<ApiKeyInfo> {
  const name = rawName.trim();
  const info = await db.$transaction(async (tx) => {
    const existing = await tx.$queryRawUnsafe<KeyRow[]>(
      `SELECT ${KEY_COLUMNS} FROM api_key WHERE name = $1 FOR UPDATE`,
      name,
    );
    if (!existing.length) throw keyNotFound(name);
    const before = toInfo(existing[0]);
    if (before.revokedAt) {
      throw new BadUserInputError(
        `The API key "${name}" was already revoked on ${before.revokedAt.toISOString()}.`,
        'name',
      );
    }
    const rows = await tx.$queryRawUnsafe<KeyRow[]>(
      `UPDATE api_key SET revoked_at = ${NOW_UTC} WHERE id = $1 RETURNING ${KEY_COLUMNS}`,
      before.id,
    );
    const revoked = toInfo(rows[0]);
    await recordAudit(tx, {
      ...by,
      action: 'REVOKE_API_KEY',
      target: name,
      rows: 1,
      details: { role: revoked.role, prefix: revoked.prefix },
    });
    return revoked;
  });
  forgetCachedKeys(db, info.id);
  return info;
}

/** Every key, newest first, without secrets (the store has none to give). */
export async function listApiKeys(db: Pick<PrismaClient, '$queryRawUnsafe'>): Promise<ApiKeyInfo[]> {
  const rows = await db.$queryRawUnsafe<KeyRow[]>(
    `SELECT ${KEY_COLUMNS} FROM api_key ORDER BY created_at DESC, id DESC`,
  );
  return rows.map(toInfo);
}

/** The live key with this hash, for authentication: one indexed statement. */
export async function findKeyByHash(
  db: Pick<PrismaClient, '$queryRawUnsafe'>,
  hash: string,
): Promise<ApiKeyInfo | null> {
  const rows = await db.$queryRawUnsafe<KeyRow[]>(`SELECT ${KEY_COLUMNS} FROM api_key WHERE key_hash = $1`, hash);
  return rows.length ? toInfo(rows[0]) : null;
}
