/**
 * Pages of list fields that grow with the data: `first` rows (at most the page cap, the
 * server's MAX_PAGE_SIZE) after skipping `offset`. The cap bounds a response whatever the data
 * holds, and the cost model counts a list as `first` items when a document gives it.
 */
import { ArgsType, Field, Int } from 'type-graphql';
import { DEFAULT_CONFIG } from '../config/config';
import type { Context } from '../context/context';
import { BadUserInputError } from '../errors/errors';

export interface Page {
  first: number;
  offset: number;
}

/** How every paginated field tells clients to page; its description ends with this. */
export const PAGING_HINT =
  'Paged: `first` rows (default and maximum: the page cap, 500 unless the server sets MAX_PAGE_SIZE) after ' +
  '`offset`; a page shorter than `first` is the last.';

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description:
      'Rows in this page: 1 to the page cap (500 unless the server sets MAX_PAGE_SIZE); omitted, the cap. ' +
      'More than the cap is BAD_USER_INPUT.',
  })
  first?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Rows to skip: 0 (the default) for the first page, then the previous offset + first.',
  })
  offset?: number | null;
}

/** The page cap of this server (the default outside the HTTP server, e.g. scripts). */
export function pageCap(ctx: Context): number {
  return ctx.services?.config.limits.maxPageSize ?? DEFAULT_CONFIG.limits.maxPageSize;
}

/** The page asked for, checked against the cap; bad values are BAD_USER_INPUT naming the bounds. */
export function resolvePage(args: { first?: number | null; offset?: number | null }, cap: number): Page {
  const first = args.first ?? cap;
  const offset = args.offset ?? 0;
  if (!Number.isInteger(first) || first < 1 || first > cap) {
    throw new BadUserInputError(
      `first must be between 1 and ${cap} (the page cap); got ${args.first}. Ask for at most ${cap} rows and ` +
        `page with offset.`,
      'first',
      { maxPageSize: cap },
    );
  }
  if (!Number.isInteger(offset) || offset < 0)
    throw new BadUserInputError(`offset must be 0 or more; got ${args.offset}.`, 'offset');
  return { first, offset };
}

/** The rows of a page of a list already in memory (dimension rows: a few hundred at most). */
export function pageOf<T>(rows: readonly T[], page: Page): T[] {
  return rows.slice(page.offset, page.offset + page.first);
}

/** Checks a page against this request's cap. */
export function pageFor(ctx: Context, args: { first?: number | null; offset?: number | null }): Page {
  return resolvePage(args, pageCap(ctx));
}
