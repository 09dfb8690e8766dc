import { AsyncLocalStorage } from 'node:async_hooks';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { readReplicas } from '@prisma/extension-read-replicas';
import { Pool } from 'pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client';
import { applyMigrations } from './migrate';
import { lockPgliteFolder } from './pglite-lock';

/**
 * Counts SQL statements at the driver, below Prisma: every statement Prisma sends, ORM
 * or raw, passes through the adapter. A request's Prisma calls go through
 * `countedClient(prisma, counter)`, which runs each call (a model operation, `$transaction`,
 * `$queryRaw`...) in a scope, and what the call sends to the driver is counted into it.
 *
 * The scope is an AsyncLocalStorage entered only for the duration of ORM calls and disabled
 * when none is in flight: while enabled, Node runs a hook on every promise of the process
 * (about a tenth of a league table's CPU when the scope spanned whole requests).
 *
 * The figures' loaders do not go through Prisma: they send their SQL to the same driver
 * adapter through `rawSql(prisma).query(counter, ...)`, which counts the statement into the
 * counter it is given as it hands it to the driver (and not again into the scope). Those
 * statements cost no Prisma client work (0.14 ms a call, and a row object per row), and a
 * server that only reads figures never loads Prisma's query compiler (about 65 MB of
 * WebAssembly, loaded by the first ORM or `$queryRaw` call).
 */
export interface StatementCounter {
  statements: number;
}
const statementScope = new AsyncLocalStorage<StatementCounter>();
let totalStatements = 0;

/** ORM calls in flight in any request; the scope's hooks are disabled when it returns to 0. */
let ormCallsInFlight = 0;

function settleOrmCall(): void {
  ormCallsInFlight -= 1;
  if (ormCallsInFlight === 0) statementScope.disable();
}

/** Runs one ORM call in the counter's scope. A PrismaPromise runs when awaited: it is awaited inside. */
function inScope<T>(counter: StatementCounter, call: () => T): Promise<Awaited<T>> {
  ormCallsInFlight += 1;
  let result: Promise<Awaited<T>>;
  try {
    result = statementScope.run(counter, () => Promise.resolve(call()));
  } catch (err) {
    settleOrmCall();
    throw err;
  }
  return result.finally(settleOrmCall);
}

/** Top-level client methods that send SQL. */
const SQL_METHODS = new Set([
  '$transaction',
  '$queryRaw',
  '$executeRaw',
  '$queryRawUnsafe',
  '$executeRawUnsafe',
  '$queryRawTyped',
]);
/** The client a counted client wraps, for lookups keyed by client (rawSql, primaryOf). */
const clientOf = new WeakMap<object, PrismaClient>();

/**
 * The client as a request sees it: every statement its ORM calls send is counted into
 * `counter`. Other members (`$primary`, `$disconnect`...) are the client's own.
 */
export function countedClient(prisma: PrismaClient, counter: StatementCounter): PrismaClient {
  const delegates = new Map<string, unknown>();
  const counted = new Proxy(prisma, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof prop !== 'string') return value;
      if (typeof value === 'function') {
        const fn = value as (...a: unknown[]) => unknown;
        return SQL_METHODS.has(prop)
          ? (...args: unknown[]) => inScope(counter, () => fn.apply(target, args))
          : fn.bind(target);
      }
      // A model delegate (prisma.area): each of its operations counted.
      if (value && typeof value === 'object' && !prop.startsWith('$') && !prop.startsWith('_')) {
        let delegate = delegates.get(prop);
        if (!delegate) {
          delegate = new Proxy(value, {
            get(d, op) {
              const member = Reflect.get(d, op, d) as unknown;
              if (typeof member !== 'function') return member;
              const fn = member as (...a: unknown[]) => unknown;
              return (...args: unknown[]) => inScope(counter, () => fn.apply(d, args));
            },
          });
          delegates.set(prop, delegate);
        }
        return delegate;
      }
      return value;
    },
  });
  clientOf.set(counted, prisma);
  return counted;
}

/** The client itself, whether given it or a counted view of it (for state kept per client). */
export function clientBehind<T extends object>(prisma: T): T {
  return (clientOf.get(prisma) as T | undefined) ?? prisma;
}
const unwrap = (prisma: PrismaClient): PrismaClient => clientBehind(prisma);
export function statementsSoFar(): number {
  return totalStatements;
}

const logStatements = Boolean(process.env.LOG_SQL);

function logStatement(sql: string): void {
  process.stderr.write(`sql: ${sql.replace(/\s+/g, ' ').slice(0, 160)}\n`);
}

/**
 * Transaction control is not counted: PostgreSQL's adapter sends COMMIT and ROLLBACK as
 * statements and PGlite's does not, and a count that differed by store would mean nothing.
 */
const TRANSACTION_CONTROL = /^\s*(BEGIN|COMMIT|ROLLBACK)\b/i;

function onStatement(query: SqlQuery): void {
  if (logStatements) logStatement(query.sql);
  if (query.sql.length < 16 && TRANSACTION_CONTROL.test(query.sql)) return;
  totalStatements += 1;
  const scope = statementScope.getStore();
  if (scope) scope.statements += 1;
}

function countingQueryable<
  T extends { queryRaw(q: SqlQuery): Promise<unknown>; executeRaw(q: SqlQuery): Promise<number> },
>(target: T): T {
  const queryRaw = target.queryRaw.bind(target);
  const executeRaw = target.executeRaw.bind(target);
  return Object.assign(target, {
    queryRaw: (q: SqlQuery) => (onStatement(q), queryRaw(q)),
    executeRaw: (q: SqlQuery) => (onStatement(q), executeRaw(q)),
    [UNCOUNTED_QUERY]: queryRaw,
  });
}
const UNCOUNTED_QUERY = Symbol('uncounted queryRaw');

function countingAdapter(adapter: SqlDriverAdapter, pglite?: PGlite): SqlDriverAdapter {
  const startTransaction = adapter.startTransaction.bind(adapter);
  countingQueryable(adapter);
  adapter.startTransaction = async (isolation) => countingQueryable(await startTransaction(isolation));
  if (pglite) {
    // pglite-prisma-adapter's executeScript does not await PGlite's exec, so a failing
    // migration would pass silently; await it so errors reach the schema engine.
    adapter.executeScript = async (script: string) => {
      await pglite.exec(script);
    };
  }
  return adapter;
}

/**
 * The factory Prisma (and the schema engine) connect through. Every caller shares one
 * connected adapter (one pg Pool) until it is disposed, so the raw queries of `rawSql` and
 * Prisma's own use the same connections.
 */
function countingFactory(
  factory: SqlMigrationAwareDriverAdapterFactory,
  pglite?: PGlite,
): SqlMigrationAwareDriverAdapterFactory & { connected?: Promise<SqlDriverAdapter> } {
  const wrapper: SqlMigrationAwareDriverAdapterFactory & { connected?: Promise<SqlDriverAdapter> } = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => {
      wrapper.connected ??= factory.connect().then((raw) => {
        const adapter = countingAdapter(raw, pglite);
        const dispose = adapter.dispose.bind(adapter);
        adapter.dispose = async () => {
          if (wrapper.connected) wrapper.connected = undefined;
          await dispose();
        };
        return adapter;
      });
      wrapper.connected.catch(() => (wrapper.connected = undefined));
      return wrapper.connected;
    },
    connectToShadowDb: async () => factory.connectToShadowDb(),
  };
  return wrapper;
}

/** Raw SQL straight to the driver, each statement counted into the counter given. */
export interface RawSql {
  /** Rows as arrays of column values, in the order of the SELECT list. */
  query(counter: StatementCounter | null, sql: string, args?: unknown[]): Promise<unknown[][]>;
}

const rawSqlOf = new WeakMap<object, RawSql>();

/** Called by openDatabase: the raw SQL path of a client, through the factory it connects with. */
export function registerRawSql(
  prisma: PrismaClient,
  factory: SqlMigrationAwareDriverAdapterFactory & { connected?: Promise<SqlDriverAdapter> },
): void {
  const argTypes = (args: unknown[]): SqlQuery['argTypes'] =>
    args.map((a) => ({
      scalarType: typeof a === 'number' || (Array.isArray(a) && typeof a[0] === 'number') ? 'int' : 'string',
      arity: Array.isArray(a) ? 'list' : 'scalar',
    }));
  rawSqlOf.set(prisma, {
    async query(counter, sql, args = []) {
      const adapter = (await factory.connect()) as SqlDriverAdapter & {
        [UNCOUNTED_QUERY]: (q: SqlQuery) => Promise<{ rows: unknown[][] }>;
      };
      if (logStatements) logStatement(sql);
      totalStatements += 1;
      if (counter) counter.statements += 1;
      return (await adapter[UNCOUNTED_QUERY]({ sql, args, argTypes: argTypes(args) })).rows;
    },
  });
  // Closing the client closes the shared adapter even when only raw SQL has used it.
  const disconnect = prisma.$disconnect.bind(prisma);
  prisma.$disconnect = async () => {
    await disconnect();
    const connected = factory.connected;
    if (connected) await (await connected).dispose();
  };
}

/** The raw SQL path of a client, when it was opened by openDatabase. */
export function rawSqlIfAny(prisma: PrismaClient): RawSql | undefined {
  return rawSqlOf.get(unwrap(prisma));
}

/** The raw SQL path of a client opened by openDatabase. */
export function rawSql(prisma: PrismaClient): RawSql {
  const sql = rawSqlOf.get(unwrap(prisma));
  if (!sql) throw new Error('rawSql: this PrismaClient was not opened by openDatabase');
  return sql;
}

export type StoreKind = 'pglite' | 'postgres';

/** A connection pool's occupancy, for metrics. */
export interface PoolStats {
  /** `primary`, or `replica1`, `replica2`, ... in DATABASE_REPLICA_URLS order. */
  name: string;
  total: number;
  idle: number;
  /** Queries waiting for a connection: the pool is exhausted. */
  waiting: number;
}

export interface Database {
  readonly kind: StoreKind;
  /**
   * The client of the whole server. With read replicas it carries Prisma's read-replica
   * extension: model reads (findMany, count, ...) outside a transaction go to a replica,
   * everything else (writes, transactions, $queryRaw) to the primary.
   */
  readonly prisma: PrismaClient;
  /** The primary alone: writes, and reads that must see them. The same client as `prisma` without replicas. */
  readonly primary: PrismaClient;
  /** How many read replicas reads are spread over; 0 when every read goes to the primary. */
  readonly replicaCount: number;
  /**
   * The client a request's loaders read through (raw SQL, which the extension does not route):
   * the next replica in turn, or the primary when there are none.
   */
  reader(): PrismaClient;
  /** The primary and each replica by name, for readiness checks. */
  readonly clients: readonly { name: string; prisma: PrismaClient }[];
  /** Connection pool occupancy (PostgreSQL; none for PGlite). */
  poolStats(): PoolStats[];
  /** The adapter factory, for the schema engine (migrations). */
  readonly adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Where the data lives, for logs: the PostgreSQL host or the PGlite folder. */
  readonly location: string;
  /** PGlite only: the whole data folder as a tarball, for `pgliteLoadDataDir`. */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, an embedded PGlite store is used. */
  databaseUrl?: string;
  /** PostgreSQL read replicas (DATABASE_REPLICA_URLS); reads are spread over them, writes go to databaseUrl. */
  replicaUrls?: string[];
  /** PostgreSQL `statement_timeout` of every pooled connection, in ms (STATEMENT_TIMEOUT_MS); none when absent. */
  statementTimeoutMs?: number;
  /** Connections per pool (DATABASE_POOL_SIZE); pg's default of 10 when absent. */
  poolSize?: number;
  /** PGlite data folder; when absent, PGlite keeps everything in memory. */
  pgliteDataDir?: string;
  /**
   * A PGlite data folder dumped by `dumpDataDir`, to start an in-memory store from (tests start each suite from one
   * copy).
   */
  pgliteLoadDataDir?: Blob;
  /** Apply pending migrations on open (always done for PGlite). */
  migrate?: boolean;
}

/**
 * How long a query waits for a new connection before failing (SERVICE_UNAVAILABLE), rather than hanging while the
 * database is down.
 */
const CONNECT_TIMEOUT_MS = 5_000;

/** DATABASE_REPLICA_URLS: comma-separated PostgreSQL URLs; a bad one stops the server at start with a message. */
export function parseReplicaUrls(raw: string | undefined): string[] {
  const urls = (raw ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  for (const u of urls) {
    let ok: boolean;
    try {
      ok = ['postgres:', 'postgresql:'].includes(new URL(u).protocol);
    } catch {
      ok = false;
    }
    if (!ok)
      throw new Error(
        'DATABASE_REPLICA_URLS must be comma-separated postgresql:// URLs; ' +
          `"${u.replace(/\/\/[^@/]*@/, '//***@')}" is not one.`,
      );
  }
  return urls;
}

/** Our own pool (not the adapter's) so its occupancy can be read for metrics. */
function openPool(url: string, options: DatabaseOptions): Pool {
  const pool = new Pool({
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ...(options.poolSize ? { max: options.poolSize } : {}),
    // Sent with each new connection: a runaway statement is cancelled by PostgreSQL (SQLSTATE 57014).
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  // An idle connection that dies (database restart, network cut) is reported here; the pool drops it
  // and opens a new one when next needed. Without a listener the process would crash.
  pool.on('error', () => undefined);
  return pool;
}

const displayUrl = (url: string) => {
  const u = new URL(url);
  return `postgresql://${u.host}${u.pathname}`;
};

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.databaseUrl) {
    if (options.migrate) {
      // Migrations on a pool of their own, without the statement timeout a long migration would hit.
      const migrationPool = new Pool({ connectionString: options.databaseUrl });
      migrationPool.on('error', () => undefined);
      try {
        await applyMigrations(countingFactory(new PrismaPg(migrationPool)));
      } finally {
        await migrationPool.end();
      }
    }
    const open = (url: string) => {
      const pool = openPool(url, options);
      const factory = countingFactory(new PrismaPg(pool));
      const client = new PrismaClient({ adapter: factory });
      registerRawSql(client, factory);
      return { pool, factory, client };
    };
    const primary = open(options.databaseUrl);
    const replicas = (options.replicaUrls ?? []).map(open);
    const prisma = replicas.length
      ? (primary.client.$extends(
          readReplicas({ replicas: replicas.map((r) => r.client) as never }),
        ) as unknown as PrismaClient)
      : primary.client;
    // The extended client is a client of its own: its raw SQL (and $disconnect) is the primary's.
    if (prisma !== primary.client) registerRawSql(prisma, primary.factory);
    let next = 0;
    const named = [{ name: 'primary', ...primary }, ...replicas.map((r, i) => ({ name: `replica${i + 1}`, ...r }))];
    return {
      kind: 'postgres',
      prisma,
      primary: primary.client,
      replicaCount: replicas.length,
      reader: () => (replicas.length ? replicas[next++ % replicas.length].client : primary.client),
      clients: named.map((n) => ({ name: n.name, prisma: n.client })),
      poolStats: () =>
        named.map((n) => ({
          name: n.name,
          total: n.pool.totalCount,
          idle: n.pool.idleCount,
          waiting: n.pool.waitingCount,
        })),
      adapterFactory: primary.factory,
      location: [
        displayUrl(options.databaseUrl),
        ...(replicas.length ? [`(reads from ${(options.replicaUrls ?? []).map(displayUrl).join(', ')})`] : []),
      ].join(' '),
      close: async () => {
        await Promise.all(named.map((n) => n.client.$disconnect()));
        await Promise.all(named.map((n) => n.pool.end()));
      },
    };
  }
  if (options.replicaUrls?.length)
    throw new Error('DATABASE_REPLICA_URLS needs DATABASE_URL: read replicas are PostgreSQL servers.');
  // One process at a time on a folder (src/db/pglite-lock.ts); refused here, before PGlite opens it.
  const unlock = options.pgliteDataDir ? lockPgliteFolder(options.pgliteDataDir) : () => undefined;
  let pglite: PGlite;
  let factory: ReturnType<typeof countingFactory>;
  try {
    pglite = new PGlite(
      options.pgliteDataDir ?? 'memory://',
      options.pgliteLoadDataDir ? { loadDataDir: options.pgliteLoadDataDir } : {},
    );
    await pglite.waitReady;
    factory = countingFactory(new PrismaPGlite(pglite), pglite);
    await applyMigrations(factory);
  } catch (err) {
    unlock();
    throw err;
  }
  const prisma = new PrismaClient({ adapter: factory });
  registerRawSql(prisma, factory);
  return {
    kind: 'pglite',
    prisma,
    primary: prisma,
    replicaCount: 0,
    reader: () => prisma,
    clients: [{ name: 'primary', prisma }],
    poolStats: () => [],
    adapterFactory: factory,
    location: options.pgliteDataDir ? `PGlite in ${options.pgliteDataDir}` : 'PGlite in memory',
    dumpDataDir: () => pglite.dumpDataDir('none'),
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
      unlock();
    },
  };
}

/**
 * The primary behind a client that may carry the read-replica extension (`$primary()`); the client itself otherwise.
 */
export function primaryOf(prisma: PrismaClient): PrismaClient {
  const extended = unwrap(prisma) as PrismaClient & { $primary?: () => PrismaClient };
  return typeof extended.$primary === 'function' ? extended.$primary() : prisma;
}
