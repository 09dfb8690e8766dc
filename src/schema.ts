import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { AreaResolver, PeerGroupResolver } from './area/area.resolver';
import { CategoryResolver } from './category/category.resolver';
import { ObjectiveResolver, PlanResolver } from './plan/plan.resolver';
import { PerformanceResolver, TargetSourceResolver } from './performance/performance.resolver';
import { PerformanceAnalysisResolver } from './performance/performance-analysis.resolver';
import { performanceFields } from './performance/performance.fields';
import { LeagueTableResolver } from './performance/league.resolver';
import { SatisfactionResolver } from './satisfaction/satisfaction.resolver';
import { ScorecardResolver } from './scorecard/scorecard.resolver';
import { AdminResolver } from './auth/admin.resolver';
import { authChecker } from './auth/auth-checker';
import { CategorySensitivityResolver } from './auth/sensitivity';
import { AreaMutationResolver, PeerGroupMutationResolver } from './area/area.mutations';
import { CategoryMutationResolver } from './category/category.mutations';
import { PlanMutationResolver } from './plan/plan.mutations';
import { FactMutationResolver } from './facts/fact.mutations';
import { ImportResolver } from './import/import.resolver';
import { RateLimitResolver } from './ratelimit/rate-limit.resolver';
import { DatasetResolver } from './dataset/dataset.resolver';
import { compileDirectResolvers } from './direct-resolvers';

/** Every resolver of the API; the schema is built from their classes. */
export const RESOLVERS = [
  AreaResolver,
  PeerGroupResolver,
  CategoryResolver,
  PlanResolver,
  ObjectiveResolver,
  PerformanceResolver,
  PerformanceAnalysisResolver,
  TargetSourceResolver,
  LeagueTableResolver,
  SatisfactionResolver,
  ScorecardResolver,
  AdminResolver,
  CategorySensitivityResolver,
  AreaMutationResolver,
  PeerGroupMutationResolver,
  CategoryMutationResolver,
  PlanMutationResolver,
  FactMutationResolver,
  ImportResolver,
  RateLimitResolver,
  DatasetResolver,
] as const;

export function buildAppSchema(): Promise<GraphQLSchema> {
  // Authorisation lives in the schema: @Authorized fields are checked by authChecker (src/auth/roles.ts
  // has the role matrix); refusals reach clients as UNAUTHENTICATED or FORBIDDEN.
  // Fields that need none of type-graphql's per-call work resolve directly (src/direct-resolvers.ts).
  // A Performance field that does not declare what it needs stops the build (performance.fields.ts).
  return buildSchema({ resolvers: [...RESOLVERS] as never, validate: false, authChecker, authMode: 'error' }).then(
    (schema) => {
      performanceFields(schema);
      return compileDirectResolvers(schema, RESOLVERS).schema;
    },
  );
}
