/**
 * Suites that need Redis: whether it answers, asked synchronously so a suite can be skipped at
 * definition time (Jest cannot wait for a promise there), and a clear message when it is not.
 */
import { execFileSync } from 'node:child_process';

export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

export function redisReachable(url: string = REDIS_URL): boolean {
  const probe = `const r = new (require('ioredis'))(process.argv[1], { lazyConnect: true, maxRetriesPerRequest: 0,
      connectTimeout: 2000, retryStrategy: () => null });
    r.on('error', () => {});
    r.connect().then(() => r.ping()).then((p) => process.exit(p === 'PONG' ? 0 : 1), () => process.exit(1));`;
  try {
    execFileSync(process.execPath, ['-e', probe, url], { stdio: 'ignore', timeout: 5_000, cwd: __dirname });
    return true;
  } catch {
    return false;
  }
}

/** `describe`, or `describe.skip` with a warning naming the suite and the address tried. */
export function describeWithRedis(suite: string): jest.Describe {
  if (redisReachable()) return describe;
  console.warn(`${suite}: SKIPPED, Redis is not reachable at ${REDIS_URL} (start one, or set REDIS_URL).`);
  return describe.skip;
}
