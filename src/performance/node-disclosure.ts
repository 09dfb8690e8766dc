/**
 * The disclosure decision of one Performance node for one caller (src/auth/disclosure.ts): whether
 * its counts are exact or perturbed, decided once, from the caller, the area's level and the
 * category tree, never from the counts; now when the dimension snapshot is in, else once it loads.
 */
import type { Context } from '../context/context';
import { NOT_RESTRICTED, PERTURBED, type DisclosureDecision } from '../auth/disclosure';
import { protectionFor, protectionOf } from '../auth/protected-figures';
import type { AreaRecord, CategoryRecord } from '../loaders/dimension.loaders';

/** A category whose noise a node's counts carry. */
export type NoiseSource = CategoryRecord;

export class NodeDisclosure {
  /**
   * The categories whose noise the node's counts carry for this caller, or null when they are
   * exact; undefined until decided.
   */
  private noiseSources?: NoiseSource[] | null;
  private decision?: DisclosureDecision;
  private pending?: Promise<DisclosureDecision>;

  constructor(
    private readonly area: AreaRecord,
    private readonly category: CategoryRecord,
  ) {}

  /** The noise sources as decided so far, without deciding (undefined: not yet). */
  get decided(): NoiseSource[] | null | undefined {
    return this.noiseSources;
  }

  /** The noise sources when they can be told now (undefined while the snapshot loads). */
  protection(ctx: Context): NoiseSource[] | null | undefined {
    if (this.noiseSources === undefined) this.noiseSources = protectionOf(ctx, this.area, this.category);
    return this.noiseSources;
  }

  /** The noise sources, waiting for the snapshot when needed. */
  async protectionSettled(ctx: Context): Promise<NoiseSource[] | null> {
    const now = this.protection(ctx);
    if (now !== undefined) return now;
    const sources = await protectionFor(ctx, this.area, this.category);
    this.noiseSources ??= sources;
    return this.noiseSources;
  }

  /** Whether the counts may be perturbed for this caller (or it is not known yet). */
  mayBeRestricted(ctx: Context): boolean {
    return this.protection(ctx) !== null;
  }

  /** The decision when it can be made now, without waiting. */
  now(ctx: Context): DisclosureDecision | undefined {
    if (this.decision) return this.decision;
    const sources = this.protection(ctx);
    if (sources === undefined) return undefined;
    return (this.decision = sources ? PERTURBED(ctx.disclosureThreshold) : NOT_RESTRICTED(ctx.disclosureThreshold));
  }

  /** The decision, once. */
  settled(ctx: Context): Promise<DisclosureDecision> {
    const now = this.now(ctx);
    if (now) return (this.pending ??= Promise.resolve(now));
    this.pending ??= protectionFor(ctx, this.area, this.category).then((sources) => {
      this.noiseSources ??= sources;
      return (this.decision = sources ? PERTURBED(ctx.disclosureThreshold) : NOT_RESTRICTED(ctx.disclosureThreshold));
    });
    return this.pending;
  }
}
