import { ArgsType, Field, registerEnumType } from 'type-graphql';
import { PeriodInput } from '../period/period.inputs';

@ArgsType()
export class PerformanceArgs {
  @Field(() => String, { description: 'Area code, e.g. LEICESTERSHIRE, CITY, BLABY.' })
  area!: string;

  @Field(() => String, { description: 'Crime category code, e.g. DOMESTIC_BURGLARY or ALL_CRIME.' })
  category!: string;

  @Field(() => PeriodInput, { description: 'The period; the comparison period is the same months a year earlier.' })
  period!: PeriodInput;
}

export enum PerformanceOrder {
  NAME = 'NAME',
  RECORDED = 'RECORDED',
  CHANGE = 'CHANGE',
  PERCENT_CHANGE = 'PERCENT_CHANGE',
  GAP_TO_TARGET = 'GAP_TO_TARGET',
  OUTCOME_RATE = 'OUTCOME_RATE',
  CRIME_RATE = 'CRIME_RATE',
}
registerEnumType(PerformanceOrder, {
  name: 'PerformanceOrder',
  description:
    'Figure to order by. CHANGE with DESC gives the largest numerical increase first; PERCENT_CHANGE with ASC ' +
    'the greatest percentage reduction first. Rows without the figure come last.',
  valuesConfig: {
    NAME: { description: 'By area name (then category name).' },
    RECORDED: { description: 'By recorded crimes in the period.' },
    CHANGE: { description: 'By numerical change on the comparison period.' },
    PERCENT_CHANGE: { description: 'By percent change on the comparison period.' },
    GAP_TO_TARGET: { description: 'By crimes short of the reduction target.' },
    OUTCOME_RATE: { description: 'By outcome rate.' },
    CRIME_RATE: {
      description: 'By crimes per 1,000 residents (crimeRatePer1000); areas without a population come last.',
    },
  },
});

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, {
  name: 'SortDirection',
  description: 'ASC: smallest first; DESC: largest first.',
  valuesConfig: {
    ASC: { description: 'Smallest first.' },
    DESC: { description: 'Largest first.' },
  },
});

export enum ContributionBy {
  CATEGORY = 'CATEGORY',
  AREA = 'AREA',
}
registerEnumType(ContributionBy, {
  name: 'ContributionBy',
  description: 'Break a change down by child categories or by child areas.',
  valuesConfig: {
    CATEGORY: { description: 'By child category.' },
    AREA: { description: 'By child area.' },
  },
});
