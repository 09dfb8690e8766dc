/**
 * The pure parts of operations: which errors are database faults (and which code they get), the
 * request log line, error-code merging and the migrations readiness compares.
 */
import { GraphQLError } from 'graphql';
import { DriverAdapterError } from '@prisma/driver-adapter-utils';
import { DatabaseError } from 'pg-protocol';
import {
  PrismaClientInitializationError,
  PrismaClientKnownRequestError,
} from '../../src/generated/prisma/internal/prismaNamespace';
import { databaseFault, databaseFaultError } from '../../src/db/faults';
import { mergeErrorCodes, requestLogLine, type RequestRecord } from '../../src/observability/request-log';
import { missingMigrations } from '../../src/observability/readiness';

const known = (code: string, meta?: Record<string, unknown>, message = 'failed') =>
  new PrismaClientKnownRequestError(message, { code, clientVersion: '7.10.0', meta });
const socketError = (code: string) =>
  Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect', errno: -111 });
const pgError = (code: string, message: string) =>
  Object.assign(new DatabaseError(message, 100, 'error'), { code, severity: 'ERROR' });

describe('databaseFault', () => {
  test.each([
    ['Prisma P1001 (cannot reach the server)', known('P1001')],
    ['Prisma P1017 (server closed the connection)', known('P1017')],
    ['Prisma P2024 (pool timeout)', known('P2024')],
    [
      'Prisma P2010 wrapping DatabaseNotReachable',
      known('P2010', {
        driverAdapterError: {
          name: 'DriverAdapterError',
          cause: { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 },
        },
      }),
    ],
    [
      'Prisma P2010 wrapping SQLSTATE 57P01 (admin shutdown)',
      known('P2010', { driverAdapterError: { cause: { kind: 'postgres', code: '57P01', originalCode: '57P01' } } }),
    ],
    [
      'Prisma initialisation error',
      new PrismaClientInitializationError("Can't reach database server", '7.10.0', 'P1001'),
    ],
    ['DriverAdapterError ConnectionClosed', new DriverAdapterError({ kind: 'ConnectionClosed' })],
    ['DriverAdapterError SocketTimeout', new DriverAdapterError({ kind: 'SocketTimeout' })],
    [
      'DriverAdapterError TooManyConnections',
      new DriverAdapterError({ kind: 'TooManyConnections', cause: 'too many' }),
    ],
    ['ECONNREFUSED', socketError('ECONNREFUSED')],
    ['ECONNRESET', socketError('ECONNRESET')],
    ['pg: Connection terminated unexpectedly', new Error('Connection terminated unexpectedly')],
    ['pg-pool: connection timeout', new Error('Connection terminated due to connection timeout')],
    ['pg-pool: timeout exceeded when trying to connect', new Error('timeout exceeded when trying to connect')],
    ['pg DatabaseError 08006 (connection failure)', pgError('08006', 'connection failure')],
    ['pg DatabaseError 57P03 (cannot connect now)', pgError('57P03', 'the database system is starting up')],
    ['wrapped by GraphQL', new GraphQLError('x', { originalError: socketError('ECONNREFUSED') })],
    [
      'as a cause',
      new Error('outer', { cause: new DriverAdapterError({ kind: 'DatabaseNotReachable', host: 'db', port: 5432 }) }),
    ],
  ])('%s is SERVICE_UNAVAILABLE', (_, error) => {
    expect(databaseFault(error)).toBe('SERVICE_UNAVAILABLE');
  });

  test.each([
    [
      'Prisma P2010 wrapping 57014',
      known('P2010', { driverAdapterError: { cause: { kind: 'postgres', code: '57014', originalCode: '57014' } } }),
    ],
    [
      'Prisma P2010 naming 57014 in its message only',
      known(
        'P2010',
        undefined,
        'Raw query failed. Code: `57014`. Message: `canceling statement due to statement timeout`',
      ),
    ],
    [
      'DriverAdapterError postgres 57014',
      new DriverAdapterError({
        kind: 'postgres',
        code: '57014',
        severity: 'ERROR',
        message: 'canceling statement due to statement timeout',
        detail: undefined,
        column: undefined,
        hint: undefined,
        originalCode: '57014',
      } as never),
    ],
    ['pg DatabaseError 57014', pgError('57014', 'canceling statement due to statement timeout')],
  ])('%s is STATEMENT_TIMEOUT', (_, error) => {
    expect(databaseFault(error)).toBe('STATEMENT_TIMEOUT');
  });

  test.each([
    ['a unique violation', known('P2002')],
    [
      'a driver adapter constraint error',
      new DriverAdapterError({ kind: 'UniqueConstraintViolation', constraint: { fields: ['code'] } }),
    ],
    ['a syntax error (42601)', pgError('42601', 'syntax error')],
    ['our own error mentioning a connection', new GraphQLError('No area has the code "connection terminated".')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error', 'ECONNREFUSED'],
  ])('%s is not a database fault', (_, error) => {
    expect(databaseFault(error)).toBeNull();
  });

  test('the errors say what happened and what to do', () => {
    const unavailable = databaseFaultError('SERVICE_UNAVAILABLE');
    expect(unavailable.message).toMatch(/database is unavailable.*Retry in a few seconds/);
    expect(unavailable.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 });
    const timeout = databaseFaultError('STATEMENT_TIMEOUT', 250);
    expect(timeout.message).toContain('longer than the statement timeout (250 ms, STATEMENT_TIMEOUT_MS)');
    expect(timeout.extensions).toEqual({ code: 'STATEMENT_TIMEOUT', timeoutMs: 250 });
  });
});

describe('request log line', () => {
  const record: RequestRecord = {
    requestId: 'req-1',
    operationName: 'AllCrime',
    operationType: 'query',
    apiKey: 'dashboard',
    role: 'ANALYST',
    status: 200,
    durationMs: 12.3456,
    sqlStatements: 4,
    cost: { requested: 120, actual: 80 },
    cache: 'MISS',
    errorCodes: [],
  };

  test('one line of JSON with every field, the duration to 0.1 ms', () => {
    const line = requestLogLine(record, new Date('2026-01-02T03:04:05.000Z'));
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      time: '2026-01-02T03:04:05.000Z',
      level: 'info',
      msg: 'request',
      ...record,
      durationMs: 12.3,
    });
  });

  test('the level follows the outcome', () => {
    expect(JSON.parse(requestLogLine({ ...record, errorCodes: ['NOT_FOUND'] })).level).toBe('warn');
    expect(JSON.parse(requestLogLine({ ...record, status: 429, errorCodes: ['RATE_LIMITED'] })).level).toBe('warn');
    expect(JSON.parse(requestLogLine({ ...record, status: 503, errorCodes: ['SERVICE_UNAVAILABLE'] })).level).toBe(
      'error',
    );
  });

  test('error codes noted by plugins and found in the response are not counted twice', () => {
    expect(mergeErrorCodes([], ['NOT_FOUND', 'NOT_FOUND'])).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    expect(mergeErrorCodes(['RATE_LIMITED'], ['RATE_LIMITED'])).toEqual(['RATE_LIMITED']);
    expect(mergeErrorCodes(['UNAUTHENTICATED'], [])).toEqual(['UNAUTHENTICATED']);
    expect(mergeErrorCodes(['A'], ['B', 'A', 'B'])).toEqual(['A', 'B', 'B']);
  });
});

describe('readiness: migrations', () => {
  test('the expected migrations not applied, in order', () => {
    expect(missingMigrations(['1_init', '2_keys', '3_index'], ['1_init', '3_index'])).toEqual(['2_keys']);
    expect(missingMigrations(['1_init'], ['1_init', '0_extra'])).toEqual([]);
    expect(missingMigrations(['1_init', '2_keys'], [])).toEqual(['1_init', '2_keys']);
  });
});
