/**
 * Baseline (b): what a team would build instead of our API. A minimal HTTP endpoint, node:http
 * and pg (or PGlite, for the PGlite rows), no framework: one route per operation
 * (GET /figure, /dashboard, /scorecard, /league, /trend with the operation's parameters in the
 * query string) that runs the hand-written SQL of bench/bespoke.ts and returns
 * `{"data": ...}`, the same JSON as our GraphQL API.
 *
 * node dist/bench/bespoke-server.js --port 4100 (--pg <url> | --pglite <dir>) [--pool 10]
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool } from 'pg';
import { OPERATIONS, type Db, type OperationName, type OpParams } from './bespoke';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function openDb(): Promise<{ db: Db; close: () => Promise<void> }> {
  const url = arg('pg');
  if (url) {
    const pool = new Pool({ connectionString: url, max: Number(arg('pool') ?? 10) });
    return { db: pool, close: () => pool.end() };
  }
  const dir = arg('pglite');
  if (!dir) throw new Error('usage: bespoke-server --port N (--pg URL | --pglite DIR)');
  // Loaded only for the PGlite rows, so the PostgreSQL server carries nothing of it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PGlite } = require('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
  const pg = new PGlite(dir);
  await pg.waitReady;
  return { db: pg as unknown as Db, close: () => pg.close() };
}

async function main() {
  const { db, close } = await openDb();
  // The handler answers every request itself, errors included, so its promise is not awaited.
  const server = createServer((req, res) => void answer(req, res));
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const name = url.pathname.slice(1) as OperationName;
      const op = OPERATIONS[name];
      if (!op) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":"no such operation"}');
        return;
      }
      const q = url.searchParams;
      const p: OpParams = {
        force: q.get('force') ?? '',
        lpu: q.get('lpu') ?? '',
        plan: q.get('plan') ?? '',
        financialYear: q.get('financialYear') ?? '',
        asOf: q.get('asOf') ?? '',
        category: q.get('category') ?? '',
      };
      const body = JSON.stringify({ data: op.shape((await op.sql(db, p)) as never, p) });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(body);
    } catch (err) {
      console.error(err);
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: String((err as Error).message) }));
    }
  }
  const port = Number(arg('port') ?? 4100);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  console.log(`bespoke baseline on http://127.0.0.1:${(server.address() as { port: number }).port}`);
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
