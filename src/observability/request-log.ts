/**
 * One JSON line per request on stdout: what an operator needs to follow a request across the
 * proxy's logs and ours (the request id), to see who asked what (operation, key, role), and
 * how it went (status, duration, statements, cost, cache, error codes). No query text, variables
 * or addresses: those can hold personal data, and the operation name says what was asked.
 */
export interface RequestRecord {
  requestId: string;
  operationName: string | null;
  /** query, mutation or subscription; null when no operation was resolved (a parse error, a refusal before GraphQL). */
  operationType: string | null;
  /** The API key's name; null for anonymous callers. */
  apiKey: string | null;
  role: string | null;
  status: number;
  durationMs: number;
  sqlStatements: number;
  cost: { requested: number; actual: number | null } | null;
  cache: 'HIT' | 'MISS' | 'BYPASS' | null;
  errorCodes: string[];
  /** Why authentication failed (an unknown and a revoked key are answered alike; the log tells them apart). */
  authFailure?: string;
}

/** The log line of a request (no trailing newline). */
export function requestLogLine(record: RequestRecord, now: Date = new Date()): string {
  return JSON.stringify({
    time: now.toISOString(),
    level: record.status >= 500 ? 'error' : record.status >= 400 || record.errorCodes.length ? 'warn' : 'info',
    msg: 'request',
    ...record,
    durationMs: Math.round(record.durationMs * 10) / 10,
  });
}

/**
 * The error codes of a request, from what plugins noted on the way and what the response
 * carries: each code as many times as the larger of the two counts, so a code both noted and
 * in the response is not counted twice.
 */
export function mergeErrorCodes(noted: readonly string[], inResponse: readonly string[]): string[] {
  const count = (list: readonly string[]) =>
    list.reduce((m, c) => m.set(c, (m.get(c) ?? 0) + 1), new Map<string, number>());
  const a = count(noted);
  const b = count(inResponse);
  const merged: string[] = [];
  for (const code of new Set([...noted, ...inResponse])) {
    for (let i = 0; i < Math.max(a.get(code) ?? 0, b.get(code) ?? 0); i++) merged.push(code);
  }
  return merged;
}
