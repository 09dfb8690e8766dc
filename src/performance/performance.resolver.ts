/**
 * The `performance` query and the fields of Performance that a performance page opens with: the
 * periods, the disclosure decision, the counts, changes, targets and outcomes. The rest of its
 * fields are in performance-analysis.resolver.ts; what each field needs is declared on it
 * (`@Extensions(needs(...))`, performance.fields.ts).
 */
import { Args, Ctx, Extensions, FieldResolver, Float, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import { Area } from '../area/area.type';
import type { Context } from '../context/context';
import { comparisonPeriod } from '../period/period';
import { Period, toPeriod } from '../period/period.type';
import { Objective } from '../plan/plan.type';
import { Disclosure } from '../auth/disclosure.type';
import { FIGURES, hintPeriodEnd } from '../cache/cache-hints';
import { PerformanceArgs } from './performance.args';
import { Performance, TargetSource } from './performance.type';
import { needs } from './performance.fields';
import { figuresField, PerformanceNode, shownField } from './performance.node';
import { performanceFor, warnMonthsWithoutData } from './performance.service';
import { prefetch } from './prefetch';
import { targetSource } from './field-figures';

@Resolver(() => Performance)
export class PerformanceResolver {
  @Extensions(FIGURES)
  @Query(() => Performance, {
    description:
      'Every figure of a performance page for one area, category and period. Unknown codes are NOT_FOUND; a ' +
      'malformed period is BAD_USER_INPUT.',
  })
  async performance(
    @Args(() => PerformanceArgs) { area, category, period }: PerformanceArgs,
    @Ctx() ctx: Context,
    @Info() info?: GraphQLResolveInfo,
  ) {
    const path = info ? responsePathAsArray(info.path) : undefined;
    const node = await performanceFor(ctx, area, category, period, path);
    // The months compared (clipped to the data) set the cache lifetime, not the months asked for.
    hintPeriodEnd(ctx, node.range.to);
    // Its figures (and peer comparison) loaded before its fields resolve, as a league table's rows
    // are: the fields then complete without a promise each. Aliased `performance` fields of one
    // document prefetch together, in the same batches.
    if (info) await prefetch(ctx, [node], info, { ownNodes: true });
    warnMonthsWithoutData(ctx, [node], path);
    return node;
  }

  @Extensions(needs({ prefetch: 'nothing', months: 'period' }))
  @FieldResolver(() => Period, {
    description:
      'The months compared: the period asked for, clipped to the months the store holds recorded crime for (see ' +
      '`requested` and `clipped`, and the PERIOD_CLIPPED warning).',
  })
  period(@Root() node: PerformanceNode) {
    return toPeriod(node.range, node.requested);
  }

  @Extensions(needs({ prefetch: 'nothing', months: 'period' }))
  @FieldResolver(() => Period, { description: 'The same months a year earlier than the months compared (`period`).' })
  comparisonPeriod(@Root() node: PerformanceNode) {
    return toPeriod(node.comparisonRange, comparisonPeriod(node.requested));
  }

  @Extensions(needs({ prefetch: 'figures', months: 'comparison' }))
  @FieldResolver(() => Disclosure, {
    description:
      'What disclosure control did to these figures for this caller (EXACT or PERTURBED) and why: below force ' +
      'level, counts holding sensitive records carry small noise for callers without an API key, and every ' +
      'figure here is worked out from them.',
  })
  disclosure(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return node.disclosure(ctx);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'period' }))
  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'Recorded crimes in the period (incidents, for INCIDENT categories); 0 when there were none (inside the ' +
      'data, a month without a fact counts as 0: see coverage and MONTHS_WITHOUT_DATA). Null only when withheld ' +
      '(see disclosure).',
  })
  recorded(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.recorded);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'comparison' }))
  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'Recorded crimes in the comparison period (months before the first month of data count as 0: see ' +
      'COMPARISON_BEFORE_DATA). Null only when withheld (see disclosure).',
  })
  previousRecorded(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.previousRecorded);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'comparison' }))
  @FieldResolver(() => Int, {
    nullable: true,
    description: 'recorded - previousRecorded. Null only when withheld (see disclosure).',
  })
  change(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.change);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'comparison' }))
  @FieldResolver(() => Float, {
    nullable: true,
    description:
      '(recorded - previousRecorded) x 100 / previousRecorded, one division of the counts. Null when ' +
      'previousRecorded is 0 (no percentage of nothing), when the comparison period starts before the first ' +
      'month of data (its counts are not known: COMPARISON_BEFORE_DATA), or when withheld (see disclosure).',
  })
  percentChange(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.percentChange);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'period' }))
  @FieldResolver(() => Float, {
    nullable: true,
    description: 'Reduction target in percent that applies (13 = a 13% reduction); null when no plan sets one.',
  })
  targetReduction(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return figuresField(ctx, node, (x) => x.targetReduction);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'comparison' }))
  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'previousRecorded x (100 - targetReduction) / 100, the exact decimal (1086.63): the most crimes that would ' +
      'meet the target. Null without a target, when the comparison period starts before the first month of data, ' +
      'or when withheld (see disclosure).',
  })
  targetLevel(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.targetLevel);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'comparison' }))
  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'recorded - targetLevel, the exact decimal (75.37): positive = crimes short of the target ("263 crimes ' +
      'short"), negative = ahead. Null when targetLevel is null, or when withheld (see disclosure).',
  })
  gapToTarget(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.gapToTarget);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'comparison' }))
  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      'gapToTarget <= 0; null when gapToTarget is null (no target, a comparison period not known, or withheld).',
  })
  targetMet(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.targetMet);
  }

  @Extensions(needs({ prefetch: 'nothing', months: 'comparison' }))
  @FieldResolver(() => TargetSource, {
    nullable: true,
    description: 'The recorded crime objective used for the target figures, and the area it was set for.',
  })
  async recordedCrimeTarget(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return targetSource(ctx, node, (await node.targets(ctx)).recordedCrime);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'period' }))
  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'Outcomes in the period (see OUTCOMES_INCOMPLETE when outcomes are loaded to an earlier month than ' +
      'crimes). Null only when withheld (see disclosure).',
  })
  outcomes(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.outcomes);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'comparison' }))
  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Outcomes in the comparison period. Null only when withheld (see disclosure).',
  })
  previousOutcomes(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.previousOutcomes);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'period' }))
  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'outcomes x 100 / recorded over the period, one division. Null when nothing was recorded (no rate over no ' +
      'crimes), or when withheld (see disclosure).',
  })
  outcomeRate(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.outcomeRate);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'comparison' }))
  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'The outcome rate of the comparison period. Null when nothing was recorded in it (or its counts are not ' +
      'known: COMPARISON_BEFORE_DATA), or when withheld (see disclosure).',
  })
  previousOutcomeRate(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.previousOutcomeRate);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'period' }))
  @FieldResolver(() => Float, {
    nullable: true,
    description: 'Outcome rate target in percent that applies; null when no plan sets one.',
  })
  targetOutcomeRate(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return figuresField(ctx, node, (x) => x.targetOutcomeRate);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'period' }))
  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'max(0, ceil(target rate x recorded - outcomes)), worked in integers: further outcomes needed to reach the ' +
      'target rate ("a further 219 outcomes are required"). Null without an outcome rate target, or when ' +
      'withheld (see disclosure).',
  })
  outcomesRequired(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.outcomesRequired);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'period' }))
  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'target rate x recorded / 100 - outcomes, the exact decimal (99.5); negative when ahead of the target. ' +
      'Null without an outcome rate target, or when withheld (see disclosure).',
  })
  outcomeGap(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.outcomeGap);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'period' }))
  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      'outcomeRate >= targetOutcomeRate, compared in integers; null without a target or without an outcome rate ' +
      '(nothing recorded), or when withheld (see disclosure).',
  })
  outcomeTargetMet(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.outcomeTargetMet);
  }

  @Extensions(needs({ prefetch: 'nothing', months: 'comparison' }))
  @FieldResolver(() => TargetSource, {
    nullable: true,
    description: 'The outcome rate objective used, and the area it was set for.',
  })
  async outcomeRateTarget(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return targetSource(ctx, node, (await node.targets(ctx)).outcomeRate);
  }
}

@Resolver(() => TargetSource)
export class TargetSourceResolver {
  @FieldResolver(() => Area, { description: 'The area the target was set for.' })
  setFor(@Root() source: TargetSource, @Ctx() ctx: Context) {
    return ctx.loaders.areaById.load(source.areaId);
  }

  @FieldResolver(() => Objective, { description: 'The objective.' })
  objective(@Root() source: TargetSource, @Ctx() ctx: Context) {
    return ctx.loaders.objectiveById.load(source.objectiveId);
  }
}
