import type { SqlRunner } from '../db/sql';

export interface AuditRecord {
  /** API key name, or "cli". */
  actor: string;
  role: string | null;
  /** What was done, e.g. IMPORT_CSV, CREATE_AREA, UPDATE_OBJECTIVE, CREATE_API_KEY. */
  action: string;
  /** What it was done to, e.g. the CSV kind or the code written. */
  target: string | null;
  /** Rows written (inserted + replaced), 1 for a single write. */
  rows: number;
  details?: Record<string, unknown>;
}

/**
 * Records a write in the audit log. Call it inside the write's own transaction, so an
 * entry exists exactly when the write happened.
 */
export async function recordAudit(db: SqlRunner, entry: AuditRecord): Promise<void> {
  await db.$executeRawUnsafe(
    `INSERT INTO audit_log (actor, role, action, target, rows, details) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
    entry.actor,
    entry.role,
    entry.action,
    entry.target,
    entry.rows,
    entry.details === undefined ? null : JSON.stringify(entry.details),
  );
}
