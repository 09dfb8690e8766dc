/** The GraphQL input that names a period; the rules that turn it into months are in period.ts. */
import { Field, InputType, Int } from 'type-graphql';
import type { PeriodSpec } from './period';

@InputType({
  description:
    'A period of whole months. Send one of: financialYear ("2013-14", April to March); financialYear with asOf ' +
    '(year to date); asOf alone (year to date of its financial year); rollingMonths with asOf or to (the N ' +
    'months ending there); quarter ("2013-Q3"); month ("2013-11"); from with to (any range). The comparison ' +
    'period is always the same months a year earlier.',
})
export class PeriodInput implements PeriodSpec {
  @Field(() => String, { nullable: true, description: 'Financial year, e.g. "2013-14" (April 2013 to March 2014).' })
  financialYear?: string | null;

  @Field(() => String, { nullable: true, description: 'Last month of a year to date or rolling period, YYYY-MM.' })
  asOf?: string | null;

  @Field(() => String, { nullable: true, description: 'First month of a custom range, YYYY-MM.' })
  from?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Last month of a custom range (or of a rolling period), YYYY-MM.',
  })
  to?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Length of a rolling period in months (1 to 120), ending at asOf or to.',
  })
  rollingMonths?: number | null;

  @Field(() => String, { nullable: true, description: 'A calendar quarter, e.g. "2013-Q3" (July to September 2013).' })
  quarter?: string | null;

  @Field(() => String, { nullable: true, description: 'A single month, YYYY-MM.' })
  month?: string | null;
}
