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
    "\n  query PartnerFigure($area: String!, $category: String!, $period: PeriodInput!) {\n    performance(area: $area, category: $category, period: $period) {\n      area { code name }\n      category { code name }\n      period { label }\n      recorded\n      previousRecorded\n      percentChange\n      crimeRatePer1000\n      disclosure { withheld reason }\n    }\n  }\n": typeof types.PartnerFigureDocument,
    "\n  query PartnerLeague($category: String!, $period: PeriodInput!, $first: Int!) {\n    leagueTable(category: $category, period: $period, level: FORCE, orderBy: CRIME_RATE, direction: DESC, first: $first) {\n      area { code name }\n      recorded\n      crimeRatePer1000\n      disclosure { withheld }\n    }\n  }\n": typeof types.PartnerLeagueDocument,
};
const documents: Documents = {
    "\n  query PartnerFigure($area: String!, $category: String!, $period: PeriodInput!) {\n    performance(area: $area, category: $category, period: $period) {\n      area { code name }\n      category { code name }\n      period { label }\n      recorded\n      previousRecorded\n      percentChange\n      crimeRatePer1000\n      disclosure { withheld reason }\n    }\n  }\n": types.PartnerFigureDocument,
    "\n  query PartnerLeague($category: String!, $period: PeriodInput!, $first: Int!) {\n    leagueTable(category: $category, period: $period, level: FORCE, orderBy: CRIME_RATE, direction: DESC, first: $first) {\n      area { code name }\n      recorded\n      crimeRatePer1000\n      disclosure { withheld }\n    }\n  }\n": types.PartnerLeagueDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PartnerFigure($area: String!, $category: String!, $period: PeriodInput!) {\n    performance(area: $area, category: $category, period: $period) {\n      area { code name }\n      category { code name }\n      period { label }\n      recorded\n      previousRecorded\n      percentChange\n      crimeRatePer1000\n      disclosure { withheld reason }\n    }\n  }\n"): typeof import('./graphql.js').PartnerFigureDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PartnerLeague($category: String!, $period: PeriodInput!, $first: Int!) {\n    leagueTable(category: $category, period: $period, level: FORCE, orderBy: CRIME_RATE, direction: DESC, first: $first) {\n      area { code name }\n      recorded\n      crimeRatePer1000\n      disclosure { withheld }\n    }\n  }\n"): typeof import('./graphql.js').PartnerLeagueDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
