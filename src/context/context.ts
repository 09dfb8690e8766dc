import type { PrismaClient } from '../generated/prisma/client';
import type { StatementCounter } from '../db/database';
import type { Caller } from '../auth/caller';
import { createDimensionLoaders, type DimensionLoaders } from '../loaders/dimension.loaders';
import { createFigureLoaders, type FigureLoaders } from '../loaders/figure.loaders';

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
  return { prisma, loaders: createDimensionLoaders(prisma), figures: createFigureLoaders(prisma), sql, caller };
}
