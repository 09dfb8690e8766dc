import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { randomUUID } from 'node:crypto';
import { createContext, type AppServices, type Context, type RequestInfo } from '../context/context';
import { loadConfig, withOverrides, type DeepPartial, type ServerConfig } from '../config/config';
import { openSharedStore, type SharedStore } from '../shared-store/shared-store';
import { dataVersion } from '../cache/data-version';
import { limitsPlugin } from '../limits/limits.plugin';
import { rateLimitPlugin } from '../ratelimit/rate-limit.plugin';
import { responseCachePlugin } from '../cache/response-cache.plugin';
import { persistedQueriesOption } from '../cache/persisted-queries';
import { observabilityPlugin } from '../observability/observability.plugin';
import { countStatements, type Database, type StatementCounter } from '../db/database';
import { serveExplorer } from './explorer';
import { authenticate } from '../auth/authenticate';
import type { Caller } from '../auth/caller';
import { disclosureThreshold } from '../auth/disclosure';
import { UnauthenticatedError } from '../auth/errors';
import { formatError } from './format-error';
import { MAX_GRAPHQL_CSV_BYTES } from '../import/import.resolver';

/**
 * Largest request body: room for an import's CSV (MAX_GRAPHQL_CSV_BYTES, which the import
 * mutations check with a clear error) once JSON-escaped (quotes and line ends take two
 * characters), plus the rest of the document.
 */
const MAX_BODY_BYTES = 2 * MAX_GRAPHQL_CSV_BYTES + 1024 * 1024;

export interface App {
  server: Server;
  url: string;
  services: AppServices;
  close(): Promise<void>;
}

export interface AppOptions {
  port?: number;
  host?: string;
  /** Overrides of the configuration read from the environment (tests). */
  config?: DeepPartial<ServerConfig>;
  /** A shared store made by the caller (kept open on close); else one is opened from the configuration. */
  store?: SharedStore;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error('request body too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * Reports the statements a request's operation issued in `extensions.sqlStatements`, for clients
 * and tests. Authentication's key lookup (at most one statement, none while the key is cached)
 * runs before and is not counted, so a document costs the same with a key as without.
 */
function statementCountPlugin() {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }: { response: any; contextValue: Context }) {
          if (response.body.kind === 'single') {
            response.body.singleResult.extensions = {
              ...response.body.singleResult.extensions,
              ...contextValue.request?.extensions,
              sqlStatements: contextValue.sql.statements,
            };
          }
        },
      };
    },
  };
}

export async function startApp(db: Database, schema: GraphQLSchema, options: AppOptions = {}): Promise<App> {
  disclosureThreshold(); // a bad DISCLOSURE_THRESHOLD stops the server here, not on the first request
  const config = withOverrides(loadConfig(), options.config);
  const store = options.store ?? (await openSharedStore({ redisUrl: config.redisUrl, prefix: config.redisKeyPrefix }));
  const services: AppServices = { config, store, dataVersion: dataVersion(store) };
  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    introspection: true,
    // Stack traces help nobody outside and tell attackers about our internals.
    includeStacktraceInErrorResponses: false,
    // No cache hints are set, so Apollo's default cache-control plugin computes nothing useful; it
    // also wraps every field resolver in instrumentation (bench/README.md: about a tenth of the CPU
    // and allocation of a large document).
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      // Order matters: limits refuse a document before it is charged against a rate limit,
      // and the cache answers only what both have let through.
      limitsPlugin(services, schema),
      rateLimitPlugin(services),
      responseCachePlugin(services),
      observabilityPlugin(services),
      statementCountPlugin(),
    ],
    persistedQueries: persistedQueriesOption(services),
  });
  await apollo.start();

  async function handleGraphQL(req: IncomingMessage, res: ServerResponse, url: URL, request: RequestInfo): Promise<void> {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const rawBody = req.method === 'POST' ? await readBody(req) : '';
    let body: unknown = rawBody;
    if (rawBody && (headers.get('content-type') ?? '').includes('application/json')) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        return sendJson(res, 400, { errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
      }
    }
    // Authentication: no header is anonymous; a header without a live key fails the whole request.
    let caller: Caller | null;
    try {
      caller = await authenticate(db.prisma, req.headers.authorization);
    } catch (err) {
      if (!(err instanceof UnauthenticatedError)) throw err;
      return sendJson(res, 401, { errors: [{ message: err.message, extensions: err.extensions }] }, { 'www-authenticate': 'Bearer error="invalid_token"' });
    }
    // Read once, before anything else: caches keyed by it never hold data older than their key.
    request.dataVersion = await services.dataVersion.current();
    const counter: StatementCounter = { statements: 0 };
    const response = await countStatements(counter, () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: async () => createContext(db.prisma, counter, caller, { services, request }),
      }),
    );
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  function requestInfo(req: IncomingMessage): RequestInfo {
    const forwarded = config.trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',')[0].trim() : '';
    const given = String(req.headers['x-request-id'] ?? '');
    return {
      // A proxy's id is kept so one request can be followed across the proxy's and our logs.
      id: /^[\w.-]{1,100}$/.test(given) ? given : randomUUID(),
      startedAt: performance.now(),
      address: forwarded || req.socket.remoteAddress || 'unknown',
      errorCodes: [],
      extensions: {},
    };
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (url.pathname === '/graphql') {
        const request = requestInfo(req);
        res.setHeader('x-request-id', request.id);
        return await handleGraphQL(req, res, url, request);
      }
      if (url.pathname === '/health' && req.method === 'GET') return sendJson(res, 200, { status: 'ok', store: db.kind });
      if (req.method === 'GET' && serveExplorer(url.pathname, res)) return;
      sendJson(res, 404, { error: `Nothing at ${url.pathname}: the API is at /graphql, the explorer at /.` });
    } catch (err) {
      const status = (err as { status?: number }).status ?? 500;
      if (status === 500) console.error(err);
      if (!res.headersSent) sendJson(res, status, { errors: [{ message: status === 413 ? `Request body too large: at most ${MAX_BODY_BYTES / 1024 / 1024} MB.` : 'Internal server error.' }] });
      else res.end();
    }
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 4000, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    services,
    async close() {
      // close() stops accepting and waits for in-flight requests; idle keep-alive sockets
      // would hold it open, so they are closed now and again as requests finish.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      await closed;
      clearInterval(sweep);
      await apollo.stop();
      if (!options.store) await store.close();
    },
  };
}

export type { BaseContext };
