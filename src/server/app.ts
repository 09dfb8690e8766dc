import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { createContext, type Context } from '../context/context';
import { countStatements, type Database, type StatementCounter } from '../db/database';
import { serveExplorer } from './explorer';
import { formatError } from './format-error';

const MAX_BODY_BYTES = 1024 * 1024;

export interface App {
  server: Server;
  url: string;
  close(): Promise<void>;
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

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Reports the statements a request issued in `extensions.sqlStatements`, for clients and tests. */
function statementCountPlugin() {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }: { response: any; contextValue: Context }) {
          if (response.body.kind === 'single') {
            response.body.singleResult.extensions = {
              ...response.body.singleResult.extensions,
              sqlStatements: contextValue.sql.statements,
            };
          }
        },
      };
    },
  };
}

export async function startApp(db: Database, schema: GraphQLSchema, options: { port?: number; host?: string } = {}): Promise<App> {
  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    introspection: true,
    // Stack traces help nobody outside and tell attackers about our internals.
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginLandingPageDisabled(), statementCountPlugin()],
  });
  await apollo.start();

  async function handleGraphQL(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
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
    const counter: StatementCounter = { statements: 0 };
    const response = await countStatements(counter, () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: async () => createContext(db.prisma, counter),
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

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (url.pathname === '/graphql') return await handleGraphQL(req, res, url);
      if (url.pathname === '/health' && req.method === 'GET') return sendJson(res, 200, { status: 'ok', store: db.kind });
      if (req.method === 'GET' && serveExplorer(url.pathname, res)) return;
      sendJson(res, 404, { error: `Nothing at ${url.pathname}: the API is at /graphql, the explorer at /.` });
    } catch (err) {
      const status = (err as { status?: number }).status ?? 500;
      if (status === 500) console.error(err);
      if (!res.headersSent) sendJson(res, status, { errors: [{ message: status === 413 ? 'Request body too large.' : 'Internal server error.' }] });
      else res.end();
    }
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 4000, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    async close() {
      // close() stops accepting and waits for in-flight requests; idle keep-alive sockets
      // would hold it open, so they are closed now and again as requests finish.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      await closed;
      clearInterval(sweep);
      await apollo.stop();
    },
  };
}

export type { BaseContext };
