/**
 * What the import and export command lines share: opening the store that DATABASE_URL or
 * PGLITE_DATA_DIR names (pending migrations applied first, as `npm run db:migrate` does),
 * progress on stderr, and printing a rejected file's errors.
 */
import { openDatabase, type Database } from '../db/database';
import { DEFAULT_CONFIG } from '../config/config';
import { openSharedStore } from '../shared-store/shared-store';
import { dataVersion } from '../cache/data-version';
import { ImportRejectedError } from './result';

export async function openStore(): Promise<Database> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const pgliteDataDir = process.env.PGLITE_DATA_DIR || undefined;
  if (!databaseUrl && !pgliteDataDir) {
    throw new Error('No store: set DATABASE_URL (PostgreSQL) or PGLITE_DATA_DIR (an embedded store in a folder).');
  }
  return openDatabase({ databaseUrl, pgliteDataDir, migrate: true });
}

export const fmt = (n: number) => n.toLocaleString('en-GB');

/** Bumps the data version servers key their caches by, once an import has committed. */
export interface DataVersionBump {
  bump(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The data version in the Redis that REDIS_URL (and REDIS_KEY_PREFIX) name, as the servers
 * use it; null without REDIS_URL (a server without Redis keeps its version in its own memory,
 * out of reach: its cached figures then last until their max age). Opened before importing, so
 * an unreachable Redis stops the run before anything is written.
 */
export async function openDataVersion(env: NodeJS.ProcessEnv = process.env): Promise<DataVersionBump | null> {
  if (!env.REDIS_URL) return null;
  const store = await openSharedStore({
    redisUrl: env.REDIS_URL,
    prefix: env.REDIS_KEY_PREFIX || DEFAULT_CONFIG.redisKeyPrefix,
  });
  const version = dataVersion(store);
  return {
    async bump() {
      try {
        await version.bump();
      } catch (e) {
        // The import has committed; say what that means rather than fail it.
        console.error(
          `Imported, but the data version in Redis could not be bumped (${(e as Error).message}): ` +
            `servers may serve cached figures from before the import for up to their max age.`,
        );
      }
    },
    close: () => store.close(),
  };
}

/** Progress on stderr, at most once a second: one line rewritten on a terminal, a line each otherwise. */
export class Progress {
  private last = 0;
  private readonly started = Date.now();
  private shown = false;
  constructor(private readonly enabled = true) {}

  update(text: () => string, force = false): void {
    const now = Date.now();
    if (!this.enabled || (!force && now - this.last < 1000)) return;
    this.last = now;
    this.shown = true;
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text()}`);
    else process.stderr.write(`${text()}\n`);
  }

  /** Rows per second since the start. */
  rate(rows: number): string {
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    return `${fmt(Math.round(rows / seconds))} rows/s`;
  }

  done(): void {
    if (this.shown && process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
  }
}

/** Prints what a rejected import lists, every error, on stderr. */
export function printRejected(err: ImportRejectedError): void {
  const { result } = err;
  console.error(`Rejected, nothing written: ${fmt(result.rejected)} bad row(s) of ${fmt(result.rowsRead)} read.`);
  for (const e of result.errors) {
    const value = e.value !== null && e.value !== '' && e.column ? ` "${e.value}"` : '';
    console.error(
      `  ${e.file ? `${e.file}: ` : ''}line ${e.line}${e.column ? ` (${e.column}${value})` : ''}: ${e.reason}`,
    );
  }
  if (result.unlistedErrors) console.error(`  ... and ${fmt(result.unlistedErrors)} more error(s) not listed`);
}
