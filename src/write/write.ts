/**
 * What every mutation of the write API shares: one transaction per mutation, writes
 * serialised by an advisory lock (so two writes never refresh the same rollup month at
 * once), the audit entry written inside that transaction, errors a client can act on,
 * and fresh per-request loaders afterwards so the rest of the document reads what was
 * written.
 */
import { GraphQLError } from 'graphql';
import { afterWrite, type Context } from '../context/context';
import type { SqlRunner } from '../db/sql';
import { recordAudit } from '../audit/audit.service';
import { BadUserInputError, NotFoundError } from '../errors/errors';
import type { RowError } from '../import/kinds';
import type { AreaRecord, CategoryRecord, PlanRecord } from '../loaders/dimension.loaders';

/**
 * Key of the transaction-scoped advisory lock every write takes. Imports that want to
 * run beside single writes safely can take the same lock.
 */
export const WRITE_LOCK_KEY = 20_131_104;

/**
 * Takes the lock every write takes, imports included, for the rest of the transaction: two
 * writers never refresh the same rollup month at once.
 */
export async function lockWrites(db: SqlRunner): Promise<void> {
  await db.$queryRawUnsafe(`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})) AS l`);
}

/** A rebuild of every rollup takes seconds on the seed; leave room for a large store. */
const TRANSACTION_OPTIONS = { timeout: 5 * 60_000, maxWait: 60_000 };

/** The audit entry of a write; actor and role come from the caller. */
export interface WriteAudit {
  /** e.g. UPSERT_AREA, SET_RECORDED_CRIME. */
  action: string;
  /** The code (or key) written. */
  target: string;
  /** Rows written: 1 for a single write, 0 when nothing changed (removing a row that was not there). */
  rows: number;
  details?: Record<string, unknown>;
}

/** Who the audit log names for a request: the API key's name, or "anonymous". */
export function actorOf(ctx: Context): { actor: string; role: string | null } {
  return { actor: ctx.caller?.name ?? 'anonymous', role: ctx.caller?.role ?? null };
}

/**
 * Runs one write in its own transaction: `work` validates and writes through `tx`, and
 * returns its result and audit entry. Any error thrown rolls everything back, audit
 * entry included, so nothing is half written.
 */
export async function runWrite<T>(
  ctx: Context,
  work: (tx: SqlRunner) => Promise<{ result: T; audit: WriteAudit }>,
): Promise<T> {
  const result = await ctx.prisma.$transaction(async (tx) => {
    await lockWrites(tx);
    const { result, audit } = await work(tx);
    await recordAudit(tx, { ...actorOf(ctx), ...audit });
    return result;
  }, TRANSACTION_OPTIONS);
  await afterWrite(ctx);
  return result;
}

/**
 * Turns the import's row errors into one BAD_USER_INPUT error. `fields` maps a CSV column
 * to the argument or input field a client sent it in; the reasons are the import's own.
 */
export function rowErrorsToGraphQL(errors: RowError[], fields: Record<string, string>, hint?: string): GraphQLError {
  const problems = errors.map((e) => ({
    field: e.column ? (fields[e.column] ?? e.column) : null,
    value: e.value,
    reason: e.reason,
  }));
  const message = `${problems.map((p) => p.reason).join('; ')}.${hint ? ` ${hint}` : ''}`;
  return new BadUserInputError(message, problems[0].field ?? undefined, { problems });
}

/** A NOT_FOUND error naming the code and the argument it came in. */
export function notFound(what: string, code: string, field: string, hint?: string): GraphQLError {
  const error = new NotFoundError(what, code, hint);
  Object.assign(error.extensions, { field });
  return error;
}

export interface AreaRow {
  id: number;
  code: string;
  name: string;
  level: string;
  parentId: number | null;
  parentCode: string | null;
}

/** Reads an area in the transaction; null when there is none. */
export async function findArea(db: SqlRunner, code: string): Promise<AreaRow | null> {
  const [row] = await db.$queryRawUnsafe<AreaRow[]>(
    `SELECT a.id, a.code, a.name, a.level::text AS level, a.parent_id AS "parentId", p.code AS "parentCode"
     FROM area a LEFT JOIN area p ON p.id = a.parent_id WHERE a.code = $1`,
    code,
  );
  return row ?? null;
}

export async function requireAreaIn(db: SqlRunner, code: string, field: string): Promise<AreaRow> {
  const area = await findArea(db, code);
  if (!area) throw notFound('area', code, field, 'Query `areas` lists the codes.');
  return area;
}

/** The record the Area type and its field resolvers read. */
export const toAreaRecord = (a: AreaRow): AreaRecord => ({
  id: a.id,
  code: a.code,
  name: a.name,
  level: a.level as AreaRecord['level'],
  parentId: a.parentId,
});

export interface CategoryRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  sensitive: boolean;
  parentId: number | null;
  parentCode: string | null;
}

export async function findCategory(db: SqlRunner, code: string): Promise<CategoryRow | null> {
  const [row] = await db.$queryRawUnsafe<CategoryRow[]>(
    `SELECT c.id, c.code, c.name, c.kind::text AS kind, c.sensitive, c.parent_id AS "parentId", p.code AS "parentCode"
     FROM crime_category c LEFT JOIN crime_category p ON p.id = c.parent_id WHERE c.code = $1`,
    code,
  );
  return row ?? null;
}

export async function requireCategoryIn(db: SqlRunner, code: string, field: string): Promise<CategoryRow> {
  const category = await findCategory(db, code);
  if (!category) throw notFound('crime category', code, field, 'Query `categories` lists the codes.');
  return category;
}

/** The record the CrimeCategory type and its field resolvers read. */
export const toCategoryRecord = (c: CategoryRow): CategoryRecord => ({
  id: c.id,
  code: c.code,
  name: c.name,
  kind: c.kind as CategoryRecord['kind'],
  parentId: c.parentId,
});

/** A plan as the writes read it: the snapshot's record. */
export type PlanRow = PlanRecord;

export async function findPlan(db: SqlRunner, code: string): Promise<PlanRow | null> {
  const [row] = await db.$queryRawUnsafe<PlanRow[]>(
    `SELECT id, code, name, financial_year AS "financialYear", start_month AS "startMonth", end_month AS "endMonth"
     FROM plan WHERE code = $1`,
    code,
  );
  return row ?? null;
}

export async function requirePlanIn(db: SqlRunner, code: string, field: string): Promise<PlanRow> {
  const plan = await findPlan(db, code);
  if (!plan) throw notFound('plan', code, field, 'Query `plans` lists the codes; upsertPlan creates one.');
  return plan;
}

/** A string argument must not be blank; the message is the import's "name is required". */
export function requireText(value: string, field: string): string {
  const text = value.trim();
  if (!text) throw new BadUserInputError(`${field} is required.`, field);
  return text;
}

/** Says a count as people read it: 1,104. */
export const formatCount = (n: number): string => n.toLocaleString('en-GB');

/** A Float as the import reads numbers: plain decimals, never exponent notation. */
export const plainNumber = (n: number): string =>
  n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });

/** The value an optional Int argument sends to a CSV column: '' when absent. */
export const column = (n: number | null | undefined): string => (n === null || n === undefined ? '' : String(n));
