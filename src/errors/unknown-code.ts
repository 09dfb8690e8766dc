import type { Context } from '../context/context';
import { NotFoundError } from './errors';
import { nearestCodes } from './nearest-codes';

export type CodeKind = 'area' | 'category' | 'plan' | 'peerGroup';

/**
 * A NOT_FOUND error for a code the request's dimension snapshot does not hold, suggesting the
 * nearest codes it does hold. The snapshot is already loaded by the lookup that missed, so the
 * suggestions cost no SQL statement; without one there are none.
 */
export function unknownCode(ctx: Context, kind: CodeKind, what: string, code: string, hint?: string): NotFoundError {
  const s = ctx.loaders.snapshotNow();
  const known: Iterable<string> = !s
    ? []
    : kind === 'area'
      ? s.areaByCode.keys()
      : kind === 'category'
        ? s.categoryByCode.keys()
        : kind === 'plan'
          ? s.planByCode.keys()
          : s.peerGroupByCode.keys();
  return new NotFoundError(what, code, hint, nearestCodes(code, known));
}
