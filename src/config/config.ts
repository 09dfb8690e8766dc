/**
 * Everything an operator can tune, read once from the environment at start. Tests pass
 * overrides to `startApp` instead of touching process.env. A bad value stops the server at
 * start with a message naming the variable, never on the first request.
 */
export interface LimitsConfig {
  /** Deepest nesting of selections (a top-level field is depth 1). MAX_DEPTH. */
  maxDepth: number;
  /** Aliased fields in one document. MAX_ALIASES. */
  maxAliases: number;
  /** Lexical tokens in one document, counted while parsing. MAX_TOKENS. */
  maxTokens: number;
  /** Bytes of the query text. MAX_DOCUMENT_BYTES. */
  maxDocumentBytes: number;
  /** Requested cost of one operation, computed before it runs. MAX_COST. */
  maxCost: number;
  /** Largest page a paginated list field returns. MAX_PAGE_SIZE. */
  maxPageSize: number;
  /** Database statement timeout in milliseconds (PostgreSQL). STATEMENT_TIMEOUT_MS. */
  statementTimeoutMs: number;
  /** Largest request body, refused with 413 while it is read (anonymous and below STEWARD). MAX_BODY_BYTES. */
  maxBodyBytes: number;
  /**
   * Largest request body for a key whose role may import (STEWARD, ADMIN): a 10 MB CSV, JSON-escaped.
   * MAX_IMPORT_BODY_BYTES.
   */
  maxImportBodyBytes: number;
  /**
   * Bytes of the variables, as JSON, for callers below STEWARD (a steward's are bounded by the body).
   * MAX_VARIABLES_BYTES.
   */
  maxVariablesBytes: number;
  /** Deepest nesting of arrays and objects in the variables and extensions. MAX_VARIABLES_DEPTH. */
  maxVariablesDepth: number;
}

export interface RateLimitConfig {
  /** Cost points per minute for a caller with an API key. RATE_LIMIT_COST_PER_MINUTE. */
  costPerMinute: number;
  /** Cost points per minute for an anonymous caller, per address. RATE_LIMIT_ANONYMOUS_COST_PER_MINUTE. */
  anonymousCostPerMinute: number;
  /** Off switch for a private deployment behind its own gateway. RATE_LIMIT=off. */
  enabled: boolean;
  /** Failed authentications (unknown, revoked or malformed keys) per minute per address. AUTH_FAILURES_PER_MINUTE. */
  authFailuresPerMinute: number;
}

export interface MetricsConfig {
  /** Bearer token /metrics asks for (METRICS_TOKEN); without one, only loopback addresses are answered. */
  token?: string;
  /** A separate port serving /metrics alone (METRICS_PORT); the API's port then has no /metrics. */
  port?: number;
  /** Address that separate port listens on. METRICS_HOST, 127.0.0.1 by default. */
  host: string;
}

export interface CacheConfig {
  /** Server-side response cache. RESPONSE_CACHE=off disables it. */
  responseCache: boolean;
  /** Automatic persisted queries. APQ=off disables them. */
  persistedQueries: boolean;
  /** Seconds a persisted query's text is kept. APQ_TTL_SECONDS. */
  persistedQueryTtlSeconds: number;
  /**
   * How often the server looks for writes made by other processes (the audit log's newest
   * entry), so an import from the command line moves the data version even without a shared
   * Redis. WRITE_WATCH_SECONDS; 0 turns it off.
   */
  writeWatchSeconds: number;
}

export interface ServerConfig {
  limits: LimitsConfig;
  rateLimit: RateLimitConfig;
  cache: CacheConfig;
  /** Origins allowed by CORS (CORS_ORIGINS, comma-separated; `*` for any); none by default. */
  corsOrigins: string[];
  /** Redis shared by every instance (cache, rate limits, data version); memory when absent. REDIS_URL. */
  redisUrl?: string;
  /** Prefix of every Redis key, so deployments (and test suites) can share one Redis. REDIS_KEY_PREFIX. */
  redisKeyPrefix: string;
  /** One JSON line per request on stdout. LOG_REQUESTS=off silences them. */
  logRequests: boolean;
  /**
   * Proxies in front of the server whose X-Forwarded-For entries are believed, counted from the
   * right (TRUST_PROXY=n; on = 1, off = 0): the caller's address is the n-th entry from the right.
   */
  trustProxy: number;
  metrics: MetricsConfig;
}

export const DEFAULT_CONFIG: ServerConfig = {
  limits: {
    maxDepth: 12,
    maxAliases: 30,
    maxTokens: 5_000,
    maxDocumentBytes: 50_000,
    maxCost: 20_000,
    maxPageSize: 500,
    statementTimeoutMs: 15_000,
    maxBodyBytes: 1024 * 1024,
    maxImportBodyBytes: 21 * 1024 * 1024,
    maxVariablesBytes: 256 * 1024,
    maxVariablesDepth: 16,
  },
  rateLimit: { costPerMinute: 100_000, anonymousCostPerMinute: 20_000, enabled: true, authFailuresPerMinute: 20 },
  cache: { responseCache: true, persistedQueries: true, persistedQueryTtlSeconds: 24 * 3600, writeWatchSeconds: 5 },
  corsOrigins: [],
  redisKeyPrefix: 'ppa:',
  logRequests: true,
  trustProxy: 0,
  metrics: { host: '127.0.0.1' },
};

export class ConfigError extends Error {}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new ConfigError(`${name} must be a whole number above 0, not "${raw}".`);
  return value;
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new ConfigError(`${name} must be a whole number, 0 or more, not "${raw}".`);
  return value;
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['on', 'true', '1', 'yes'].includes(raw)) return true;
  if (['off', 'false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be on or off, not "${env[name]}".`);
}

/** TRUST_PROXY: a number of proxies, or on (one) / off (none). */
function proxyHops(env: NodeJS.ProcessEnv, fallback: number): number {
  const raw = env.TRUST_PROXY?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (/^\d+$/.test(raw) && Number(raw) <= 10) return Number(raw);
  if (['on', 'true', 'yes'].includes(raw)) return 1;
  if (['off', 'false', 'no'].includes(raw)) return 0;
  throw new ConfigError(
    `TRUST_PROXY must be the number of proxies in front of the server (0 to 10), or on (1) or off (0), not ` +
      `"${env.TRUST_PROXY}".`,
  );
}

/** The configuration the environment describes, defaults filling the rest. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const d = DEFAULT_CONFIG;
  return {
    limits: {
      maxDepth: positiveInt(env, 'MAX_DEPTH', d.limits.maxDepth),
      maxAliases: positiveInt(env, 'MAX_ALIASES', d.limits.maxAliases),
      maxTokens: positiveInt(env, 'MAX_TOKENS', d.limits.maxTokens),
      maxDocumentBytes: positiveInt(env, 'MAX_DOCUMENT_BYTES', d.limits.maxDocumentBytes),
      maxCost: positiveInt(env, 'MAX_COST', d.limits.maxCost),
      maxPageSize: positiveInt(env, 'MAX_PAGE_SIZE', d.limits.maxPageSize),
      statementTimeoutMs: positiveInt(env, 'STATEMENT_TIMEOUT_MS', d.limits.statementTimeoutMs),
      maxBodyBytes: positiveInt(env, 'MAX_BODY_BYTES', d.limits.maxBodyBytes),
      maxImportBodyBytes: positiveInt(env, 'MAX_IMPORT_BODY_BYTES', d.limits.maxImportBodyBytes),
      maxVariablesBytes: positiveInt(env, 'MAX_VARIABLES_BYTES', d.limits.maxVariablesBytes),
      maxVariablesDepth: positiveInt(env, 'MAX_VARIABLES_DEPTH', d.limits.maxVariablesDepth),
    },
    rateLimit: {
      costPerMinute: positiveInt(env, 'RATE_LIMIT_COST_PER_MINUTE', d.rateLimit.costPerMinute),
      anonymousCostPerMinute: positiveInt(
        env,
        'RATE_LIMIT_ANONYMOUS_COST_PER_MINUTE',
        d.rateLimit.anonymousCostPerMinute,
      ),
      enabled: onOff(env, 'RATE_LIMIT', d.rateLimit.enabled),
      authFailuresPerMinute: positiveInt(env, 'AUTH_FAILURES_PER_MINUTE', d.rateLimit.authFailuresPerMinute),
    },
    cache: {
      responseCache: onOff(env, 'RESPONSE_CACHE', d.cache.responseCache),
      persistedQueries: onOff(env, 'APQ', d.cache.persistedQueries),
      persistedQueryTtlSeconds: positiveInt(env, 'APQ_TTL_SECONDS', d.cache.persistedQueryTtlSeconds),
      writeWatchSeconds: wholeNumber(env, 'WRITE_WATCH_SECONDS', d.cache.writeWatchSeconds),
    },
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    redisUrl: env.REDIS_URL || undefined,
    redisKeyPrefix: env.REDIS_KEY_PREFIX || d.redisKeyPrefix,
    logRequests: onOff(env, 'LOG_REQUESTS', d.logRequests),
    trustProxy: proxyHops(env, d.trustProxy),
    metrics: {
      token: env.METRICS_TOKEN || undefined,
      port: env.METRICS_PORT ? positiveInt(env, 'METRICS_PORT', 0) : undefined,
      host: env.METRICS_HOST || d.metrics.host,
    },
  };
}

/** A configuration with some sections overridden (tests, embedding). */
export function withOverrides(base: ServerConfig, overrides: DeepPartial<ServerConfig> = {}): ServerConfig {
  return {
    ...base,
    ...overrides,
    limits: { ...base.limits, ...overrides.limits },
    rateLimit: { ...base.rateLimit, ...overrides.rateLimit },
    cache: { ...base.cache, ...overrides.cache },
    metrics: { ...base.metrics, ...overrides.metrics },
    corsOrigins: overrides.corsOrigins ?? base.corsOrigins,
  };
}

export type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K];
};
