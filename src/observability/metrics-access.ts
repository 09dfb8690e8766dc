import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { MetricsConfig } from '../config/config';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Whether a request may read /metrics on the API's port: with METRICS_TOKEN, one bearing it
 * (compared in constant time); without, only a scraper on this host (the socket's peer is
 * loopback, whatever X-Forwarded-For says). A separate METRICS_PORT is protected by where it listens.
 */
export function metricsAllowed(req: IncomingMessage, config: MetricsConfig): boolean {
  if (!config.token)
    return LOOPBACK.has(req.socket.remoteAddress ?? '') && req.headers['x-forwarded-for'] === undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.headers.authorization ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(config.token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
