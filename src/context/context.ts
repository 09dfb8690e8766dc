import type { PrismaClient } from '../generated/prisma/client';
import type { StatementCounter } from '../db/database';
import type { Caller } from '../auth/caller';
import { createDimensionLoaders, type DimensionLoaders } from '../loaders/dimension.loaders';
import { createFigureLoaders, type FigureLoaders } from '../loaders/figure.loaders';
import { BatchScheduler } from '../loaders/batched';

/** What every resolver gets: the store, and this request's loaders and statement count. */
export interface Context {
  prisma: PrismaClient;
  loaders: DimensionLoaders;
  figures: FigureLoaders;
  sql: StatementCounter;
  /** The API key's owner and role; null for anonymous callers. */
  caller: Caller | null;
}

export function createContext(prisma: PrismaClient, sql: StatementCounter, caller: Caller | null = null): Context {
  const ctx = { prisma, sql, caller } as Context;
  resetLoaders(ctx);
  return ctx;
}

/**
 * Fresh loaders for the rest of a request, after a write: later fields of the same document
 * must read what earlier mutations wrote, not what this request's caches hold.
 */
export function resetLoaders(ctx: Context): void {
  const scheduler = new BatchScheduler();
  ctx.loaders = createDimensionLoaders(ctx.prisma, scheduler);
  ctx.figures = createFigureLoaders(ctx.prisma, scheduler);
}
