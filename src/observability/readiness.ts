/**
 * GET /ready: whether this instance should get traffic. Ready when the database answers and
 * has every migration of prisma/migrations applied, each read replica answers, the shared store
 * (Redis) answers, and the server is not draining. Each check is bounded in time, so a database
 * that hangs makes /ready fail promptly rather than hang the load balancer's probe.
 */
import { rawSql, type Database } from '../db/database';
import type { SharedStore } from '../shared-store/shared-store';

export interface ReadinessReport {
  status: 'ready' | 'not ready';
  /** The names of the checks that failed, e.g. ["database", "migrations"]. */
  failed: string[];
  /** Each check's outcome: "ok", or what is wrong. */
  checks: Record<string, string>;
}

export interface ReadinessInput {
  db: Database;
  store: SharedStore;
  /** The migration folder names the code expects applied. */
  expectedMigrations: readonly string[];
  draining: boolean;
  timeoutMs?: number;
}

const APPLIED_SQL = `SELECT migration_name FROM _prisma_migrations
  WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;

/** The expected migrations that are not applied, in order. */
export function missingMigrations(expected: readonly string[], applied: readonly string[]): string[] {
  const done = new Set(applied);
  return expected.filter((m) => !done.has(m));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const reason = (err: unknown) => {
  const e = err as { message?: string; cause?: { kind?: string } };
  return (
    (e?.cause?.kind ? `${e.cause.kind}: ` : '') +
      String(e?.message ?? err)
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 200) || 'failed'
  );
};

export async function checkReadiness(input: ReadinessInput): Promise<ReadinessReport> {
  const timeoutMs = input.timeoutMs ?? 2_000;
  const checks: Record<string, string> = {};
  const failed: string[] = [];
  const fail = (name: string, why: string) => {
    checks[name] = why;
    failed.push(name);
  };

  const database = (async () => {
    try {
      const rows = await withTimeout(rawSql(input.db.primary).query(null, APPLIED_SQL), timeoutMs);
      checks.database = 'ok';
      const missing = missingMigrations(
        input.expectedMigrations,
        rows.map((r) => String(r[0])),
      );
      if (missing.length)
        fail(
          'migrations',
          `not applied: ${missing.join(', ')} (run npm run db:migrate, or restart an instance: it migrates at start)`,
        );
      else checks.migrations = `ok (${input.expectedMigrations.length} applied)`;
    } catch (err) {
      fail('database', `unreachable: ${reason(err)}`);
      fail('migrations', 'unknown: the database did not answer');
    }
  })();
  const replicas = input.db.clients
    .filter((c) => c.name !== 'primary')
    .map(async (c) => {
      try {
        await withTimeout(rawSql(c.prisma).query(null, 'SELECT 1'), timeoutMs);
        checks[c.name] = 'ok';
      } catch (err) {
        fail(c.name, `unreachable: ${reason(err)}`);
      }
    });
  const store = (async () => {
    if (input.store.kind === 'memory') return void (checks.sharedStore = 'ok (memory: this instance only)');
    const ok = await withTimeout(input.store.ping(), timeoutMs).catch(() => false);
    if (ok) checks.sharedStore = 'ok (redis)';
    else fail('sharedStore', 'unreachable: Redis did not answer PING');
  })();
  await Promise.all([database, ...replicas, store]);
  if (input.draining) fail('draining', 'shutting down: finishing in-flight requests, taking no new work');
  return { status: failed.length ? 'not ready' : 'ready', failed, checks };
}
