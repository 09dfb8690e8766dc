import { Field, Float, ObjectType } from 'type-graphql';
import { Area } from '../area/area.type';
import { Performance } from '../performance/performance.type';
import { Period } from '../period/period.type';
import { Objective, Plan } from '../plan/plan.type';
import { Satisfaction } from '../satisfaction/satisfaction.type';
import { Harm } from '../enums/enums';
import { Disclosure } from '../auth/disclosure.type';

@ObjectType({
  description:
    "One row of the emergent scorecard: an objective's actual against its target, the gap, whether it is met, " +
    'and its classification. RECORDED_CRIME: actual = percent change, target = the targeted change (-13 for a ' +
    '13% reduction), gap = crimes short (positive) or ahead (negative). OUTCOME_RATE: actual and target are ' +
    'rates, gap = target rate x recorded - outcomes. SATISFACTION: actual and target are rates, gap = target - ' +
    'actual in points.',
})
export class ObjectiveStatus {
  objectiveId!: number;

  @Field(() => Objective, { description: 'The objective.' })
  objective!: Objective;

  @Field(() => Area, { description: 'The area scored (the target may have been set for an area above it).' })
  area!: Area;

  @Field(() => Float, {
    nullable: true,
    description:
      'The actual figure: percent change for RECORDED_CRIME, the rate for OUTCOME_RATE and SATISFACTION. Null ' +
      'when it cannot be worked out (no crimes in the comparison period or a comparison period before the data; ' +
      'nothing recorded; no respondents), or when withheld (see disclosure).',
  })
  actual!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The target on the same scale as actual (-13 for a 13% reduction); given for every objective.',
  })
  target!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Distance from the target, the exact decimal: positive = short of it (crimes, outcomes or points by ' +
      'measure). Null when actual (or, for RECORDED_CRIME, the target level) cannot be worked out, or when ' +
      'withheld.',
  })
  gap!: number | null;

  @Field(() => Boolean, { description: 'Whether the target is met (false when it cannot be measured).' })
  met!: boolean;

  @Field(() => Float, {
    nullable: true,
    description:
      'Shortfall in percentage points of the target measure (e.g. +4.6 - (-10) = 14.6), worked from the counts ' +
      'with one division; zero or negative when met. Null when actual is null.',
  })
  shortfallPoints!: number | null;

  @Field(() => Harm, {
    description:
      "Overall classification: the objective's harm, one level lower (not below LOW) when met or within the tolerance.",
  })
  classification!: Harm;

  @Field(() => Performance, {
    nullable: true,
    description: 'Every figure behind the row, for RECORDED_CRIME and OUTCOME_RATE objectives (children included).',
  })
  performance!: Performance | null;

  @Field(() => Satisfaction, {
    nullable: true,
    description: 'The satisfaction figures behind the row, for SATISFACTION objectives.',
  })
  satisfaction!: Satisfaction | null;

  @Field(() => Disclosure, {
    description:
      'What disclosure control did to the counts behind the row for this caller (EXACT or PERTURBED): a ' +
      'PERTURBED row is measured on the perturbed counts, as its performance or satisfaction is.',
  })
  disclosure!: Disclosure;
}

@ObjectType({
  description:
    "The report's dashboard in one request: the scorecard, all crime, and every satisfaction survey of the plan.",
})
export class Dashboard {
  @Field(() => Plan, { description: 'The plan.' })
  plan!: Plan;

  @Field(() => Area, { description: 'The area.' })
  area!: Area;

  @Field(() => Period, {
    description:
      "Year to date of the plan's financial year to asOf, clipped to the last month of recorded crime data (see " +
      '`clipped` and `requested`).',
  })
  period!: Period;

  @Field(() => [ObjectiveStatus], { description: 'The scorecard, highest classification first.' })
  scorecard!: ObjectiveStatus[];

  @Field(() => [ObjectiveStatus], {
    description: 'The rows classified HIGH: the higher threat objectives that get a page of their own.',
  })
  highThreats!: ObjectiveStatus[];

  @Field(() => Performance, { description: 'All crime for the period.' })
  allCrime!: Performance;

  @Field(() => [Satisfaction], { description: 'Every survey the plan sets a satisfaction target for.' })
  satisfaction!: Satisfaction[];
}
