import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { AreaResolver, PeerGroupResolver } from './area/area.resolver';
import { CategoryResolver } from './category/category.resolver';
import { ObjectiveResolver, PlanResolver } from './plan/plan.resolver';
import { PerformanceResolver, TargetSourceResolver } from './performance/performance.resolver';
import { SatisfactionResolver } from './satisfaction/satisfaction.resolver';
import { ScorecardResolver } from './scorecard/scorecard.resolver';

/** Every resolver of the API; the schema is built from their classes. */
export const RESOLVERS = [AreaResolver, PeerGroupResolver, CategoryResolver, PlanResolver, ObjectiveResolver, PerformanceResolver, TargetSourceResolver, SatisfactionResolver, ScorecardResolver] as const;

export function buildAppSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [...RESOLVERS] as never, validate: false });
}
