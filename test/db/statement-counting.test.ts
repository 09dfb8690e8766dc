/**
 * A request's ORM calls are counted through its own view of the client (countedClient), each
 * call in a scope of its own: concurrent requests must never count each other's statements,
 * and a call made outside any request is counted into none.
 */
import type { Database, StatementCounter } from '../../src/db/database';
import { countedClient, rawSql } from '../../src/db/database';
import { openTestDatabase } from '../support/harness';

describe('statement counting per request', () => {
  let db: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ db, dispose } = await openTestDatabase());
  });
  afterAll(async () => {
    await dispose();
  });

  it('counts concurrent calls of two requests into their own counters', async () => {
    const a: StatementCounter = { statements: 0 };
    const b: StatementCounter = { statements: 0 };
    const first = countedClient(db.prisma, a);
    const second = countedClient(db.prisma, b);
    await Promise.all([
      first.area.findMany({ take: 1 }),
      second.area.count(),
      first.$queryRawUnsafe('SELECT 1'),
      second.$transaction(async (tx) => {
        await tx.crimeCategory.count();
        await tx.area.count();
      }),
      first.crimeCategory.findFirst(),
    ]);
    expect(a.statements).toBe(3);
    // The transaction's two statements (BEGIN and COMMIT are not statements the adapter is asked to run).
    expect(b.statements).toBe(3);
  });

  it('counts nothing for calls outside a counted client, even while a counted one is in flight', async () => {
    const counter: StatementCounter = { statements: 0 };
    const counted = countedClient(db.prisma, counter);
    await Promise.all([db.prisma.area.count(), counted.area.count(), db.prisma.crimeCategory.count()]);
    expect(counter.statements).toBe(1);
    await db.prisma.area.count();
    expect(counter.statements).toBe(1);
  });

  it('a rejected call is counted and releases its scope', async () => {
    const counter: StatementCounter = { statements: 0 };
    const counted = countedClient(db.prisma, counter);
    await expect(counted.$queryRawUnsafe('SELECT * FROM no_such_table')).rejects.toThrow();
    expect(counter.statements).toBe(1);
    await counted.area.count();
    expect(counter.statements).toBe(2);
  });

  it('raw SQL and per-client state see the client behind the counted view', async () => {
    const counter: StatementCounter = { statements: 0 };
    const counted = countedClient(db.prisma, counter);
    const rows = await rawSql(counted).query(counter, 'SELECT 41 + 1');
    expect(rows).toEqual([[42]]);
    expect(counter.statements).toBe(1);
  });
});
