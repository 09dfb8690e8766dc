import 'reflect-metadata';
import { parse, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { buildAppSchema } from '../../src/schema';
import { actualCost, requestedCost, DEFAULT_COST_MODEL } from '../../src/limits/cost';
import { documentShape } from '../../src/limits/document-limits';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema();
});

const op = (source: string) => {
  const document = parse(source);
  return { document, operation: document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode };
};

describe('documentShape', () => {
  it('counts depth with fragments expanded, and aliases', () => {
    const { document } = op(`
      query { a: area(code: "X") { ...F } b: area(code: "Y") { code } }
      fragment F on Area { children { children { code } } }`);
    expect(documentShape(document)).toEqual({ depth: 4, aliases: 2, operations: 1 });
  });

  it('survives fragment cycles (invalid documents are refused later by validation)', () => {
    const { document } = op(`query { area(code: "X") { ...A } } fragment A on Area { children { ...B } } fragment B on Area { parent { ...A } }`);
    expect(documentShape(document).depth).toBe(3); // area > children > parent, where the cycle stops
  });
});

describe('requestedCost', () => {
  it('is one point per object and nothing for scalars', () => {
    const { document, operation } = op(`{ area(code: "X") { code name parent { code } } }`);
    expect(requestedCost(schema, operation, document.definitions)).toBe(2);
  });

  it('multiplies a list by its expected size and charges figures more', () => {
    const { document, operation } = op(`{ areas { code children { code } } }`);
    // 50 areas x (1 + 10 children x 1)
    expect(requestedCost(schema, operation, document.definitions)).toBe(50 * (1 + DEFAULT_COST_MODEL.listSize['Area.children']));
    const perf = op(`{ performance(area: "X", category: "Y", period: { asOf: "2013-11" }) { recorded children { recorded } } }`);
    expect(requestedCost(schema, perf.operation, perf.document.definitions)).toBe(5 + 10 * 5);
  });

  it('grows with aliases', () => {
    const one = op(`{ a: performance(area: "X", category: "Y", period: { asOf: "2013-11" }) { recorded } }`);
    const three = op(`{ a: performance(area: "X", category: "Y", period: { asOf: "2013-11" }) { recorded }
      b: performance(area: "X", category: "Y", period: { asOf: "2013-11" }) { recorded }
      c: performance(area: "X", category: "Y", period: { asOf: "2013-11" }) { recorded } }`);
    expect(requestedCost(schema, three.operation, three.document.definitions)).toBe(3 * requestedCost(schema, one.operation, one.document.definitions));
  });
});

describe('actualCost', () => {
  it('counts the lists as returned', () => {
    const { document, operation } = op(`{ areas { code children { code } } }`);
    const data = { areas: [{ code: 'A', children: [{ code: 'B' }, { code: 'C' }] }, { code: 'B', children: [] }, { code: 'C', children: [] }] };
    expect(actualCost(schema, operation, document.definitions, data)).toBe(3 + 2);
    expect(actualCost(schema, operation, document.definitions, null)).toBe(0);
  });
});
