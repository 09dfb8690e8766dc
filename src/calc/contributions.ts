import { percentChange } from './change';

export interface ContributionPart {
  key: string;
  current: number;
  previous: number;
}

export interface ContributionFigures {
  change: number;
  percentChange: number | null;
  /** This part's change as a percentage of the total change; null when the total change is 0. */
  shareOfChange: number | null;
}

/**
 * What drove a total's change ("a large proportion of the increase can be attributed to shoplifting"): each part's
 * change, percent change and share of the total change. Shares are change / total change x 100, so they add up to
 * 100; a part moving against the total gets a negative share (a fall of 97 inside a total rise of 1,141 is -8.5%),
 * and the parts moving with the total can then share more than 100 between them.
 *
 * Sorted by change in the direction of the total, largest contributors first: descending when the total rose,
 * ascending (biggest falls first) when it fell; the parts moving against the total come last. When the total did
 * not change, by size of change (largest absolute change first). Ties by key, so the order is stable. Extra fields
 * on the parts are kept.
 */
export function contributions<T extends ContributionPart>(parts: readonly T[]): (T & ContributionFigures)[] {
  let totalChange = 0;
  for (const p of parts) totalChange += p.current - p.previous;
  const direction = Math.sign(totalChange);

  const rows = parts.map((p) => {
    const c = p.current - p.previous;
    return {
      ...p,
      change: c,
      percentChange: percentChange(p.current, p.previous),
      shareOfChange: totalChange === 0 ? null : (c * 100) / totalChange,
    };
  });

  const sortKey = (c: number): number => (direction === 0 ? Math.abs(c) : c * direction);
  return rows.sort((a, b) => sortKey(b.change) - sortKey(a.change) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
