/**
 * Database faults a client can act on, recognised whichever way they arrive: a Prisma error
 * (P1001 and friends, or P2010 wrapping a driver adapter error), a `DriverAdapterError` from
 * the raw SQL path (`{ cause: { kind } }`), or a bare `pg` error that the adapter passes on
 * unconverted ("Connection terminated unexpectedly", the pool's connect timeout).
 */
import { GraphQLError } from 'graphql';

export const DatabaseErrorCode = {
  /** The database cannot be reached or dropped the connection: retry shortly. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** A statement ran longer than STATEMENT_TIMEOUT_MS and was cancelled. */
  STATEMENT_TIMEOUT: 'STATEMENT_TIMEOUT',
} as const;
export type DatabaseFault = (typeof DatabaseErrorCode)[keyof typeof DatabaseErrorCode];

/** Seconds a client is asked to wait before retrying (Retry-After). */
export const RETRY_AFTER_SECONDS = 5;

export const UNAVAILABLE_MESSAGE =
  `The database is unavailable: the request was not completed. Retry in a few ` +
  `seconds (Retry-After: ${RETRY_AFTER_SECONDS}).`;
export function statementTimeoutMessage(timeoutMs?: number): string {
  return (
    `A database statement took longer than the statement ` +
    `timeout${timeoutMs ? ` (${timeoutMs} ms, STATEMENT_TIMEOUT_MS)` : ''} and was cancelled: ask for less ` +
    `(fewer areas, categories or months), or retry later if the server is busy.`
  );
}

// Prisma: can't reach server, timed out reaching it, server closed the connection, pool timeout, connection error.
const PRISMA_UNAVAILABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
// Driver adapter error kinds (@prisma/driver-adapter-utils) that mean the connection, not the query, failed.
const ADAPTER_UNAVAILABLE = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/**
 * SQLSTATEs: class 08 (connection exception), 57P01-57P03 (shutdown, crash, cannot connect now), 53300 (too many
 * connections).
 */
const unavailableSqlState = (code: string) =>
  code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code);
// pg and pg-pool raise these as plain Errors with no code.
const UNAVAILABLE_MESSAGES = new RegExp(
  [
    'connection terminated',
    'timeout exceeded when trying to connect',
    'connection timeout',
    'server has closed the connection',
    "can't reach database server",
    'connection (?:is )?(?:closed|ended)',
    'client has encountered a connection error',
    'econnrefused',
    'econnreset',
  ].join('|'),
  'i',
);

type Loose = { [key: string]: unknown } | null | undefined;

function fromSqlState(code: unknown): DatabaseFault | null {
  if (typeof code !== 'string') return null;
  if (code === '57014') return DatabaseErrorCode.STATEMENT_TIMEOUT;
  return unavailableSqlState(code) ? DatabaseErrorCode.SERVICE_UNAVAILABLE : null;
}

/** A driver adapter error's cause: `{ kind, code?, originalCode? }`. */
function fromAdapterCause(cause: Loose): DatabaseFault | null {
  if (!cause || typeof cause !== 'object') return null;
  if (typeof cause.kind === 'string' && ADAPTER_UNAVAILABLE.has(cause.kind))
    return DatabaseErrorCode.SERVICE_UNAVAILABLE;
  return fromSqlState(cause.originalCode ?? cause.code);
}

/** A name or message as text: drivers set strings; anything else names nothing we look for. */
const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

function classifyOne(error: Loose): DatabaseFault | null {
  if (!error || typeof error !== 'object') return null;
  const name = textOf(error.name ?? (error.constructor as { name?: string } | undefined)?.name);
  const code = error.code ?? error.errorCode;
  if (name === 'DriverAdapterError') return fromAdapterCause(error.cause as Loose);
  if (name.startsWith('PrismaClient')) {
    if (typeof code === 'string' && PRISMA_UNAVAILABLE.has(code)) return DatabaseErrorCode.SERVICE_UNAVAILABLE;
    const adapterError = (error.meta as Loose)?.driverAdapterError as Loose;
    const found = fromAdapterCause(adapterError?.cause as Loose);
    if (found) return found;
    // P2010 (raw query failed) without the adapter's detail names the SQLSTATE in its message.
    const state = /Code: `(\w{5})`/.exec(textOf(error.message))?.[1];
    if (fromSqlState(state)) return fromSqlState(state);
    if (name === 'PrismaClientInitializationError' || name === 'PrismaClientRustPanicError')
      return DatabaseErrorCode.SERVICE_UNAVAILABLE;
  }
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code)) return DatabaseErrorCode.SERVICE_UNAVAILABLE;
    // A pg DatabaseError carries a severity next to its SQLSTATE.
    if (typeof error.severity === 'string' && fromSqlState(code)) return fromSqlState(code);
  }
  // Our own errors (GraphQLError) are never read by message: a user's input could contain these words.
  if (error instanceof Error && !(error instanceof GraphQLError) && UNAVAILABLE_MESSAGES.test(error.message))
    return DatabaseErrorCode.SERVICE_UNAVAILABLE;
  return null;
}

/**
 * The fault an error (or anything it wraps: GraphQL's `originalError`, `cause`, an
 * AggregateError's errors) stands for; null when it is not a database fault of these kinds.
 */
export function databaseFault(error: unknown, depth = 0): DatabaseFault | null {
  if (!error || typeof error !== 'object' || depth > 5) return null;
  const found = classifyOne(error as Loose);
  if (found) return found;
  const e = error as { originalError?: unknown; cause?: unknown; errors?: unknown };
  for (const inner of [e.originalError, e.cause, ...(Array.isArray(e.errors) ? (e.errors as unknown[]) : [])]) {
    const f = databaseFault(inner, depth + 1);
    if (f) return f;
  }
  return null;
}

/** The GraphQL error a client gets for a database fault. */
export function databaseFaultError(fault: DatabaseFault, statementTimeoutMs?: number): GraphQLError {
  return fault === DatabaseErrorCode.STATEMENT_TIMEOUT
    ? new GraphQLError(statementTimeoutMessage(statementTimeoutMs), {
        extensions: { code: fault, ...(statementTimeoutMs ? { timeoutMs: statementTimeoutMs } : {}) },
      })
    : new GraphQLError(UNAVAILABLE_MESSAGE, { extensions: { code: fault, retryAfterSeconds: RETRY_AFTER_SECONDS } });
}
