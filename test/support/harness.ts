/**
 * Starts the real server for a test suite: a real store (PGlite in memory, or a fresh
 * PostgreSQL database created next to DATABASE_URL's and dropped afterwards), migrated
 * by the schema engine, optionally loaded with the seed, listening on an ephemeral port.
 * Tests talk to it over HTTP with real GraphQL documents.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { openDatabase, type Database } from '../../src/db/database';
import { pgliteTemplate, postgresTemplate } from './templates';
import { buildAppSchema } from '../../src/schema';
import { startApp, type App } from '../../src/server/app';
import type { DeepPartial, ServerConfig } from '../../src/config/config';

/**
 * One disclosure key for every test server (docs/disclosure.md): anonymous answers are then the
 * same from run to run and from instance to instance, as in a deployment with DISCLOSURE_KEY set.
 */
process.env.DISCLOSURE_KEY ??= 'test-disclosure-key-not-a-secret';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
  extensions?: { sqlStatements?: number; [key: string]: unknown };
}

export interface TestServer {
  url: string;
  db: Database;
  app: App;
  /** POSTs a GraphQL document; returns the parsed body (HTTP status in `status`). */
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T> & { status: number }>;
  close(): Promise<void>;
}

export const onPostgres = Boolean(process.env.DATABASE_URL);

/** A throwaway PostgreSQL database beside the one DATABASE_URL names. */
export async function createScratchDatabase(
  baseUrl: string,
  template?: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ppa_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * A store for one suite: PGlite in memory, or a fresh PostgreSQL database beside DATABASE_URL's,
 * migrated, and loaded with the seed when asked. Both start from a template made once per
 * version of the migrations, the seed and the import code (test/support/templates.ts), so a
 * suite's store is a copy, not a fresh migration and a 60,000-row load.
 */
export async function openTestDatabase(
  options: { seed?: boolean } = {},
): Promise<{ db: Database; dispose: () => Promise<void> }> {
  const seed = options.seed ?? false;
  if (!onPostgres) {
    const db = await openDatabase({ pgliteLoadDataDir: await pgliteTemplate(seed) });
    return { db, dispose: () => db.close() };
  }
  const scratch = await createScratchDatabase(
    process.env.DATABASE_URL!,
    await postgresTemplate(process.env.DATABASE_URL!, seed),
  );
  let db: Database;
  try {
    db = await openDatabase({ databaseUrl: scratch.url, migrate: true });
  } catch (e) {
    await scratch.drop();
    throw e;
  }
  return {
    db,
    dispose: async () => {
      await db.close();
      await scratch.drop();
    },
  };
}

/**
 * The configuration tests run with unless a suite asks otherwise: no response cache and no
 * rate limit (suites that count SQL statements or send hundreds of requests would otherwise
 * measure the cache or the budget), no request logs, and Redis keys of the suite's own.
 * Limits stay at their defaults: every example document must pass them, as a user's would.
 */
export function testConfig(overrides: DeepPartial<ServerConfig> = {}): DeepPartial<ServerConfig> {
  return {
    logRequests: false,
    redisKeyPrefix: `ppa-test-${randomUUID().slice(0, 8)}:`,
    ...overrides,
    // No write watcher's timer (src/cache/write-watcher.ts): its bump after a suite's own writes would
    // reload the snapshot at a moment of its choosing, and statement counts would depend on timing.
    cache: { responseCache: false, writeWatchSeconds: 0, ...overrides.cache },
    rateLimit: { enabled: false, ...overrides.rateLimit },
    limits: { ...overrides.limits },
  };
}

export async function startTestServer(
  options: { seed?: boolean; config?: DeepPartial<ServerConfig> } = {},
): Promise<TestServer> {
  const { db, dispose } = await openTestDatabase({ seed: options.seed ?? true });
  let app: App;
  try {
    app = await startApp(db, await buildAppSchema(), { port: 0, config: testConfig(options.config) });
  } catch (e) {
    await dispose();
    throw e;
  }
  return {
    url: app.url,
    db,
    app,
    async gql(query, variables, headers) {
      const res = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, ...((await res.json()) as GraphQLResponse) };
    },
    async close() {
      await app.close();
      await dispose();
    },
  };
}

/** The data of a response, failing the test with the errors when there are any. */
export function dataOf<T = any>(response: GraphQLResponse<T>): T {
  if (response.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors, null, 2)}`);
  return response.data as T;
}
