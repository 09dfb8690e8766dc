import type { PrismaClient } from '../generated/prisma/client';

/** What raw SQL needs: the client or an interactive transaction. */
export type SqlRunner = Pick<PrismaClient, '$queryRawUnsafe' | '$executeRawUnsafe'>;

/** Runs `fn` over slices of `items` so that one statement never carries an unbounded array. */
export async function inChunks<T>(items: T[], size: number, fn: (chunk: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await fn(items.slice(i, i + size));
}
