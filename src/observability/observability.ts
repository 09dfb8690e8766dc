/**
 * Request logs and metrics, recorded once per GraphQL request when its response has been sent
 * (so the HTTP status is final, refusals before GraphQL included). The plugin
 * (observability.plugin.ts) tells it the operation and the response's error codes on the way.
 */
import type { Writable } from 'node:stream';
import type { Context, RequestInfo } from '../context/context';
import type { Database } from '../db/database';
import { createMetrics, type Metrics } from './metrics';
import { requestLogLine, type RequestRecord } from './request-log';

interface Seen {
  ctx?: Context;
  operationType?: string | null;
}

export interface Observability {
  readonly metrics: Metrics;
  /** Called by the plugin as the request goes: its context, then its operation's type. */
  noteContext(request: RequestInfo, ctx: Context): void;
  noteOperationType(request: RequestInfo, type: string | null): void;
  /** Called once the response has been sent (or the connection closed). */
  finished(request: RequestInfo, status: number): RequestRecord;
}

export function createObservability(options: { db: Database; logRequests: boolean; stream?: Writable }): Observability {
  const metrics = createMetrics(() => options.db.poolStats());
  const stream = options.stream ?? process.stdout;
  // Keyed by the request, so nothing is kept once a request is gone.
  const seen = new WeakMap<RequestInfo, Seen>();
  const entry = (request: RequestInfo) => {
    let e = seen.get(request);
    if (!e) seen.set(request, (e = {}));
    return e;
  };
  return {
    metrics,
    noteContext(request, ctx) {
      entry(request).ctx = ctx;
    },
    noteOperationType(request, type) {
      entry(request).operationType = type;
    },
    finished(request, status) {
      const { ctx, operationType } = seen.get(request) ?? {};
      const record: RequestRecord = {
        requestId: request.id,
        operationName: request.operationName ?? null,
        operationType: operationType ?? null,
        apiKey: ctx?.caller?.name ?? null,
        role: ctx?.caller?.role ?? null,
        status,
        durationMs: performance.now() - request.startedAt,
        sqlStatements: ctx?.sql.statements ?? 0,
        cost: request.cost ? { requested: request.cost.requested, actual: request.cost.actual ?? null } : null,
        cache: request.cache ?? null,
        errorCodes: request.errorCodes,
        ...(request.authFailure ? { authFailure: request.authFailure } : {}),
      };
      metrics.observe(record);
      if (options.logRequests) stream.write(`${requestLogLine(record)}\n`);
      return record;
    },
  };
}
