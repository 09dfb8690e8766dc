/**
 * Prometheus metrics at GET /metrics. Each app has a Registry of its own (tests run many apps in
 * one process, and each must count only its own requests); the process's own metrics (CPU,
 * memory, event loop, GC) are one Registry for the whole process, appended to every scrape.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolStats } from '../db/database';
import type { RequestRecord } from './request-log';

let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export interface Metrics {
  readonly registry: Registry;
  /** Counts a finished GraphQL request. */
  observe(record: RequestRecord): void;
  /** The exposition text of this app's metrics and the process's. */
  text(): Promise<string>;
  readonly contentType: string;
}

export function createMetrics(poolStats: () => PoolStats[]): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const requests = new Counter({
    name: 'ppa_graphql_requests_total',
    help: 'GraphQL requests by operation type (query, mutation; none when no operation was resolved) and HTTP status.',
    labelNames: ['operation_type', 'status'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'ppa_graphql_request_duration_seconds',
    help: 'Time from a GraphQL request arriving to its response being sent, by operation type.',
    labelNames: ['operation_type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const errors = new Counter({
    name: 'ppa_graphql_errors_total',
    help: 'Errors in GraphQL responses (and requests refused before GraphQL), by extensions.code.',
    labelNames: ['code'] as const,
    registers,
  });
  const cache = new Counter({
    name: 'ppa_response_cache_requests_total',
    help:
      'Requests by response cache result: hit (answered from the cache), miss (executed and stored), bypass ' +
      '(not cacheable).',
    labelNames: ['result'] as const,
    registers,
  });
  const statements = new Counter({
    name: 'ppa_sql_statements_total',
    help: 'SQL statements issued by GraphQL operations (primary and replicas).',
    registers,
  });
  const statementsPerRequest = new Histogram({
    name: 'ppa_sql_statements_per_request',
    help: 'SQL statements per GraphQL request: growth means an N+1 query pattern.',
    buckets: [0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64],
    registers,
  });
  const rateLimited = new Counter({
    name: 'ppa_rate_limited_total',
    help: 'Requests refused by the rate limit (RATE_LIMITED).',
    registers,
  });
  new Gauge({
    name: 'ppa_db_pool_connections',
    help:
      'Database connection pool: total and idle connections, and queries waiting for one, per pool (primary, ' +
      'replica1, ...).',
    labelNames: ['pool', 'state'] as const,
    registers,
    collect() {
      this.reset();
      for (const p of poolStats()) {
        this.set({ pool: p.name, state: 'total' }, p.total);
        this.set({ pool: p.name, state: 'idle' }, p.idle);
        this.set({ pool: p.name, state: 'waiting' }, p.waiting);
      }
    },
  });
  // Zero series from the start, so rate() and alerts see a 0 before the first event.
  rateLimited.inc(0);
  statements.inc(0);
  for (const result of ['hit', 'miss', 'bypass']) cache.inc({ result }, 0);

  return {
    registry,
    contentType: registry.contentType,
    observe(record) {
      const operationType = record.operationType ?? 'none';
      requests.inc({ operation_type: operationType, status: String(record.status) });
      duration.observe({ operation_type: operationType }, record.durationMs / 1000);
      for (const code of record.errorCodes) errors.inc({ code });
      if (record.errorCodes.includes('RATE_LIMITED')) rateLimited.inc();
      if (record.cache) cache.inc({ result: record.cache.toLowerCase() });
      statements.inc(record.sqlStatements);
      statementsPerRequest.observe(record.sqlStatements);
    },
    async text() {
      return `${await registry.metrics()}\n${await processMetrics().metrics()}`;
    },
  };
}
