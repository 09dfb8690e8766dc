/**
 * Helpers of the operations suites (observability, faults, replicas, shutdown, load): a TCP
 * proxy that can cut and restore a connection path (an outage of PostgreSQL or Redis without
 * touching the real server), and a server started with database and app options of its own.
 */
import 'reflect-metadata';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { openDatabase, type Database, type DatabaseOptions } from '../../src/db/database';
import { pgliteTemplate, postgresTemplate } from './templates';
import { loadSeed } from '../../src/import/seed';
import { buildAppSchema } from '../../src/schema';
import { startApp, type App, type AppOptions } from '../../src/server/app';
import type { DeepPartial, ServerConfig } from '../../src/config/config';
import { createScratchDatabase, testConfig, type GraphQLResponse } from './harness';

export interface TcpProxy {
  port: number;
  /** Connections forwarded so far. */
  connections: number;
  /** The outage: every open connection is destroyed and the port stops listening (connections are refused). */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** Forwards 127.0.0.1:<port> to 127.0.0.1:<targetPort>. */
export async function tcpProxy(targetPort: number, port = 0): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  const proxy: TcpProxy = {
    port,
    connections: 0,
    async cut() {
      const s = server;
      server = null;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    async restore() {
      server = createServer((client) => {
        proxy.connections += 1;
        const upstream = connect(targetPort, '127.0.0.1');
        sockets.add(client).add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      await new Promise<void>((resolve, reject) =>
        server!.once('error', reject).listen(proxy.port, '127.0.0.1', () => resolve()),
      );
      proxy.port = (server.address() as { port: number }).port;
    },
    close: () => proxy.cut(),
  };
  await proxy.restore();
  return proxy;
}

/** A scratch PostgreSQL database beside DATABASE_URL's, migrated and (by default) seeded. */
export async function scratchPostgres(
  options: { seed?: boolean } = {},
): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL!;
  const scratch = await createScratchDatabase(base, await postgresTemplate(base, options.seed ?? true));
  try {
    const db = await openDatabase({ databaseUrl: scratch.url, migrate: true });
    await db.close();
  } catch (e) {
    await scratch.drop();
    throw e;
  }
  return scratch;
}

/** The same URL on another port (through a proxy). */
export function viaPort(url: string, port: number): string {
  const u = new URL(url);
  u.host = `127.0.0.1:${port}`;
  return u.toString();
}

export interface OpsServer {
  url: string;
  app: App;
  db: Database;
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T> & { status: number; headers: Headers }>;
  get(path: string): Promise<{ status: number; body: any; text: string; headers: Headers }>;
  close(): Promise<void>;
}

/**
 * The real server over a database opened with the options given (for PGlite: in memory,
 * seeded when `seed`), with app options (log stream, drain delay) and the test configuration.
 */
export async function startOpsServer(options: {
  db?: DatabaseOptions;
  seed?: boolean;
  config?: DeepPartial<ServerConfig>;
  app?: Omit<AppOptions, 'config' | 'port'>;
  /** Also run on close (drop scratch databases, close proxies). */
  dispose?: () => Promise<void>;
}): Promise<OpsServer> {
  // An in-memory PGlite starts from the template (seeded or empty); other stores are loaded here.
  const inMemory = !options.db?.databaseUrl && !options.db?.pgliteDataDir;
  const db = await openDatabase(
    inMemory ? { ...options.db, pgliteLoadDataDir: await pgliteTemplate(!!options.seed) } : (options.db ?? {}),
  );
  let app: App;
  try {
    if (options.seed && !inMemory) await loadSeed(db.primary);
    app = await startApp(db, await buildAppSchema(), { ...options.app, port: 0, config: testConfig(options.config) });
  } catch (e) {
    await db.close();
    await options.dispose?.();
    throw e;
  }
  return {
    url: app.url,
    app,
    db,
    async gql(query, variables, headers) {
      const res = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, headers: res.headers, ...((await res.json()) as GraphQLResponse) };
    },
    async get(path) {
      const res = await fetch(`${app.url}${path}`);
      const text = await res.text();
      let body: any;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      return { status: res.status, body, text, headers: res.headers };
    },
    async close() {
      await app.close();
      await db.close();
      await options.dispose?.();
    },
  };
}

/** The value of one series in Prometheus exposition text; 0 when absent. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels);
  let sum = 0;
  let found = false;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (want.every(([k, v]) => have[k] === v)) {
      sum += Number(m[3]);
      found = true;
    }
  }
  return found ? sum : 0;
}
