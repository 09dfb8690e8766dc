import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { randomUUID } from 'node:crypto';
import { createContext, type AppServices, type Context, type RequestInfo } from '../context/context';
import { loadConfig, withOverrides, type DeepPartial, type ServerConfig } from '../config/config';
import { openSharedStore, type SharedStore } from '../shared-store/shared-store';
import { dataVersion } from '../cache/data-version';
import { watchWrites, type WriteWatcher } from '../cache/write-watcher';
import { limitsPlugin } from '../limits/limits.plugin';
import { KnownOperationTypesRule } from '../limits/operation-types';
import { rateLimitPlugin } from '../ratelimit/rate-limit.plugin';
import { responseCachePlugin } from '../cache/response-cache.plugin';
import { persistedQueriesOption, persistedQueryErrorsPlugin } from '../cache/persisted-queries';
import { observabilityPlugin } from '../observability/observability.plugin';
import { countedClient, type Database, type StatementCounter } from '../db/database';
import { serveExplorer } from './explorer';
import { serveReportPage } from './report-page';
import { corsHeaders } from './cors';
import { authenticate } from '../auth/authenticate';
import type { Caller } from '../auth/caller';
import { disclosureThreshold } from '../auth/disclosure';
import { disclosureKey } from '../auth/disclosure-key';
import { UnauthenticatedError } from '../auth/errors';
import { createFormatError, databaseFaultStatusPlugin } from './format-error';
import type { Writable } from 'node:stream';
import { createObservability, type Observability } from '../observability/observability';
import { checkReadiness } from '../observability/readiness';
import { readMigrationsList } from '../db/migrate';
import { databaseFault, databaseFaultError, RETRY_AFTER_SECONDS } from '../db/faults';
import { bodyLimitFor, jsonDepth, variablesLimitFor } from '../limits/request-body';
import { authFailureMeter, authFailuresExceeded } from '../ratelimit/auth-failures';
import { clientAddress } from './client-address';
import { metricsAllowed } from '../observability/metrics-access';

export interface App {
  server: Server;
  url: string;
  services: AppServices;
  /** Where /metrics is served when METRICS_PORT gives it a port of its own. */
  metricsUrl?: string;
  /** Request logs and metrics (tests read the metrics). */
  observability: Observability;
  /** Looks for writes made by other processes (src/cache/write-watcher.ts). */
  writeWatcher: WriteWatcher;
  /**
   * Drains: /ready fails at once; after `drainDelayMs` no new connections; resolves when in-flight requests are done.
   */
  close(): Promise<void>;
}

export interface AppOptions {
  port?: number;
  host?: string;
  /** Overrides of the configuration read from the environment (tests). */
  config?: DeepPartial<ServerConfig>;
  /** A shared store made by the caller (kept open on close); else one is opened from the configuration. */
  store?: SharedStore;
  /** Where request log lines go (tests capture them); stdout by default. */
  logStream?: Writable;
  /**
   * On close, how long /ready answers 503 while new requests are still served, so a load
   * balancer stops sending traffic before the listener closes (SHUTDOWN_DELAY_MS). 0 by default.
   */
  drainDelayMs?: number;
}

/** A request refused before GraphQL sees it; its message and code reach the client. */
class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

// Fatal: a body that is not UTF-8 is refused, rather than read with replacement characters.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body as text, at most `limit` bytes (the caller's, by role: src/limits/request-body.ts).
 * Nothing is parsed before the whole body is in and within the limit. Past it, the rest is read and dropped (nothing is
 * kept) and the refusal sent once the client has finished sending: answering mid-upload, or cutting the connection,
 * makes clients see a reset instead of the 413.
 */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new HttpRefusal(413, 'PAYLOAD_TOO_LARGE', `Request body too large: at most ${limit} bytes.`);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > limit) return reject(tooLarge());
      try {
        resolve(utf8.decode(Buffer.concat(chunks)));
      } catch {
        reject(new HttpRefusal(400, 'BAD_REQUEST', 'The request body is not valid UTF-8.'));
      }
    });
  });
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
function statementCountPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind === 'single') {
            response.body.singleResult.extensions = {
              ...response.body.singleResult.extensions,
              ...contextValue.request?.extensions,
              sqlStatements: contextValue.sql.statements,
              ...(contextValue.warnings.size ? { warnings: contextValue.warnings.list() } : {}),
            };
          }
        },
      };
    },
  };
}

export async function startApp(db: Database, schema: GraphQLSchema, options: AppOptions = {}): Promise<App> {
  disclosureThreshold(); // a bad DISCLOSURE_THRESHOLD stops the server here, not on the first request
  disclosureKey(); // likewise a missing DISCLOSURE_KEY in production (the same key on every instance)
  const config = withOverrides(loadConfig(), options.config);
  const store = options.store ?? (await openSharedStore({ redisUrl: config.redisUrl, prefix: config.redisKeyPrefix }));
  const services: AppServices = { config, store, dataVersion: dataVersion(store) };
  const observability = createObservability({ db, logRequests: config.logRequests, stream: options.logStream });
  const writeWatcher = watchWrites({
    primary: db.primary,
    dataVersion: services.dataVersion,
    intervalSeconds: config.cache.writeWatchSeconds,
    onError: () => undefined, // the database is down: /ready says so; the next look tries again
  });
  const expectedMigrations = readMigrationsList().migrationDirectories.map((d) => d.path);
  let draining = false;
  const apollo = new ApolloServer<Context>({
    schema,
    formatError: createFormatError({ statementTimeoutMs: config.limits.statementTimeoutMs }),
    introspection: true,
    // Stack traces help nobody outside and tell attackers about our internals.
    includeStacktraceInErrorResponses: false,
    // No cache hints are set, so Apollo's default cache-control plugin computes nothing useful; it
    // also wraps every field resolver in instrumentation (`git show 8d45cfb:bench/README.md`: about a tenth of the CPU
    // and allocation of a large document).
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      // Order matters: limits refuse a document before it is charged against a rate limit,
      // and the cache answers only what both have let through.
      limitsPlugin(services, schema),
      rateLimitPlugin(services),
      responseCachePlugin(services),
      persistedQueryErrorsPlugin(),
      databaseFaultStatusPlugin(),
      observabilityPlugin(observability),
      statementCountPlugin(),
    ],
    persistedQueries: persistedQueriesOption(services),
    // The parser stops at the token limit; limitsPlugin reports it as TOKEN_LIMIT_EXCEEDED.
    parseOptions: { maxTokens: config.limits.maxTokens },
    validationRules: [KnownOperationTypesRule],
  });
  await apollo.start();

  async function handleGraphQL(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    request: RequestInfo,
  ): Promise<void> {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    // Authentication first, from the headers: the caller's role sets how large a body may be.
    // No header is anonymous; a header without a live key fails the whole request.
    let caller: Caller | null;
    try {
      caller = await authenticateMetered(req, request);
    } catch (err) {
      if (!(err instanceof UnauthenticatedError)) throw err;
      request.errorCodes.push('UNAUTHENTICATED');
      // Unknown, revoked or malformed: one answer (the reason stays in the log).
      const { reason, ...extensions } = err.extensions;
      request.authFailure = typeof reason === 'string' ? reason : 'INVALID_KEY';
      return sendJson(
        res,
        401,
        { errors: [{ message: err.message, extensions }] },
        { 'www-authenticate': 'Bearer error="invalid_token"' },
      );
    }
    const rawBody = req.method === 'POST' ? await readBody(req, bodyLimitFor(caller, config.limits)) : '';
    let body: unknown = rawBody;
    if (rawBody && (headers.get('content-type') ?? '').includes('application/json')) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        request.errorCodes.push('BAD_REQUEST');
        return sendJson(res, 400, {
          errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }],
        });
      }
      // Apollo's own refusal of a batch is a generic BAD_REQUEST; this one says what to do.
      if (Array.isArray(body)) {
        request.errorCodes.push('BATCHING_NOT_SUPPORTED');
        return sendJson(res, 400, {
          errors: [
            {
              message: 'Batched operations (a JSON array) are not supported: send one operation per request.',
              extensions: { code: 'BATCHING_NOT_SUPPORTED' },
            },
          ],
        });
      }
      checkVariables(body, caller);
    } else if (req.method === 'GET') {
      const parsed: Record<string, unknown> = {};
      for (const name of ['variables', 'extensions']) {
        const text = url.searchParams.get(name);
        if (!text) continue;
        try {
          parsed[name] = JSON.parse(text);
        } catch {
          continue; // Apollo answers malformed JSON in the query string itself
        }
      }
      checkVariables(parsed, caller);
    }
    // Read once, before anything else: caches keyed by it never hold data older than their key.
    // When the shared store is down the request still runs, uncached: no version, no cache.
    try {
      request.dataVersion = await services.dataVersion.current();
    } catch (err) {
      console.error(
        JSON.stringify({
          level: 'error',
          msg: 'shared store unavailable: serving uncached',
          requestId: request.id,
          error: String(err),
        }),
      );
    }
    const counter: StatementCounter = { statements: 0 };
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: async () =>
        createContext(countedClient(db.prisma, counter), counter, caller, { services, request, reader: db.reader() }),
    });
    for (const [key, value] of response.headers) {
      // Vary is added to, not replaced: CORS varies by Origin, the response cache by Authorization.
      const prior = key === 'vary' ? res.getHeader('vary') : undefined;
      res.setHeader(key, prior ? `${String(prior)}, ${value}` : value);
    }
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  /** Nesting of the variables and extensions, and the variables' size, refused before GraphQL walks them. */
  function checkVariables(body: unknown, caller: Caller | null): void {
    if (body === null || typeof body !== 'object') return;
    const { variables, extensions } = body as { variables?: unknown; extensions?: unknown };
    const max = config.limits.maxVariablesDepth;
    const depth = Math.max(jsonDepth(variables, max), jsonDepth(extensions, max));
    if (depth > max) {
      throw new HttpRefusal(
        400,
        'VARIABLES_TOO_DEEP',
        `The variables (or extensions) nest more than ${max} levels of arrays and objects; no argument of ` +
          `this API takes more than a few.`,
      );
    }
    const limit = variablesLimitFor(caller, config.limits);
    const bytes = variables === undefined ? 0 : Buffer.byteLength(JSON.stringify(variables), 'utf8');
    if (bytes > limit) {
      throw new HttpRefusal(
        413,
        'VARIABLES_TOO_LARGE',
        `The variables are ${bytes} bytes; at most ${limit} are allowed. Ask for less in one request.`,
      );
    }
  }

  const authFailures = authFailureMeter(store, config.rateLimit.authFailuresPerMinute);
  /** authenticate(), with failed attempts counted per address when rate limits are on. */
  async function authenticateMetered(req: IncomingMessage, request: RequestInfo): Promise<Caller | null> {
    const header = req.headers.authorization;
    const metered = config.rateLimit.enabled && header !== undefined && header.trim() !== '';
    if (metered) {
      const wait = await authFailures.retryAfter(request.address);
      if (wait > 0)
        throw new HttpRefusal(
          429,
          'RATE_LIMITED',
          authFailuresExceeded(config.rateLimit.authFailuresPerMinute, wait).message,
          { 'retry-after': String(wait) },
        );
    }
    try {
      return await authenticate(db.prisma, header);
    } catch (err) {
      if (metered && err instanceof UnauthenticatedError) await authFailures.failed(request.address);
      throw err;
    }
  }

  function requestInfo(req: IncomingMessage): RequestInfo {
    const given = String(req.headers['x-request-id'] ?? '');
    return {
      // A proxy's id is kept so one request can be followed across the proxy's and our logs.
      id: /^[\w.-]{1,100}$/.test(given) ? given : randomUUID(),
      startedAt: performance.now(),
      address: clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], config.trustProxy),
      errorCodes: [],
      extensions: {},
    };
  }

  const handleRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let request: RequestInfo | undefined;
    try {
      if (url.pathname === '/graphql') {
        for (const [name, value] of Object.entries(
          corsHeaders(req.headers.origin, config.corsOrigins, req.method === 'OPTIONS'),
        ))
          res.setHeader(name, value);
        if (req.method === 'OPTIONS') {
          res.writeHead(204, { allow: 'GET, POST, OPTIONS' });
          return void res.end();
        }
        const info = (request = requestInfo(req));
        res.setHeader('x-request-id', info.id);
        // Once the response is sent (or the client has gone): one log line, the metrics.
        res.once('close', () => observability.finished(info, res.statusCode));
        return await handleGraphQL(req, res, url, info);
      }
      // Liveness: the process answers. Readiness (/ready) is what depends on the database.
      if (url.pathname === '/health' && req.method === 'GET')
        return sendJson(res, 200, { status: 'ok', store: db.kind });
      if (url.pathname === '/ready' && req.method === 'GET') {
        const report = await checkReadiness({ db, store, expectedMigrations, draining });
        return sendJson(res, report.failed.length ? 503 : 200, report, { 'cache-control': 'no-store' });
      }
      if (url.pathname === '/metrics' && req.method === 'GET' && config.metrics.port === undefined) {
        if (!metricsAllowed(req, config.metrics))
          return sendJson(
            res,
            401,
            { error: 'The metrics need METRICS_TOKEN as a bearer token.' },
            { 'www-authenticate': 'Bearer' },
          );
        res.writeHead(200, { 'content-type': observability.metrics.contentType, 'cache-control': 'no-store' });
        return void res.end(await observability.metrics.text());
      }
      if (req.method === 'GET' && serveExplorer(url.pathname, res)) return;
      if (req.method === 'GET' && serveReportPage(url.pathname, res)) return;
      sendJson(res, 404, { error: `Nothing at ${url.pathname}: the API is at /graphql, the explorer at /.` });
    } catch (err) {
      if (err instanceof HttpRefusal) {
        request?.errorCodes.push(err.code);
        if (!res.headersSent)
          return sendJson(
            res,
            err.status,
            { errors: [{ message: err.message, extensions: { code: err.code } }] },
            err.headers,
          );
        return void res.end();
      }
      // The database down while authenticating: the same answer GraphQL gives (format-error.ts).
      const fault = databaseFault(err);
      if (fault) {
        const error = databaseFaultError(fault, config.limits.statementTimeoutMs);
        request?.errorCodes.push(fault);
        if (!res.headersSent)
          return sendJson(
            res,
            503,
            { errors: [{ message: error.message, extensions: error.extensions }] },
            { 'retry-after': String(RETRY_AFTER_SECONDS) },
          );
        return void res.end();
      }
      request?.errorCodes.push('INTERNAL_SERVER_ERROR');
      console.error(err);
      if (!res.headersSent)
        sendJson(res, 500, {
          errors: [{ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
        });
      else res.end();
    }
  };
  // handleRequest answers its own errors (a 500 at worst), so the promise is left alone.
  const server = createServer((req, res) => void handleRequest(req, res));

  // Idle keep-alive connections outlive the proxy's (nginx keeps idle upstream connections 60 s): with
  // Node's 5 s default the server could close a connection just as the proxy reuses it (a 502, or
  // ECONNRESET for a client). The headers timeout must exceed it, or waiting sockets are cut early.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 4000, options.host ?? '127.0.0.1', resolve));
  // METRICS_PORT: /metrics alone, on an address of its own (an internal network), not on the API's port.
  const serveMetrics = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' || new URL(req.url ?? '/', 'http://localhost').pathname !== '/metrics')
      return sendJson(res, 404, { error: 'Only /metrics here.' });
    if (config.metrics.token && !metricsAllowed(req, config.metrics))
      return sendJson(
        res,
        401,
        { error: 'The metrics need METRICS_TOKEN as a bearer token.' },
        { 'www-authenticate': 'Bearer' },
      );
    res.writeHead(200, { 'content-type': observability.metrics.contentType, 'cache-control': 'no-store' });
    res.end(await observability.metrics.text());
  };
  const metricsServer =
    config.metrics.port === undefined ? null : createServer((req, res) => void serveMetrics(req, res));
  if (metricsServer)
    await new Promise<void>((resolve) => metricsServer.listen(config.metrics.port, config.metrics.host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    metricsUrl: metricsServer
      ? `http://${config.metrics.host}:${(metricsServer.address() as AddressInfo).port}`
      : undefined,
    services,
    observability,
    writeWatcher,
    async close() {
      draining = true;
      writeWatcher.stop();
      if (options.drainDelayMs) await new Promise((resolve) => setTimeout(resolve, options.drainDelayMs));
      // close() stops accepting and waits for in-flight requests; idle keep-alive sockets
      // would hold it open, so they are closed now and again as requests finish.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      await closed;
      clearInterval(sweep);
      if (metricsServer) await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
      await apollo.stop();
      if (!options.store) await store.close();
    },
  };
}

export type { BaseContext };
