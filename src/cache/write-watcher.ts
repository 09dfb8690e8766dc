/**
 * Notices writes made by other processes that could not move the data version: an import from
 * the command line run without REDIS_URL, a script against the same PostgreSQL. Every write and
 * import records itself in the audit log in its own transaction, so a newer highest audit id
 * means the data may have changed; the watcher then bumps the data version, which moves the
 * response cache, the dimension snapshot and the data horizon on the next request.
 *
 * It polls from a timer, outside any request (one cheap statement every few seconds, none per
 * request). A write made through this API is seen too and bumps once more, a few seconds after
 * its own bump: one extra cache miss per write, the price of never missing one.
 */
import type { PrismaClient } from '../generated/prisma/client';
import type { DataVersion } from './data-version';

export interface WriteWatcher {
  /** Looks once; true when a newer write was found (and the version bumped). */
  check(): Promise<boolean>;
  stop(): void;
}

export function watchWrites(options: {
  primary: PrismaClient;
  dataVersion: DataVersion;
  intervalSeconds: number;
  onError?: (error: unknown) => void;
}): WriteWatcher {
  let seen: number | undefined;
  let running: Promise<boolean> | null = null;

  const look = async (): Promise<boolean> => {
    const rows = await options.primary.$queryRawUnsafe<{ newest: number | bigint | null }[]>(
      'SELECT max(id) AS newest FROM audit_log',
    );
    const newest = Number(rows[0]?.newest ?? 0);
    const first = seen === undefined;
    const newer = !first && newest > seen!;
    if (first || newer) seen = newest;
    if (newer) await options.dataVersion.bump();
    return newer;
  };
  const check = () => {
    // One look at a time: a slow database must not pile timers' queries up.
    running ??= look().finally(() => (running = null));
    return running;
  };

  const timer =
    options.intervalSeconds > 0
      ? setInterval(() => void check().catch((e) => options.onError?.(e)), options.intervalSeconds * 1000)
      : null;
  timer?.unref();
  // The first look sets where the watcher starts from; writes before the server started are in its data already.
  void check().catch((e) => options.onError?.(e));
  return {
    check,
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
