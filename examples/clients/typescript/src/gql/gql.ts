/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query PartnerFigure($area: String!, $category: String!, $period: PeriodInput!) {\n    performance(area: $area, category: $category, period: $period) {\n      area {\n        code\n        name\n      }\n      category {\n        code\n        name\n      }\n      period {\n        label\n      }\n      recorded\n      previousRecorded\n      percentChange\n      crimeRatePer1000\n      disclosure {\n        withheld\n        reason\n      }\n    }\n  }\n": typeof types.PartnerFigureDocument,
    "\n  query PartnerLeague($category: String!, $period: PeriodInput!, $first: Int!) {\n    leagueTable(\n      category: $category\n      period: $period\n      level: FORCE\n      orderBy: CRIME_RATE\n      direction: DESC\n      first: $first\n    ) {\n      area {\n        code\n        name\n      }\n      recorded\n      crimeRatePer1000\n      disclosure {\n        withheld\n      }\n    }\n  }\n": typeof types.PartnerLeagueDocument,
};
const documents: Documents = {
    "\n  query PartnerFigure($area: String!, $category: String!, $period: PeriodInput!) {\n    performance(area: $area, category: $category, period: $period) {\n      area {\n        code\n        name\n      }\n      category {\n        code\n        name\n      }\n      period {\n        label\n      }\n      recorded\n      previousRecorded\n      percentChange\n      crimeRatePer1000\n      disclosure {\n        withheld\n        reason\n      }\n    }\n  }\n": types.PartnerFigureDocument,
    "\n  query PartnerLeague($category: String!, $period: PeriodInput!, $first: Int!) {\n    leagueTable(\n      category: $category\n      period: $period\n      level: FORCE\n      orderBy: CRIME_RATE\n      direction: DESC\n      first: $first\n    ) {\n      area {\n        code\n        name\n      }\n      recorded\n      crimeRatePer1000\n      disclosure {\n        withheld\n      }\n    }\n  }\n": types.PartnerLeagueDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PartnerFigure($area: String!, $category: String!, $period: PeriodInput!) {\n    performance(area: $area, category: $category, period: $period) {\n      area {\n        code\n        name\n      }\n      category {\n        code\n        name\n      }\n      period {\n        label\n      }\n      recorded\n      previousRecorded\n      percentChange\n      crimeRatePer1000\n      disclosure {\n        withheld\n        reason\n      }\n    }\n  }\n"): typeof import('./graphql.js').PartnerFigureDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PartnerLeague($category: String!, $period: PeriodInput!, $first: Int!) {\n    leagueTable(\n      category: $category\n      period: $period\n      level: FORCE\n      orderBy: CRIME_RATE\n      direction: DESC\n      first: $first\n    ) {\n      area {\n        code\n        name\n      }\n      recorded\n      crimeRatePer1000\n      disclosure {\n        withheld\n      }\n    }\n  }\n"): typeof import('./graphql.js').PartnerLeagueDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
