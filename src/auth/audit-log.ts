/** Reading the audit log (src/audit/audit.service.ts writes it), newest first, a page at a time. */
import type { PrismaClient } from '../generated/prisma/client';
import { BadUserInputError } from '../errors/errors';

export const DEFAULT_AUDIT_PAGE = 50;
export const MAX_AUDIT_PAGE = 500;

export interface AuditQuery {
  /** Page size: 1 or more, capped at 500. */
  first: number;
  /** Entries with an id below this one (the last id of the previous page). */
  after?: number | null;
  actor?: string | null;
  action?: string | null;
}

export interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  role: string | null;
  action: string;
  target: string | null;
  rows: number;
  details: Record<string, unknown> | null;
}

const asDate = (d: Date | string) =>
  d instanceof Date ? d : new Date(`${d}${/[zZ]|[+-]\d\d:?\d\d$/.test(d) ? '' : 'Z'}`);

/** One page of entries, newest first (by id, which follows commit order closely), in one statement. */
export async function readAuditLog(db: Pick<PrismaClient, '$queryRawUnsafe'>, query: AuditQuery): Promise<AuditRow[]> {
  if (!Number.isInteger(query.first) || query.first < 1)
    throw new BadUserInputError(`first must be 1 or more; got ${query.first}.`, 'first');
  const limit = Math.min(query.first, MAX_AUDIT_PAGE);
  const rows = await db.$queryRawUnsafe<(Omit<AuditRow, 'at' | 'details'> & { at: Date | string; details: unknown })[]>(
    `SELECT id, at, actor, role, action, target, rows, details
     FROM audit_log
     WHERE ($1::int IS NULL OR id < $1::int) AND ($2::text IS NULL OR actor = $2::text) AND ($3::text IS NULL OR
       action = $3::text)
     ORDER BY id DESC
     LIMIT $4::int`,
    query.after ?? null,
    query.actor ?? null,
    query.action ?? null,
    limit,
  );
  return rows.map((r) => ({
    ...r,
    at: asDate(r.at),
    details:
      typeof r.details === 'string'
        ? (JSON.parse(r.details) as Record<string, unknown>)
        : ((r.details as Record<string, unknown> | null) ?? null),
  }));
}
