import { Extensions, Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Area, PeerGroup } from '../area/area.type';
import { CrimeCategory } from '../category/category.type';
import { Objective } from '../plan/plan.type';
import { OutcomeType } from '../enums/enums';
import { Period } from '../period/period.type';
import type { AreaRecord, CategoryRecord } from '../loaders/dimension.loaders';
import { needs } from './performance.fields';

/**
 * The Performance object type. Its figures are field resolvers of PerformanceResolver
 * (performance.resolver.ts), computed from a PerformanceNode (performance.node.ts), which extends
 * this class; each field declares what it needs with `@Extensions(needs(...))`.
 */
@ObjectType({
  description:
    'Recorded crime and outcomes of an area (summed over the areas below it) and a category (summed over its ' +
    'subcategories) for a period, against the same months a year earlier and against the targets of the Police ' +
    'and Crime Plan that apply. Percentages are percentages (27.4, not 0.274), unrounded.',
})
export class Performance {
  @Extensions(needs({ prefetch: 'nothing', months: 'period' }))
  @Field(() => Area, { description: 'The area.' })
  area!: AreaRecord;

  @Extensions(needs({ prefetch: 'nothing', months: 'period' }))
  @Field(() => CrimeCategory, { description: 'The crime category.' })
  category!: CategoryRecord;
}

export enum TrendDirection {
  RISING = 'RISING',
  FALLING = 'FALLING',
  STABLE = 'STABLE',
}
registerEnumType(TrendDirection, {
  name: 'TrendDirection',
  description:
    'Direction of the least-squares trend: RISING above +5% relative change over the months, FALLING below -5%, ' +
    'else STABLE.',
  valuesConfig: {
    RISING: { description: 'Relative change above +5%.' },
    FALLING: { description: 'Relative change below -5%.' },
    STABLE: { description: 'Relative change within +/-5%, or too few months to tell.' },
  },
});

export enum PeerBand {
  HIGHER = 'HIGHER',
  SIMILAR = 'SIMILAR',
  LOWER = 'LOWER',
}
registerEnumType(PeerBand, {
  name: 'PeerBand',
  description:
    "Where an area's crime rate sits against its peer group: above, inside or below one standard deviation of " +
    "the group's mean.",
  valuesConfig: {
    HIGHER: { description: 'Above the peer mean by more than one standard deviation.' },
    SIMILAR: { description: 'Within one standard deviation of the peer mean.' },
    LOWER: { description: 'Below the peer mean by more than one standard deviation.' },
  },
});

export enum ControlSignal {
  BEYOND_UPPER_LIMIT = 'BEYOND_UPPER_LIMIT',
  BEYOND_LOWER_LIMIT = 'BEYOND_LOWER_LIMIT',
  RUN_ABOVE_CENTRE = 'RUN_ABOVE_CENTRE',
  RUN_BELOW_CENTRE = 'RUN_BELOW_CENTRE',
}
registerEnumType(ControlSignal, {
  name: 'ControlSignal',
  description:
    'A signal of special-cause variation on an XmR chart: a point beyond a limit, or a run of eight on one side ' +
    'of the centre line.',
  valuesConfig: {
    BEYOND_UPPER_LIMIT: { description: 'The point is above the upper limit.' },
    BEYOND_LOWER_LIMIT: { description: 'The point is below the lower limit.' },
    RUN_ABOVE_CENTRE: { description: 'The point ends a run of eight or more above the centre line.' },
    RUN_BELOW_CENTRE: { description: 'The point ends a run of eight or more below the centre line.' },
  },
});

@ObjectType({ description: 'One month of a series, with the same month a year earlier.' })
export class MonthValue {
  @Field(() => String, { description: 'The month, YYYY-MM.' })
  month!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'Recorded crimes (incidents for INCIDENT categories) in the month; 0 when no data; null when withheld.',
  })
  recorded!: number | null;

  @Field(() => Int, { nullable: true, description: 'Outcomes in the month; null when withheld.' })
  outcomes!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Outcomes as a percentage of recorded crimes in the month; null when none were recorded, or when withheld.',
  })
  outcomeRate!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Recorded crimes in the same month a year earlier; null when withheld.',
  })
  previousRecorded!: number | null;

  @Field(() => Boolean, {
    description:
      'Always false: counts are perturbed for some callers, never withheld (see Performance.disclosure); kept ' +
      'for clients of the former rule.',
  })
  withheld!: boolean;

  @Field(() => Boolean, {
    description: 'Whether any fact was loaded for this month (false means the 0 is an absence of data).',
  })
  hasData!: boolean;
}

@ObjectType({ description: 'Which months of a period had data: figures over months without data count them as 0.' })
export class Coverage {
  @Field(() => [String], { description: 'Months of the period with at least one fact.' })
  monthsWithData!: string[];

  @Field(() => [String], { description: 'Months of the period with no fact at all.' })
  monthsWithoutData!: string[];

  @Field(() => Boolean, { description: 'True when every month of the period has data.' })
  complete!: boolean;
}

@ObjectType({ description: 'The objective a figure was measured against, and where it was set.' })
export class TargetSource {
  objectiveId!: number;
  areaId!: number;

  @Field(() => Objective, { description: 'The objective.' })
  objective!: Objective;

  @Field(() => Area, {
    description: 'The area the target was set for (the area itself, or the nearest area above it with a target).',
  })
  setFor!: Area;

  @Field(() => Boolean, {
    description: 'True when the target was set for an area above this one and applies here by cascade.',
  })
  inherited!: boolean;
}

@ObjectType({ description: "Least-squares trend of the last N monthly values ending at the period's last month." })
export class Trend {
  @Field(() => TrendDirection, { description: 'RISING, FALLING or STABLE.' })
  direction!: TrendDirection;

  @Field(() => Float, { nullable: true, description: 'Slope in crimes per month; null with fewer than two months.' })
  slope!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'slope x (N - 1) / mean x 100: the change over the months as a percentage of their mean.',
  })
  relativeChange!: number | null;

  @Field(() => Int, { description: 'Number of months fitted (N).' })
  months!: number;
}

@ObjectType({ description: 'A member of a peer group with its crime rate.' })
export class PeerRate {
  @Field(() => Area, { description: 'The member area.' })
  area!: Area;

  @Field(() => Int, { description: 'Recorded crimes over the months compared.' })
  recorded!: number;

  @Field(() => Int, { nullable: true, description: 'Population for the calendar year of the last month compared.' })
  population!: number | null;

  @Field(() => Float, { nullable: true, description: 'Crimes per 1,000 people; null without a population.' })
  rate!: number | null;
}

@ObjectType({
  description:
    "An area's crime rate against its peer group: the unweighted mean of every member's rate (the area's own " +
    "included, as HMIC's comparator computes the MSG average) with a band of one population standard deviation.",
})
export class PeerComparison {
  @Field(() => Float, {
    nullable: true,
    description:
      "The area's crimes per 1,000 people over the months compared; 0 with no crimes. Null when the area's " +
      'population for the year is unknown.',
  })
  rate!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "Mean of the members' rates (members without a known population left out). Null when the area's own rate " +
      'is null or fewer than two members have a rate.',
  })
  peerMean!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "Population standard deviation of the members' rates. Null when peerMean is null.",
  })
  peerStdDev!: number | null;

  @Field(() => PeerBand, { description: 'HIGHER, SIMILAR or LOWER.' })
  band!: PeerBand;

  @Field(() => PeerGroup, { description: 'The peer group compared with.' })
  group!: PeerGroup;

  @Field(() => Period, { description: 'The months compared.' })
  period!: Period;

  @Field(() => Int, {
    nullable: true,
    description: "The area's position from the highest rate (1) to the lowest. Null when the area's own rate is null.",
  })
  rank!: number | null;

  @Field(() => [PeerRate], { description: 'Every member with its rate, highest rate first.' })
  members!: PeerRate[];
}

@ObjectType({ description: 'One point of an XmR control chart.' })
export class ControlPoint {
  @Field(() => String, { description: 'The month, YYYY-MM.' })
  month!: string;

  @Field(() => Int, { description: 'The value (recorded crimes).' })
  value!: number;

  @Field(() => Float, { nullable: true, description: 'Moving range: the absolute difference from the month before.' })
  movingRange!: number | null;

  @Field(() => [ControlSignal], { description: 'Signals of special-cause variation at this point.' })
  signals!: ControlSignal[];
}

@ObjectType({
  description:
    'XmR (individuals) control chart of the monthly series: centre line = mean, limits = mean +/- 2.66 x the ' +
    'mean moving range. Points beyond the limits, or eight in a row on one side of the centre, are signals of a ' +
    'real change rather than noise.',
})
export class ControlChart {
  @Field(() => Float, { description: 'Centre line: the mean of the months.' })
  centreLine!: number;

  @Field(() => Float, { nullable: true, description: 'Upper natural process limit.' })
  upperLimit!: number | null;

  @Field(() => Float, { nullable: true, description: 'Lower natural process limit (not below 0).' })
  lowerLimit!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean moving range.' })
  averageMovingRange!: number | null;

  @Field(() => [ControlPoint], { description: 'The months charted, oldest first.' })
  points!: ControlPoint[];

  @Field(() => Boolean, { description: 'True when any point carries a signal.' })
  hasSignal!: boolean;
}

@ObjectType({
  description:
    'Whether the change on the comparison period is larger than chance: an exact conditional (binomial) test of ' +
    'two Poisson counts over equal months.',
})
export class Significance {
  @Field(() => Float, { description: 'Two-sided p-value.' })
  pValue!: number;

  @Field(() => Float, { description: 'Signed z-score of the change.' })
  zScore!: number;

  @Field(() => Boolean, { description: 'True when the p-value is below 0.05.' })
  significant!: boolean;
}

@ObjectType({ description: "A part's share of a change: which child category or child area accounts for it." })
export class Contribution {
  @Field(() => CrimeCategory, {
    nullable: true,
    description: 'The child category, when contributions are by category.',
  })
  category!: CrimeCategory | null;

  @Field(() => Area, { nullable: true, description: 'The child area, when contributions are by area.' })
  area!: Area | null;

  @Field(() => Int, { description: 'Recorded in the period.' })
  recorded!: number;

  @Field(() => Int, { description: 'Recorded in the comparison period.' })
  previousRecorded!: number;

  @Field(() => Int, { description: 'recorded - previousRecorded.' })
  change!: number;

  @Field(() => Float, { nullable: true, description: 'Percent change; null when previousRecorded is 0.' })
  percentChange!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "This part's change as a percentage of the whole change (negative when it moved against it); null when the " +
      'whole did not change.',
  })
  shareOfChange!: number | null;
}

@ObjectType({ description: 'Outcomes of one type in the period and the comparison period.' })
export class OutcomeTypeCount {
  @Field(() => OutcomeType, { description: 'The outcome type.' })
  outcomeType!: OutcomeType;

  @Field(() => Int, { description: 'Outcomes of this type in the period.' })
  count!: number;

  @Field(() => Int, { description: 'Outcomes of this type in the comparison period.' })
  previousCount!: number;
}
