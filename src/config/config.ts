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
}

export interface RateLimitConfig {
  /** Cost points per minute for a caller with an API key. RATE_LIMIT_COST_PER_MINUTE. */
  costPerMinute: number;
  /** Cost points per minute for an anonymous caller, per address. RATE_LIMIT_ANONYMOUS_COST_PER_MINUTE. */
  anonymousCostPerMinute: number;
  /** Off switch for a private deployment behind its own gateway. RATE_LIMIT=off. */
  enabled: boolean;
}

export interface CacheConfig {
  /** Server-side response cache. RESPONSE_CACHE=off disables it. */
  responseCache: boolean;
  /** Automatic persisted queries. APQ=off disables them. */
  persistedQueries: boolean;
  /** Seconds a persisted query's text is kept. APQ_TTL_SECONDS. */
  persistedQueryTtlSeconds: number;
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
  /** Address of a trusted proxy's X-Forwarded-For is believed (TRUST_PROXY=1). */
  trustProxy: boolean;
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
  },
  rateLimit: { costPerMinute: 100_000, anonymousCostPerMinute: 20_000, enabled: true },
  cache: { responseCache: true, persistedQueries: true, persistedQueryTtlSeconds: 24 * 3600 },
  corsOrigins: [],
  redisKeyPrefix: 'ppa:',
  logRequests: true,
  trustProxy: false,
};

export class ConfigError extends Error {}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new ConfigError(`${name} must be a whole number above 0, not "${raw}".`);
  return value;
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['on', 'true', '1', 'yes'].includes(raw)) return true;
  if (['off', 'false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be on or off, not "${env[name]}".`);
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
    },
    rateLimit: {
      costPerMinute: positiveInt(env, 'RATE_LIMIT_COST_PER_MINUTE', d.rateLimit.costPerMinute),
      anonymousCostPerMinute: positiveInt(env, 'RATE_LIMIT_ANONYMOUS_COST_PER_MINUTE', d.rateLimit.anonymousCostPerMinute),
      enabled: onOff(env, 'RATE_LIMIT', d.rateLimit.enabled),
    },
    cache: {
      responseCache: onOff(env, 'RESPONSE_CACHE', d.cache.responseCache),
      persistedQueries: onOff(env, 'APQ', d.cache.persistedQueries),
      persistedQueryTtlSeconds: positiveInt(env, 'APQ_TTL_SECONDS', d.cache.persistedQueryTtlSeconds),
    },
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    redisUrl: env.REDIS_URL || undefined,
    redisKeyPrefix: env.REDIS_KEY_PREFIX || d.redisKeyPrefix,
    logRequests: onOff(env, 'LOG_REQUESTS', d.logRequests),
    trustProxy: onOff(env, 'TRUST_PROXY', d.trustProxy),
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
    corsOrigins: (overrides.corsOrigins as string[] | undefined) ?? base.corsOrigins,
  } as ServerConfig;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };
