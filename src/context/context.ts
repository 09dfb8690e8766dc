import type { PrismaClient } from '../generated/prisma/client';
import { primaryOf, type StatementCounter } from '../db/database';
import type { Caller } from '../auth/caller';
import { disclosureThreshold } from '../auth/disclosure';
import type { ServerConfig } from '../config/config';
import type { SharedStore } from '../shared-store/shared-store';
import type { DataVersion } from '../cache/data-version';
import { createDimensionLoaders, type DimensionLoaders } from '../loaders/dimension.loaders';
import { createFigureLoaders, type FigureLoaders } from '../loaders/figure.loaders';
import { BatchScheduler } from '../loaders/batched';
import { Warnings } from '../warnings/warnings';

/** What the server holds for its whole life and shares with every request. */
export interface AppServices {
  config: ServerConfig;
  /** Memory, or Redis shared by every instance. */
  store: SharedStore;
  dataVersion: DataVersion;
}

/** What the server learns about one request as it runs: for the response's extensions, logs and metrics. */
export interface RequestInfo {
  /** From the X-Request-Id header when a proxy sent one, else made here. */
  id: string;
  startedAt: number;
  /** The caller's address (X-Forwarded-For's first entry behind a trusted proxy). */
  address: string;
  operationName?: string | null;
  /** Cost points, computed before execution (requested) and from the response (actual). */
  cost?: { requested: number; actual?: number };
  /** The data version this request read at its start (cache keys). */
  dataVersion?: number;
  /** Whether the response came from the response cache. */
  cache?: 'HIT' | 'MISS' | 'BYPASS';
  /** The `extensions.code` of every error in the response. */
  errorCodes: string[];
  /** Why authentication failed (INVALID_KEY, REVOKED_KEY, ...): logged, never told to the caller. */
  authFailure?: string;
  /** Extra fields for the response's `extensions`, added by plugins (cost, rateLimit). */
  extensions: Record<string, unknown>;
}

/** What every resolver gets: the store, and this request's loaders and statement count. */
export interface Context {
  prisma: PrismaClient;
  loaders: DimensionLoaders;
  figures: FigureLoaders;
  sql: StatementCounter;
  /** The API key's owner and role; null for anonymous callers. */
  caller: Caller | null;
  /** Server-wide services; absent in contexts made outside the HTTP server (scripts). */
  services?: AppServices;
  /** This request's bookkeeping; absent outside the HTTP server. */
  request?: RequestInfo;
  /**
   * The client the loaders read through: a read replica when there are any, the primary once
   * this request has written (read-your-writes: a replica may not have the write yet).
   */
  reader?: PrismaClient;
  /**
   * DISCLOSURE_THRESHOLD as this request sees it, read once: process.env is a slow getter and a
   * league table of LPUs decides disclosure hundreds of times.
   */
  disclosureThreshold: number;
  /** Caveats of this request's answer, returned in `extensions.warnings` (src/warnings/warnings.ts). */
  warnings: Warnings;
}

export function createContext(
  prisma: PrismaClient,
  sql: StatementCounter,
  caller: Caller | null = null,
  extra: { services?: AppServices; request?: RequestInfo; reader?: PrismaClient } = {},
): Context {
  const ctx = {
    prisma,
    sql,
    caller,
    services: extra.services,
    request: extra.request,
    reader: extra.reader,
    disclosureThreshold: disclosureThreshold(),
    warnings: new Warnings(),
  } as Context;
  resetLoaders(ctx, extra.request?.dataVersion);
  return ctx;
}

/**
 * Fresh loaders for the rest of a request, after a write: later fields of the same document
 * must read what earlier mutations wrote, not what this request's caches hold. With the data
 * version the request read at its start, the dimensions come from the process's snapshot of
 * that version (src/loaders/dimensions.ts); without one (after a write, or outside the HTTP
 * server) the request reads its own.
 */
export function resetLoaders(ctx: Context, dataVersion?: number): void {
  const scheduler = new BatchScheduler();
  const reader = ctx.reader ?? ctx.prisma;
  // The dimensions are always read from the primary: a snapshot is kept under the data version it
  // was read at, and a lagging replica could hand back rows older than that version.
  ctx.loaders = createDimensionLoaders(primaryOf(ctx.prisma), scheduler, {
    counter: ctx.sql,
    dataVersion,
    versionSource: ctx.services?.dataVersion,
  });
  ctx.figures = createFigureLoaders(reader, scheduler, ctx.sql);
}

/**
 * After a write has committed: fresh loaders, and a new data version so every instance's
 * caches stop serving what the write changed.
 */
export async function afterWrite(ctx: Context): Promise<void> {
  ctx.reader = primaryOf(ctx.prisma);
  resetLoaders(ctx);
  try {
    await ctx.services?.dataVersion.bump();
  } catch (err) {
    // The write has committed: report it as done. Other instances' caches keep the old figures
    // until their max age (at most 30 minutes); the log says so.
    console.error(
      JSON.stringify({
        level: 'error',
        msg: 'data version not bumped: shared store unavailable',
        requestId: ctx.request?.id,
        error: String(err),
      }),
    );
  }
}
