import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Area } from '../area/area.type';
import { Period } from '../period/period.type';
import { SatisfactionAspect, Survey } from '../enums/enums';
import { Disclosure } from '../auth/disclosure.type';

@ObjectType({ description: 'Satisfaction with one aspect of the service over the rolling 12 months.' })
export class AspectRate {
  @Field(() => SatisfactionAspect, { description: 'The aspect.' })
  aspect!: SatisfactionAspect;

  @Field(() => Float, { nullable: true, description: 'satisfied / respondents x 100; null without respondents.' })
  rate!: number | null;

  @Field(() => Int, { description: 'Respondents who answered on this aspect.' })
  respondents!: number;

  @Field(() => Int, { description: 'Respondents satisfied with this aspect.' })
  satisfied!: number;
}

@ObjectType({
  description: 'One month of a satisfaction series: the month on its own and the rolling 12 months ending there.',
})
export class SatisfactionMonth {
  @Field(() => String, { description: 'The month, YYYY-MM.' })
  month!: string;

  @Field(() => Float, {
    nullable: true,
    description: 'Whole-experience satisfaction of that month alone; null without respondents that month.',
  })
  rate!: number | null;

  @Field(() => Int, { description: 'Respondents that month.' })
  respondents!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Whole-experience satisfaction over the 12 months ending that month; null without respondents in them.',
  })
  rollingRate!: number | null;
}

@ObjectType({
  description:
    'Victim satisfaction of an area (summed over the areas below it) for one survey: the rolling 12 months ' +
    "ending at asOf. rate and respondents are the WHOLE_EXPERIENCE aspect's; aspects lists every aspect.",
})
export class Satisfaction {
  areaId!: number;
  objectiveMatch!: { objectiveId: number; areaId: number } | null;

  @Field(() => Area, { description: 'The area.' })
  area!: Area;

  @Field(() => Survey, { description: 'The survey.' })
  survey!: Survey;

  @Field(() => Period, {
    description:
      'The 12 months measured: to asOf, or to the last month of survey data when asOf is past it (see `clipped`, ' +
      '`requested` and PERIOD_CLIPPED).',
  })
  period!: Period;

  @Field(() => Float, {
    nullable: true,
    description:
      'Whole-experience satisfaction in percent: sum(satisfied) / sum(respondents) x 100 over the 12 months; ' +
      'null without respondents.',
  })
  rate!: number | null;

  @Field(() => Int, { description: 'Whole-experience respondents over the 12 months.' })
  respondents!: number;

  @Field(() => Int, { description: 'Whole-experience satisfied respondents over the 12 months.' })
  satisfied!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Satisfaction target in percent from the plan that applies; null when none.',
  })
  target!: number | null;

  @Field(() => Boolean, { nullable: true, description: 'rate >= target; null without a target or a rate.' })
  targetMet!: boolean | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'target - rate in percentage points, worked from the counts with one division: positive = below target. ' +
      'Null without a target or without respondents.',
  })
  gap!: number | null;

  @Field(() => Disclosure, {
    description:
      'What disclosure control did to these counts for this caller: answers to a survey of victims of a ' +
      'sensitive category (RACIST_INCIDENT) below force level carry small noise for callers without an API key; ' +
      'rates are worked out from the perturbed counts.',
  })
  disclosure!: Disclosure;

  @Field(() => [AspectRate], { description: 'Every aspect with its rate over the 12 months.' })
  aspects!: AspectRate[];

  @Field(() => [SatisfactionMonth], {
    description:
      'The 12 months, each with its own rate and its rolling 12-month rate, to see where the rolling figure is ' +
      'heading.',
  })
  monthly!: SatisfactionMonth[];

  @Field(() => [String], { description: 'Months of the 12 with no responses loaded.' })
  monthsWithoutData!: string[];
}
