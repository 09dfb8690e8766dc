/**
 * Every field of Performance declares what it needs, once, on the field (`@Extensions(needs(...))`,
 * src/performance/performance.fields.ts): what prefetch loads for it, which months it needs, its
 * cost. The planner and the cost walk read these facts from the built schema; a field without them
 * stops the schema from building. The sets and costs below are those the code held by hand before
 * the facts moved onto the fields: they must not change without a reason.
 */
import 'reflect-metadata';
import { GraphQLInt, GraphQLObjectType, GraphQLSchema, type GraphQLSchema as Schema } from 'graphql';
import { buildAppSchema } from '../../src/schema';
import { performanceFields } from '../../src/performance/performance.fields';
import { costModelFor, declaredCosts, DEFAULT_COST_MODEL } from '../../src/limits/cost';

let schema: Schema;
beforeAll(async () => {
  schema = await buildAppSchema();
});

const performanceType = () => schema.getType('Performance') as GraphQLObjectType;
const fieldsWhere = (test: (facts: { prefetch: string; months: string }) => boolean) =>
  [...performanceFields(schema).byName].filter(([, facts]) => test(facts)).map(([name]) => name);

describe('Performance fields', () => {
  it('are every one classified, with known values', () => {
    const names = Object.keys(performanceType().getFields()).sort();
    expect(names.length).toBe(38);
    expect([...performanceFields(schema).byName.keys()].sort()).toEqual(names);
    for (const name of names) {
      const facts = performanceType().getFields()[name].extensions.performanceField as Record<string, unknown>;
      expect([name, Object.keys(facts).sort()]).toEqual([name, ['months', 'prefetch']]);
    }
  });

  it('that read the figures are those prefetch loads the figures for', () => {
    expect(fieldsWhere((f) => f.prefetch === 'figures').sort()).toEqual(
      [
        'disclosure',
        'recorded',
        'previousRecorded',
        'change',
        'percentChange',
        'targetReduction',
        'targetLevel',
        'gapToTarget',
        'targetMet',
        'outcomes',
        'previousOutcomes',
        'outcomeRate',
        'previousOutcomeRate',
        'targetOutcomeRate',
        'outcomesRequired',
        'outcomeGap',
        'outcomeTargetMet',
        'crimeRatePer1000',
        'trend',
        'monthly',
        'coverage',
        'comparisonCoverage',
        'controlChart',
        'significance',
      ].sort(),
    );
    const byName = performanceFields(schema).byName;
    const others = fieldsWhere((f) => !['figures', 'nothing'].includes(f.prefetch));
    expect(Object.fromEntries(others.map((n) => [n, byName.get(n)!.prefetch]))).toEqual({
      peerComparison: 'peerComparison',
      contributions: 'contributions',
      children: 'childAreas',
      descendants: 'descendantAreas',
      subcategories: 'childCategories',
    });
  });

  it('that need nothing of the comparison period are those a row may be narrowed for', () => {
    expect(fieldsWhere((f) => f.months !== 'comparison').sort()).toEqual(
      [
        'area',
        'category',
        'period',
        'comparisonPeriod',
        'recorded',
        'outcomes',
        'outcomeRate',
        'targetReduction',
        'targetOutcomeRate',
        'outcomesRequired',
        'outcomeGap',
        'outcomeTargetMet',
        'crimeRatePer1000',
        'trend',
        'controlChart',
        'peerComparison',
        'underInvestigation',
      ].sort(),
    );
    expect(fieldsWhere((f) => f.months === 'window').sort()).toEqual(['controlChart', 'trend']);
  });

  it('declare the costs the cost model held for them, and the model uses them', () => {
    const declared = declaredCosts(schema);
    const performanceOnly = (table: Record<string, number>) =>
      Object.fromEntries(Object.entries(table).filter(([key]) => key.startsWith('Performance.')));
    expect(performanceOnly(declared.fieldCost)).toEqual({
      'Performance.children': 5,
      'Performance.subcategories': 5,
      'Performance.descendants': 5,
      'Performance.peerComparison': 3,
      'Performance.controlChart': 2,
      'Performance.trend': 1,
      'Performance.narrative': 5,
      'Performance.contributions': 2,
    });
    expect(performanceOnly(declared.listSize)).toEqual({
      'Performance.children': 6,
      'Performance.subcategories': 10,
      'Performance.descendants': 20,
      'Performance.contributions': 10,
      'Performance.monthly': 12,
      'Performance.outcomesByType': 6,
      'Performance.narrative': 8,
    });
    // The snapshot bounds these lists' lengths before execution (src/limits/limits.plugin.ts).
    expect(declared.sizedBy).toEqual({
      'Performance.children': 'areaChildren',
      'Performance.descendants': 'areasAtLevel',
      'Performance.subcategories': 'categoryChildren',
      'Performance.contributions': 'areaOrCategoryChildren',
    });
    // Only Performance declares costs on its fields; the rest stay in the default model's tables.
    expect(Object.keys(declared.fieldCost).every((k) => k.startsWith('Performance.'))).toBe(true);
    expect(Object.keys(DEFAULT_COST_MODEL.fieldCost).some((k) => k.startsWith('Performance.'))).toBe(false);
    const model = costModelFor(schema);
    expect(model.fieldCost['Performance.children']).toBe(5);
    expect(model.listSize['Performance.descendants']).toBe(20);
    // Sized by the OutcomeType enum, as before.
    expect(model.listSize['Performance.outcomesByType']).toBe(
      (schema.getType('OutcomeType') as unknown as { getValues(): unknown[] }).getValues().length,
    );
  });

  it('a Performance field without its needs stops the schema from building, naming the field', () => {
    const bare = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: {
          performance: {
            type: new GraphQLObjectType({
              name: 'Performance',
              fields: {
                recorded: {
                  type: GraphQLInt,
                  extensions: { performanceField: { prefetch: 'figures', months: 'period' } },
                },
                newFigure: { type: GraphQLInt },
                misspelt: {
                  type: GraphQLInt,
                  extensions: { performanceField: { prefetch: 'figure', months: 'period' } },
                },
              },
            }),
          },
        },
      }),
    });
    expect(() => performanceFields(bare)).toThrow(/without their needs .*: newFigure, misspelt\./);
  });
});
