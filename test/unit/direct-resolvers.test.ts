/**
 * compileDirectResolvers (src/direct-resolvers.ts) swaps type-graphql's per-field wrapper
 * resolvers for direct ones, and must change nothing a client can see. Two schemas are built:
 * type-graphql's as buildAppSchema() builds it but without the direct resolvers ("plain"), and
 * the app's own. Every operation of examples/ and bench/operations/, plus three documents here
 * that reach the compiled fields those leave out (the rest of the read graph, ADMIN's reads, a
 * dry-run import), runs on both against the seeded store with graphql-js's `execute`, each run
 * with a fresh context for the same caller, and the two results must be deeply equal (data and
 * errors). Fields with @Authorized roles keep type-graphql's resolver and refuse callers exactly
 * as before. Not reached: the result types of mutations that write (facts, police.uk imports,
 * createApiKey), which cannot run twice on one store with the same result.
 */
import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execute, isObjectType, parse, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage } from 'type-graphql';
import { createApiKey, revokeApiKey } from '../../src/auth/api-keys';
import { loadExamples } from '../support/examples';
import { authChecker } from '../../src/auth/auth-checker';
import { CLI_ACTOR, type Caller } from '../../src/auth/caller';
import { createContext } from '../../src/context/context';
import type { Database } from '../../src/db/database';
import { buildAppSchema, RESOLVERS } from '../../src/schema';
import { compileDirectResolvers } from '../../src/direct-resolvers';
import { openTestDatabase } from '../support/harness';

const ROOT = join(__dirname, '..', '..');
const TYPE_GRAPHQL_OPTIONS = {
  resolvers: [...RESOLVERS] as never,
  validate: false,
  authChecker,
  authMode: 'error' as const,
};

type Resolve = (...args: unknown[]) => unknown;

/** Every field resolver of a schema's object types, by coordinate ("Type.field"). */
function resolversOf(schema: GraphQLSchema): Map<string, Resolve | undefined> {
  const map = new Map<string, Resolve | undefined>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields()))
      map.set(`${type.name}.${field.name}`, field.resolve as Resolve | undefined);
  }
  return map;
}
const sourceOf = (fn: Resolve | undefined) => (fn ? fn.toString() : '(default resolver)');

/** Coordinates of every field declared with @Authorized, from type-graphql's metadata. */
function authorizedFields(): string[] {
  const storage = getMetadataStorage() as unknown as {
    queries: { schemaName: string; roles?: unknown[] }[];
    mutations: { schemaName: string; roles?: unknown[] }[];
    objectTypes: { name: string; fields?: { schemaName: string; roles?: unknown[] }[] }[];
  };
  return [
    ...storage.queries.filter((q) => q.roles).map((q) => `Query.${q.schemaName}`),
    ...storage.mutations.filter((m) => m.roles).map((m) => `Mutation.${m.schemaName}`),
    ...storage.objectTypes.flatMap((t) =>
      (t.fields ?? []).filter((f) => f.roles).map((f) => `${t.name}.${f.schemaName}`),
    ),
  ].sort();
}

/** How many `@Authorized(` decorators src/ declares (direct-resolvers.ts only mentions it in a comment). */
function authorizedDecoratorsInSource(dir = join(ROOT, 'src')): number {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'generated') count += authorizedDecoratorsInSource(path);
    } else if (entry.name.endsWith('.ts')) {
      count += (readFileSync(path, 'utf8').match(/^\s*@Authorized\(/gm) ?? []).length;
    }
  }
  return count;
}

interface Operation {
  name: string;
  document: string;
  variables: Record<string, unknown>;
  /** Who runs it: by default an anonymous caller, then a PARTNER key. */
  callers?: readonly (readonly [string, Caller | null])[];
  /** Fewest non-zero numbers its data must hold (default 4). */
  minNonZero?: number;
}

/** examples/*.graphql with their sibling .variables.json, as test/http/examples.test.ts runs them. */
function exampleOperations(): Operation[] {
  return loadExamples().map((e) => ({ ...e, name: `examples/${e.name}` }));
}

/**
 * bench/operations/*.graphql with the variables bench/bespoke.ts's graphqlVariables() gives them,
 * for parameters that exist in the seed (Leicestershire 2013-14; the seed has the eight forces of
 * its most similar group, so the FORCE league has rows to compare).
 */
const SEED_PARAMS = {
  force: 'LEICESTERSHIRE',
  lpu: 'BLABY',
  plan: 'LEICESTERSHIRE-2013-14',
  financialYear: '2013-14',
  asOf: '2013-11',
  category: 'DOMESTIC_BURGLARY',
};
const BENCH_VARIABLES: Record<string, Record<string, unknown>> = {
  figure: {
    area: SEED_PARAMS.lpu,
    category: SEED_PARAMS.category,
    period: { financialYear: SEED_PARAMS.financialYear, asOf: SEED_PARAMS.asOf },
  },
  dashboard: { plan: SEED_PARAMS.plan, area: SEED_PARAMS.force, asOf: SEED_PARAMS.asOf },
  scorecard: { plan: SEED_PARAMS.plan, area: SEED_PARAMS.force, asOf: SEED_PARAMS.asOf },
  league: {
    category: SEED_PARAMS.category,
    period: { financialYear: SEED_PARAMS.financialYear, asOf: SEED_PARAMS.asOf },
  },
  trend: { category: 'ALL_CRIME', period: { rollingMonths: 12, asOf: SEED_PARAMS.asOf } },
};
function benchOperations(): Operation[] {
  const dir = join(ROOT, 'bench', 'operations');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.graphql$/, '');
      const variables = BENCH_VARIABLES[name];
      if (!variables) throw new Error(`bench/operations/${f} has no variables here: add them to BENCH_VARIABLES`);
      return { name: `bench/${name}`, document: readFileSync(join(dir, f), 'utf8'), variables };
    });
}

/**
 * The read-only fields that examples/ and bench/operations/ leave out, on the seed: the area and
 * category trees, peer groups, plans and objectives, and the rest of Performance and
 * Satisfaction, with explicit pages and orders (@Args classes and enum arguments).
 */
const REST_OF_THE_GRAPH = `
query RestOfTheGraph($period: PeriodInput!) {
  areas(level: LPU, parent: "CITY", first: 3, offset: 1) { code name level }
  area(code: "LEICESTERSHIRE") {
    code name level parent { code } ancestors { code }
    children(first: 2) { code parent { code } ancestors { code } population(year: 2013) }
    descendants(level: LPU, first: 4, offset: 2) { code }
    peerGroups { code name members { code populations { year population } } }
    population(year: 2013)
    populations { year population }
  }
  categories(first: 5, offset: 2) { code name kind sensitive parent { code } }
  category(code: "VEHICLE_CRIME") { code kind sensitive parent { code } ancestors { code } children { code sensitive } }
  peerGroup(code: "LEICESTERSHIRE_MSG") { code name members { code level } }
  plans { code financialYear name objectives { id area { code } plan { code } category { code }
    description harm measure survey target } }
  performance(area: "CITY", category: "DOMESTIC_BURGLARY", period: $period) {
    period { from to label kind months }
    comparisonPeriod { from to kind months }
    coverage { complete monthsWithData monthsWithoutData }
    comparisonCoverage { complete monthsWithData monthsWithoutData }
    disclosure { withheld reason restricted threshold }
    significance { pValue zScore significant }
    recordedCrimeTarget { inherited setFor { code } objective { id target } }
    outcomeRateTarget { inherited setFor { code } objective { id target } }
    monthly { month recorded outcomes outcomeRate previousRecorded hasData withheld }
    controlChart(months: 12) { centreLine upperLimit lowerLimit averageMovingRange hasSignal points { month value
      movingRange signals } }
    contributions(by: AREA) { area { code } category { code }
      recorded previousRecorded change percentChange shareOfChange }
    children(orderBy: CHANGE, direction: DESC, first: 3) { area { code } recorded change }
    descendants(level: LPU, orderBy: OUTCOME_RATE, direction: DESC, first: 2, offset: 1) { area { code }
      outcomeRate outcomes }
    subcategories(orderBy: CHANGE) { category { code } recorded }
  }
  force: performance(area: "LEICESTERSHIRE", category: "VEHICLE_CRIME", period: $period) {
    peerComparison(months: 3) { rate peerMean peerStdDev rank band period { from to } group { code }
      members { area { code } rate recorded population } }
    significance { pValue zScore significant }
    descendants(level: BCU) { area { code } recorded disclosure { withheld } }
  }
  satisfaction(area: "LEICESTERSHIRE", survey: VEHICLE, asOf: "2013-11") {
    area { code } survey rate respondents satisfied target gap targetMet monthsWithoutData
    satisfactionTarget { inherited setFor { code } objective { id survey target } }
    aspects { aspect rate respondents satisfied }
    monthly { month rate respondents rollingRate }
    period { from to kind }
  }
  scorecard(plan: "LEICESTERSHIRE-2013-14", area: "CITY", asOf: "2013-11", orderBy: CLASSIFICATION) {
    area { code } classification actual target gap met disclosure { withheld restricted threshold }
  }
  leagueTable(category: "ALL_CRIME", period: $period, level: LPU, within: "LEICESTERSHIRE", orderBy: CHANGE,
    direction: DESC, first: 5, offset: 1) {
    area { code } change crimeRatePer1000 significance { zScore }
  }
}`;

const ANONYMOUS: Caller | null = null;
const PARTNER: Caller = { keyId: 1, name: 'partner-key', role: 'PARTNER' };
const STEWARD: Caller = { keyId: 2, name: 'steward-key', role: 'STEWARD' };
const ADMIN: Caller = { keyId: 3, name: 'admin-key', role: 'ADMIN' };

/**
 * The API keys and the audit log (two keys are made, one revoked, before the suite runs), and the caller's rate limit.
 */
const ADMIN_READS = `{
  apiKeys { name prefix role active createdAt lastUsedAt revokedAt }
  auditLog(first: 10) { id at actor role action target rows details }
  rateLimit { enabled scope limit cost used remaining }
}`;
/** A dry run writes nothing, so both schemas import the same three rows of the seed over the same store. */
const DRY_RUN_IMPORT = `mutation DryRun($csv: String!) {
  importCsv(kind: CRIMES, csv: $csv, dryRun: true) { kind rowsRead inserted replaced rejected dryRun errors { line
    column value reason file } }
}`;

const OPERATIONS: Operation[] = [
  ...exampleOperations(),
  ...benchOperations(),
  {
    name: 'rest of the graph',
    document: REST_OF_THE_GRAPH,
    variables: { period: { financialYear: '2013-14', asOf: '2013-11' } },
  },
  { name: 'ADMIN reads', document: ADMIN_READS, variables: {}, callers: [['an ADMIN key', ADMIN]] },
  {
    name: 'dry-run import',
    document: DRY_RUN_IMPORT,
    variables: {
      csv:
        readFileSync(join(ROOT, 'data', 'seed', 'crimes.csv'), 'utf8')
          .split('\n')
          .slice(0, 4)
          .join('\n') + '\n',
    },
    callers: [['a STEWARD key', STEWARD]],
    // rowsRead 3 and replaced 3 (each row replaces itself); inserted and rejected 0.
    minNonZero: 2,
  },
];

/** Every number in a result, depth first. */
function numbersIn(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) for (const v of value) numbersIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) numbersIn(v, out);
  return out;
}

let db: Database;
let dispose: () => Promise<void>;
let plain: GraphQLSchema;
let app: GraphQLSchema;
/** type-graphql's resolvers before compileDirectResolvers ran on a schema, and what it reported. */
let before: Map<string, Resolve | undefined>;
let after: Map<string, Resolve | undefined>;
let replaced: number;

/** Runs a document on a schema with a fresh context of its own; the result as a client would read it (JSON). */
async function run(
  schema: GraphQLSchema,
  document: string,
  variables: Record<string, unknown>,
  caller: Caller | null,
): Promise<ExecutionResult> {
  const contextValue = createContext(db.prisma, { statements: 0 }, caller, { reader: db.reader() });
  const result = await execute({ schema, document: parse(document), variableValues: variables, contextValue });
  return JSON.parse(JSON.stringify(result));
}

/** Both schemas' results of one document, one after the other (never interleaved). */
async function runBoth(document: string, variables: Record<string, unknown>, caller: Caller | null) {
  const viaPlain = await run(plain, document, variables, caller);
  const viaApp = await run(app, document, variables, caller);
  return { viaPlain, viaApp };
}

beforeAll(async () => {
  ({ db, dispose } = await openTestDatabase({ seed: true }));
  await createApiKey(db.prisma, { name: ADMIN.name, role: 'ADMIN' }, { actor: CLI_ACTOR, role: null });
  await createApiKey(db.prisma, { name: 'revoked-key', role: 'PARTNER' }, { actor: CLI_ACTOR, role: null });
  await revokeApiKey(db.prisma, 'revoked-key', { actor: CLI_ACTOR, role: null });
  plain = await buildSchema(TYPE_GRAPHQL_OPTIONS);
  app = await buildAppSchema();
  const probe = await buildSchema(TYPE_GRAPHQL_OPTIONS);
  before = resolversOf(probe);
  replaced = compileDirectResolvers(probe, RESOLVERS).replaced;
  after = resolversOf(probe);
});

afterAll(async () => {
  await dispose?.();
});

describe('compileDirectResolvers', () => {
  const changed = () => [...before.keys()].filter((c) => before.get(c) !== after.get(c)).sort();

  it('replaces more than 100 fields, and reports exactly the fields it replaced', () => {
    expect(replaced).toBeGreaterThan(100);
    expect(changed().length).toBe(replaced);
    // It adds and removes no field.
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  });

  it("the app's schema resolves those fields directly and every other field as type-graphql does", () => {
    const plainResolvers = resolversOf(plain);
    const appResolvers = resolversOf(app);
    expect([...appResolvers.keys()].sort()).toEqual([...plainResolvers.keys()].sort());
    const differ = [...appResolvers.keys()]
      .filter((c) => sourceOf(appResolvers.get(c)) !== sourceOf(plainResolvers.get(c)))
      .sort();
    expect(differ).toEqual(changed());
    expect(differ.length).toBeGreaterThan(100);
  });

  it('leaves every field with @Authorized roles to type-graphql', () => {
    const authorized = authorizedFields();
    expect(authorized.length).toBe(authorizedDecoratorsInSource());
    expect(authorized.length).toBeGreaterThanOrEqual(20);
    const replacedSet = new Set(changed());
    expect(authorized.filter((c) => replacedSet.has(c))).toEqual([]);
    const plainResolvers = resolversOf(plain);
    const appResolvers = resolversOf(app);
    for (const c of authorized) {
      expect(appResolvers.get(c)).toBeDefined();
      expect([c, sourceOf(appResolvers.get(c))]).toEqual([c, sourceOf(plainResolvers.get(c))]);
    }
  });

  it(`an anonymous caller is refused an ADMIN query with UNAUTHENTICATED by both schemas, \
a PARTNER with FORBIDDEN`, async () => {
    const document = '{ apiKeys { name role active } }';
    const anonymous = await runBoth(document, {}, ANONYMOUS);
    expect(anonymous.viaApp).toEqual(anonymous.viaPlain);
    expect(anonymous.viaApp.data).toBeNull();
    expect(anonymous.viaApp.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    const partner = await runBoth(document, {}, PARTNER);
    expect(partner.viaApp).toEqual(partner.viaPlain);
    expect(
      partner.viaApp.errors?.map((e) => [e.extensions?.code, e.extensions?.requiredRole, e.extensions?.role]),
    ).toEqual([['FORBIDDEN', 'ADMIN', 'PARTNER']]);
  });

  it(`an anonymous caller is refused a STEWARD mutation with UNAUTHENTICATED by both schemas, \
and nothing is written`, async () => {
    const areasBefore = await db.prisma.area.count();
    const document =
      'mutation { upsertArea(input: { code: "NOWHERE_TEST", name: "Nowhere", level: LPU, ' +
      'parentCode: "CITY" }) { code } }';
    const { viaPlain, viaApp } = await runBoth(document, {}, ANONYMOUS);
    expect(viaApp).toEqual(viaPlain);
    expect(viaApp.errors?.map((e) => [e.extensions?.code, e.extensions?.requiredRole])).toEqual([
      ['UNAUTHENTICATED', 'STEWARD'],
    ]);
    expect(await db.prisma.area.count()).toBe(areasBefore);
  });
});

describe('the same results on both schemas', () => {
  it('runs every operation of examples/ and bench/operations/', () => {
    expect(OPERATIONS.filter((o) => o.name.startsWith('examples/')).length).toBe(9);
    expect(OPERATIONS.filter((o) => o.name.startsWith('bench/')).length).toBe(5);
  });

  describe.each(OPERATIONS.map((o) => [o.name, o] as const))('%s', (_name, operation) => {
    const callers = operation.callers ?? [
      ['an anonymous caller', ANONYMOUS],
      ['a PARTNER key', PARTNER],
    ];
    it.each(callers)('for %s: deeply equal data and errors, with numbers in them', async (_who, caller) => {
      const { viaPlain, viaApp } = await runBoth(operation.document, operation.variables, caller);
      expect(viaPlain.errors).toBeUndefined();
      expect(viaApp).toEqual(viaPlain);
      const numbers = numbersIn(viaApp.data);
      expect(numbers.filter((n) => n !== 0).length).toBeGreaterThanOrEqual(operation.minNonZero ?? 4);
    });
  });

  it(`errors too: an unknown area at the root, and bad pages in replaced fields, \
give the same errors and partial data on both schemas`, async () => {
    const document = readFileSync(join(ROOT, 'examples', 'all-crime.graphql'), 'utf8');
    const variables = {
      ...JSON.parse(readFileSync(join(ROOT, 'examples', 'all-crime.variables.json'), 'utf8')),
      area: 'NOWHERE',
    };
    const unknownArea = await runBoth(document, variables, ANONYMOUS);
    // Several root fields fail; which failure nulls the data first (the one error reported, with its
    // path) depends on which statement the database answers first: on PostgreSQL, not always the
    // same one. What must not differ: the data, and the error's message and code.
    const reported = (r: typeof unknownArea.viaApp) => ({
      data: r.data,
      errors: r.errors?.map((e) => ({ message: e.message, code: e.extensions?.code })),
    });
    expect(reported(unknownArea.viaApp)).toEqual(reported(unknownArea.viaPlain));
    expect(unknownArea.viaApp.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);

    // Area.children and Area.descendants are compiled (@Root, @Ctx, @Args(PageArgs)); their refusals must not change.
    // (Area is nullable, so each refusal nulls its own alias only.)
    const badPages = await runBoth(
      `{
        ok: area(code: "CITY") { code children(first: 2, offset: 1) { code population(year: 2013) } }
        tooMany: area(code: "LEICESTERSHIRE") { code descendants(level: LPU, first: 100000) { code } }
        negative: area(code: "COUNTIES") { code children(offset: -1) { code } }
      }`,
      {},
      ANONYMOUS,
    );
    expect(badPages.viaApp).toEqual(badPages.viaPlain);
    const data = badPages.viaApp.data as Record<string, { children: { population: number }[] } | null>;
    expect([data.tooMany, data.negative]).toEqual([null, null]);
    expect(data.ok!.children.length).toBe(2);
    expect(data.ok!.children.every((c) => c.population > 1000)).toBe(true);
    expect(badPages.viaApp.errors?.map((e) => [e.path?.join('.'), e.extensions?.code, e.extensions?.field])).toEqual([
      ['tooMany.descendants', 'BAD_USER_INPUT', 'first'],
      ['negative.children', 'BAD_USER_INPUT', 'offset'],
    ]);
  });
});
