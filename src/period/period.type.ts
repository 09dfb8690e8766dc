/** The GraphQL face of a period: how it was named, its months, and whether it was clipped to the data. */
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { formatMonth } from './month';
import type { ResolvedPeriod } from './period';

export enum PeriodKind {
  FINANCIAL_YEAR = 'FINANCIAL_YEAR',
  YEAR_TO_DATE = 'YEAR_TO_DATE',
  ROLLING = 'ROLLING',
  QUARTER = 'QUARTER',
  MONTH = 'MONTH',
  CUSTOM = 'CUSTOM',
}
registerEnumType(PeriodKind, {
  name: 'PeriodKind',
  description: 'How a period was named.',
  valuesConfig: {
    FINANCIAL_YEAR: { description: 'A financial year, April to March.' },
    YEAR_TO_DATE: { description: 'A financial year from April to a month.' },
    ROLLING: { description: 'The N months ending at a month.' },
    QUARTER: { description: 'A calendar quarter.' },
    MONTH: { description: 'A single month.' },
    CUSTOM: { description: 'Any range of months.' },
  },
});

@ObjectType({ description: 'A range of whole months.' })
export class Period {
  @Field(() => PeriodKind, { description: 'How the period was named.' })
  kind!: PeriodKind;

  @Field(() => String, { description: 'First month, YYYY-MM.' })
  from!: string;

  @Field(() => String, { description: 'Last month, YYYY-MM.' })
  to!: string;

  @Field(() => Int, { description: 'Number of months.' })
  months!: number;

  @Field(() => String, { description: 'The period in words, e.g. "2013-14 year to date to 2013-11".' })
  label!: string;

  @Field(() => Boolean, {
    description:
      'True when these months are fewer than were asked for: the period reached past the last month of data (or ' +
      'before the first) and was clipped to the months the store holds, for it and its comparison alike (see ' +
      '`requested` and the PERIOD_CLIPPED warning).',
  })
  clipped!: boolean;

  @Field(() => Period, { description: 'The period as it was asked for; the same as this one unless `clipped`.' })
  requested!: Period;
}

/** A resolved period as the GraphQL `Period`; `requested` is the period as asked for when clipping changed it. */
export function toPeriod(p: ResolvedPeriod, requested: ResolvedPeriod = p): Period {
  const clipped = requested.from !== p.from || requested.to !== p.to;
  const value: Period = Object.assign(new Period(), {
    kind: p.kind as PeriodKind,
    from: formatMonth(p.from),
    to: formatMonth(p.to),
    months: p.months,
    label: p.label,
    clipped,
  });
  value.requested = clipped ? toPeriod(requested) : value;
  return value;
}
