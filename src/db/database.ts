import { AsyncLocalStorage } from 'node:async_hooks';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client';
import { applyMigrations } from './migrate';

/**
 * Counts SQL statements at the driver, below Prisma: every statement Prisma sends, ORM
 * or raw, passes through the adapter. A request opens a scope with `countStatements`,
 * and everything it awaits (DataLoader batches included) is counted into that scope.
 */
export interface StatementCounter {
  statements: number;
}
const statementScope = new AsyncLocalStorage<StatementCounter>();
let totalStatements = 0;

export function countStatements<T>(counter: StatementCounter, run: () => T): T {
  return statementScope.run(counter, run);
}
export function statementsSoFar(): number {
  return totalStatements;
}

const logStatements = Boolean(process.env.LOG_SQL);

function onStatement(query: SqlQuery): void {
  if (logStatements) process.stderr.write(`sql: ${query.sql.replace(/\s+/g, ' ').slice(0, 160)}\n`);
  totalStatements += 1;
  const scope = statementScope.getStore();
  if (scope) scope.statements += 1;
}

function countingQueryable<T extends { queryRaw(q: SqlQuery): Promise<unknown>; executeRaw(q: SqlQuery): Promise<number> }>(
  target: T,
): T {
  const queryRaw = target.queryRaw.bind(target);
  const executeRaw = target.executeRaw.bind(target);
  return Object.assign(target, {
    queryRaw: (q: SqlQuery) => (onStatement(q), queryRaw(q)),
    executeRaw: (q: SqlQuery) => (onStatement(q), executeRaw(q)),
  });
}

function countingAdapter(adapter: SqlDriverAdapter, pglite?: PGlite): SqlDriverAdapter {
  const startTransaction = adapter.startTransaction.bind(adapter);
  countingQueryable(adapter);
  adapter.startTransaction = async (isolation) => countingQueryable((await startTransaction(isolation)) as Transaction);
  if (pglite) {
    // pglite-prisma-adapter's executeScript does not await PGlite's exec, so a failing
    // migration would pass silently; await it so errors reach the schema engine.
    adapter.executeScript = async (script: string) => {
      await pglite.exec(script);
    };
  }
  return adapter;
}

function countingFactory(factory: SqlMigrationAwareDriverAdapterFactory, pglite?: PGlite): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => countingAdapter(await factory.connect(), pglite),
    connectToShadowDb: async () => factory.connectToShadowDb(),
  };
}

export type StoreKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: StoreKind;
  readonly prisma: PrismaClient;
  /** The adapter factory, for the schema engine (migrations). */
  readonly adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Where the data lives, for logs: the PostgreSQL host or the PGlite folder. */
  readonly location: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, an embedded PGlite store is used. */
  databaseUrl?: string;
  /** PGlite data folder; when absent, PGlite keeps everything in memory. */
  pgliteDataDir?: string;
  /** Apply pending migrations on open (always done for PGlite). */
  migrate?: boolean;
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.databaseUrl) {
    const factory = countingFactory(new PrismaPg({ connectionString: options.databaseUrl }));
    if (options.migrate) await applyMigrations(factory);
    const prisma = new PrismaClient({ adapter: factory });
    const url = new URL(options.databaseUrl);
    return {
      kind: 'postgres',
      prisma,
      adapterFactory: factory,
      location: `postgresql://${url.host}${url.pathname}`,
      close: () => prisma.$disconnect(),
    };
  }
  const pglite = new PGlite(options.pgliteDataDir ?? 'memory://');
  await pglite.waitReady;
  const factory = countingFactory(new PrismaPGlite(pglite), pglite);
  await applyMigrations(factory);
  const prisma = new PrismaClient({ adapter: factory });
  return {
    kind: 'pglite',
    prisma,
    adapterFactory: factory,
    location: options.pgliteDataDir ? `PGlite in ${options.pgliteDataDir}` : 'PGlite in memory',
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}
