/**
 * CORS for browser front-ends on other origins (the OPCC's dashboards): only the origins an
 * operator lists in CORS_ORIGINS (or `*`) may read responses. Requests carry an API key in the
 * Authorization header, never cookies, so credentials are not allowed. Apollo's CSRF prevention
 * still applies: a cross-origin request must be JSON or carry `apollo-require-preflight`, so the
 * browser preflights it and these headers decide.
 */

/** Headers a browser may send: JSON, the API key, Apollo's preflight marker and operation name, a request id. */
export const CORS_ALLOWED_HEADERS = [
  'content-type',
  'authorization',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'x-request-id',
];
/** Headers a browser script may read: the request id, and the rate limit's. */
export const CORS_EXPOSED_HEADERS = [
  'x-request-id',
  'retry-after',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-used',
  'x-ratelimit-reset',
];
/** How long a browser may reuse a preflight's answer. */
export const CORS_MAX_AGE_SECONDS = 600;

const normalise = (origin: string) => origin.trim().replace(/\/+$/, '').toLowerCase();

/**
 * The CORS headers of a response to a request from `origin`: none for an origin not listed
 * (the browser then withholds the response), and the preflight's permissions for OPTIONS.
 */
export function corsHeaders(
  origin: string | undefined,
  allowedOrigins: readonly string[],
  preflight: boolean,
): Record<string, string> {
  if (allowedOrigins.length === 0) return {};
  // The answer depends on the origin: shared caches must keep one per origin.
  const headers: Record<string, string> = { vary: 'Origin' };
  if (!origin) return headers;
  const any = allowedOrigins.includes('*');
  if (!any && !allowedOrigins.map(normalise).includes(normalise(origin))) return headers;
  headers['access-control-allow-origin'] = any ? '*' : origin;
  headers['access-control-expose-headers'] = CORS_EXPOSED_HEADERS.join(', ');
  if (preflight) {
    headers['access-control-allow-methods'] = 'GET, POST, OPTIONS';
    headers['access-control-allow-headers'] = CORS_ALLOWED_HEADERS.join(', ');
    headers['access-control-max-age'] = String(CORS_MAX_AGE_SECONDS);
  }
  return headers;
}
