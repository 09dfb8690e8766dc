/**
 * An area's crime rate against its peer group over a trailing window ending with the period: the
 * members' totals in one batch with the rows' own series, the disclosure decision applied at the
 * end, so statements never depend on what is withheld.
 */
import { crimeRatePer1000 } from '../calc/rates';
import { peerComparison } from '../calc/peer';
import type { Context } from '../context/context';
import { BadUserInputError, NotFoundError } from '../errors/errors';
import { isBelowForce } from '../auth/disclosure';
import { categorySensitive } from '../auth/sensitivity';
import { noteFiguresWithheld, protectionOf } from '../auth/protected-figures';
import { calendarYear, monthCount } from '../period/month';
import { PeerComparisonResult } from './figure-values';
import type { PerformanceNode } from './performance.node';
import { trailingInData } from './window-figures';

export type PeerComparisonValue = Awaited<ReturnType<typeof computePeerComparison>>;

/**
 * The area's rate against its peer group over the trailing `months` ending with the period
 * (the period's own months by default). Null when the area belongs to no peer group. Worked
 * out once per node and arguments; the value itself once settled (see prefetch).
 */
export function peerComparisonOf(
  ctx: Context,
  node: PerformanceNode,
  months: number | null,
  groupCode: string | null,
): PeerComparisonValue | Promise<PeerComparisonValue> {
  const key = `${months}|${groupCode}`;
  if (node.peerNow.has(key)) return node.peerNow.get(key)!;
  let pending = node.peer.get(key);
  if (!pending) {
    pending = computePeerComparison(ctx, node, months, groupCode);
    pending.then(
      (v) => node.peerNow.set(key, v),
      () => undefined,
    );
    node.peer.set(key, pending);
  }
  return pending;
}

async function computePeerComparison(
  ctx: Context,
  node: PerformanceNode,
  months: number | null,
  groupCode: string | null,
) {
  const n = months ?? node.range.months;
  if (!Number.isInteger(n) || n < 1 || n > 120)
    throw new BadUserInputError(`Peer comparison takes 1 to 120 months; got ${n}.`, 'months');
  // Loads are issued exactly as for a caller who sees everything, and the disclosure decision
  // applied at the end: batches (and statements) never depend on what is withheld.
  const decision = Promise.all([node.disclosure(ctx), categorySensitive(ctx, node.category)]);
  // Below force level, would a member's counts be perturbed for this caller? (The same test as the node's.)
  const memberPerturbed = (area: typeof node.area) => protectionOf(ctx, area, node.category) !== null;
  decision.catch(() => undefined); // awaited below; not an unhandled rejection on the early returns
  // The snapshot is in by the time a figure exists (its area came from it): read at once, so the
  // members' loads below join the rows' own series in one batch rather than a later statement.
  const snapshot = ctx.loaders.snapshotNow() ?? (await ctx.loaders.snapshot());
  const groups = snapshot.peerGroupsOf(node.area.id);
  const group = groupCode
    ? groups.find((g) => g.code === groupCode)
    : [...groups].sort((a, b) => a.code.localeCompare(b.code))[0];
  if (groupCode && !group) {
    throw new NotFoundError(
      `peer group of ${node.area.code} with`,
      groupCode,
      `${node.area.code} belongs to: ${groups.map((g) => g.code).join(', ') || 'none'}.`,
    );
  }
  if (!group) return null;
  const window = trailingInData(ctx, node.range.to, n);
  const year = calendarYear(window.to);
  // Each member's recorded crimes over the window, from its series (members in area id order,
  // so that equal rates rank the same way whatever the group's listing order).
  const members = [...snapshot.peerGroupMembers(group.id)].sort((a, b) => a.id - b.id);
  const totals = await ctx.figures.peerTotals(
    group.id,
    members.map((m) => m.id),
    node.category.id,
    window.from,
    window.to,
  );
  const [disclosure] = await decision;
  if (disclosure.withheld) return null;
  const rated = members.map((area, i) => {
    const recorded = totals[i];
    const population = snapshot.population(area.id, year);
    return { area, recorded, population, rate: crimeRatePer1000(recorded, population) };
  });
  // Peer groups hold forces; members' totals are exact, so one below force level withholds the
  // comparison from a caller who sees its counts perturbed, whatever the counts (src/auth/disclosure.ts).
  if (disclosure.restricted || rated.some((r) => isBelowForce(r.area.level) && memberPerturbed(r.area))) {
    noteFiguresWithheld(ctx);
    return null;
  }
  const own = rated.find((r) => r.area.id === node.area.id);
  const comparison = peerComparison(
    own?.rate ?? null,
    rated.map((r) => r.rate).filter((r): r is number => r !== null),
  );
  const ranked = [...rated].sort((a, b) => (b.rate ?? -Infinity) - (a.rate ?? -Infinity));
  return new PeerComparisonResult(
    own?.rate ?? null,
    comparison?.peerMean ?? null,
    comparison?.peerStdDev ?? null,
    comparison?.band ?? 'SIMILAR',
    group,
    own?.rate == null ? null : ranked.findIndex((r) => r.area.id === node.area.id) + 1,
    ranked,
    { kind: 'ROLLING', from: window.from, to: window.to, months: monthCount(window.from, window.to) },
  );
}
