/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** A period of whole months. Send one of: financialYear ("2013-14", April to March); financialYear with asOf (year to date); asOf alone (year to date of its financial year); rollingMonths with asOf or to (the N months ending there); quarter ("2013-Q3"); month ("2013-11"); from with to (any range). The comparison period is always the same months a year earlier. */
export type PeriodInput = {
  /** Last month of a year to date or rolling period, YYYY-MM. */
  asOf?: string | null | undefined;
  /** Financial year, e.g. "2013-14" (April 2013 to March 2014). */
  financialYear?: string | null | undefined;
  /** First month of a custom range, YYYY-MM. */
  from?: string | null | undefined;
  /** A single month, YYYY-MM. */
  month?: string | null | undefined;
  /** A calendar quarter, e.g. "2013-Q3" (July to September 2013). */
  quarter?: string | null | undefined;
  /** Length of a rolling period in months (1 to 120), ending at asOf or to. */
  rollingMonths?: number | null | undefined;
  /** Last month of a custom range (or of a rolling period), YYYY-MM. */
  to?: string | null | undefined;
};

export type PartnerFigureQueryVariables = Exact<{
  area: string;
  category: string;
  period: PeriodInput;
}>;


export type PartnerFigureQuery = { performance: { recorded: number | null, previousRecorded: number | null, percentChange: number | null, crimeRatePer1000: number | null, area: { code: string, name: string }, category: { code: string, name: string }, period: { label: string }, disclosure: { withheld: boolean, reason: string | null } } };

export type PartnerLeagueQueryVariables = Exact<{
  category: string;
  period: PeriodInput;
  first: number;
}>;


export type PartnerLeagueQuery = { leagueTable: Array<{ recorded: number | null, crimeRatePer1000: number | null, area: { code: string, name: string }, disclosure: { withheld: boolean } }> };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const PartnerFigureDocument = new TypedDocumentString(`
    query PartnerFigure($area: String!, $category: String!, $period: PeriodInput!) {
  performance(area: $area, category: $category, period: $period) {
    area {
      code
      name
    }
    category {
      code
      name
    }
    period {
      label
    }
    recorded
    previousRecorded
    percentChange
    crimeRatePer1000
    disclosure {
      withheld
      reason
    }
  }
}
    `) as unknown as TypedDocumentString<PartnerFigureQuery, PartnerFigureQueryVariables>;
export const PartnerLeagueDocument = new TypedDocumentString(`
    query PartnerLeague($category: String!, $period: PeriodInput!, $first: Int!) {
  leagueTable(
    category: $category
    period: $period
    level: FORCE
    orderBy: CRIME_RATE
    direction: DESC
    first: $first
  ) {
    area {
      code
      name
    }
    recorded
    crimeRatePer1000
    disclosure {
      withheld
    }
  }
}
    `) as unknown as TypedDocumentString<PartnerLeagueQuery, PartnerLeagueQueryVariables>;