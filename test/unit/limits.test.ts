import { jsonDepth } from '../../src/limits/request-body';
import 'reflect-metadata';
import { Kind, parse, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { buildAppSchema } from '../../src/schema';
import { actualCost, costModelFor, requestedCost, DEFAULT_COST_MODEL } from '../../src/limits/cost';
import { documentShape, sourceShape } from '../../src/limits/document-limits';
import { pageOf, resolvePage } from '../../src/limits/pagination';
import { corsHeaders, CORS_EXPOSED_HEADERS } from '../../src/server/cors';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema();
});

const op = (source: string) => {
  const document = parse(source);
  return {
    document,
    operation: document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode,
  };
};

describe('documentShape', () => {
  it('counts depth with fragments expanded, and aliases', () => {
    const { document } = op(`
      query { a: area(code: "X") { ...F } b: area(code: "Y") { code } }
      fragment F on Area { children { children { code } } }`);
    expect(documentShape(document)).toEqual({ depth: 4, aliases: 2, operations: 1 });
  });

  it('survives fragment cycles (invalid documents are refused later by validation)', () => {
    const { document } = op(
      `query { area(code: "X") { ...A } } fragment A on Area { children { ...B } } ` +
        `fragment B on Area { parent { ...A } }`,
    );
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
    expect(requestedCost(schema, operation, document.definitions)).toBe(
      50 * (1 + DEFAULT_COST_MODEL.listSize['Area.children']),
    );
    const perf = op(
      `{ performance(area: "X", category: "Y", period: { asOf: "2013-11" }) { recorded children { recorded } } }`,
    );
    expect(requestedCost(schema, perf.operation, perf.document.definitions)).toBe(
      5 + costModelFor(schema).listSize['Performance.children'] * 5,
    );
  });

  it('grows with aliases', () => {
    const one = op(`{ a: performance(area: "X", category: "Y", period: { asOf: "2013-11" }) { recorded } }`);
    const three = op(`{ a: performance(area: "X", category: "Y", period: { asOf: "2013-11" }) { recorded }
      b: performance(area: "X", category: "Y", period: { asOf: "2013-11" }) { recorded }
      c: performance(area: "X", category: "Y", period: { asOf: "2013-11" }) { recorded } }`);
    expect(requestedCost(schema, three.operation, three.document.definitions)).toBe(
      3 * requestedCost(schema, one.operation, one.document.definitions),
    );
  });

  it('is kept per document, yet follows the values of the variables its `first` arguments read', () => {
    const { document, operation } = op(
      `query ($n: Int, $m: Int = 3) { areas(first: $n) { code children(first: $m) { code } } }`,
    );
    const cost = (variables: Record<string, unknown>, maxPageSize?: number) =>
      requestedCost(schema, operation, document.definitions, undefined, { variables, maxPageSize });
    expect(cost({ n: 5 })).toBe(5 * (1 + 3));
    expect(cost({ n: 5 })).toBe(5 * (1 + 3));
    expect(cost({ n: 7 })).toBe(7 * (1 + 3));
    expect(cost({ n: 7, m: 2 })).toBe(7 * (1 + 2));
    expect(cost({ n: 7, m: 2 }, 4)).toBe(4 * (1 + 2));
    expect(cost({ n: 5 })).toBe(5 * (1 + 3));
  });
});

describe('actualCost', () => {
  it('counts the lists as returned', () => {
    const { document, operation } = op(`{ areas { code children { code } } }`);
    const data = {
      areas: [
        { code: 'A', children: [{ code: 'B' }, { code: 'C' }] },
        { code: 'B', children: [] },
        { code: 'C', children: [] },
      ],
    };
    expect(actualCost(schema, operation, document.definitions, data)).toBe(3 + 2);
    expect(actualCost(schema, operation, document.definitions, null)).toBe(0);
  });
});

describe('documentShape on hostile documents', () => {
  it('counts introspection as one level (cost prices it), whatever its nesting', () => {
    const { document } = op(
      `{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ` +
        `ofType { name } } } } } } } } } } } } }`,
    );
    expect(documentShape(document).depth).toBe(1);
  });

  it('measures a fragment bomb (each fragment spread twice into the next) in linear time', () => {
    let fragments = '';
    for (let i = 0; i < 40; i++) fragments += `fragment G${i} on Area { ...G${i + 1} ...G${i + 1} code } `;
    const { document } = op(`{ area(code: "X") { ...G0 } } ${fragments} fragment G40 on Area { x: code }`);
    const started = performance.now();
    // Spread twice in one selection set, a fragment is collected once (as execution does).
    expect(documentShape(document)).toEqual({ depth: 2, aliases: 1, operations: 1 });
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('counts aliases once per use through fragments used under different fields', () => {
    let fragments = '';
    for (let i = 0; i < 20; i++)
      fragments += `fragment F${i} on Area { a: parent { ...F${i + 1} } b: children { ...F${i + 1} } } `;
    const { document } = op(`{ area(code: "X") { ...F0 } } ${fragments} fragment F20 on Area { code }`);
    const shape = documentShape(document);
    expect(shape.depth).toBe(22); // area, 20 fragments' fields, code
    expect(shape.aliases).toBe(2 ** 21 - 2); // 2 + 4 + ... + 2^20
  });
});

describe('sourceShape', () => {
  it('counts bytes (UTF-8) and tokens as the parser does, comments excluded', () => {
    const source = '{ area(code: "Café") { code } } # a comment';
    expect(sourceShape(source, 100)).toEqual({ bytes: 44, tokens: 11 });
    expect(() => parse(source, { maxTokens: 11 })).not.toThrow();
    expect(() => parse(source, { maxTokens: 10 })).toThrow(/tokens/);
  });

  it('stops counting one token past the limit', () => {
    expect(sourceShape('{ ' + 'code '.repeat(100_000) + '}', 50).tokens).toBe(51);
  });
});

describe('requestedCost with pages, variables and introspection', () => {
  const cost = (source: string, variables?: Record<string, unknown>, maxPageSize = 500) => {
    const { document, operation } = op(source);
    return requestedCost(schema, operation, document.definitions, DEFAULT_COST_MODEL, { variables, maxPageSize });
  };

  it('counts a list as `first` items when given, literally or through a variable (or its default)', () => {
    expect(cost(`{ areas(first: 3) { code children(first: 2) { code } } }`)).toBe(3 * (1 + 2));
    expect(cost(`query($n: Int) { areas(first: $n) { code } }`, { n: 7 })).toBe(7);
    expect(cost(`query($n: Int = 4) { areas(first: $n) { code } }`)).toBe(4);
    // Without `first`, the model's expected size.
    expect(cost(`query($n: Int) { areas(first: $n) { code } }`)).toBe(DEFAULT_COST_MODEL.listSize['Query.areas']);
  });

  it('counts a `first` above the page cap as the cap (the field refuses it when it runs)', () => {
    expect(cost(`{ areas(first: 100000) { code } }`, undefined, 500)).toBe(500);
    expect(cost(`{ areas(first: 100000) { code } }`, undefined, 20)).toBe(20);
  });

  it('prices leagueTable rows as figures', () => {
    expect(cost(`{ leagueTable(category: "ALL_CRIME", period: { asOf: "2013-11" }, first: 8) { recorded } }`)).toBe(
      8 * 5,
    );
  });

  it('does not let introspection go free, and prices an introspection bomb out of reach', () => {
    const model = costModelFor(schema);
    const types = model.listSize['__Schema.types'];
    const { document, operation } = op(`{ __schema { types { name fields { name } } } }`);
    expect(requestedCost(schema, operation, document.definitions, model)).toBe(
      1 + types * (1 + model.listSize['__Type.fields']),
    );
    const bomb = op(
      `{ __schema { types { fields { type { fields { type { fields { type { fields { type { fields { name } ` +
        `} } } } } } } } } } }`,
    );
    expect(requestedCost(schema, bomb.operation, bomb.document.definitions, model)).toBeGreaterThan(1_000_000);
  });

  it('prices a fragment bomb over lists in linear time, and astronomically', () => {
    let fragments = '';
    for (let i = 0; i < 30; i++)
      fragments += `fragment F${i} on Area { parent { ...F${i + 1} } children { ...F${i + 1} } } `;
    const started = performance.now();
    expect(cost(`{ area(code: "X") { ...F0 } } ${fragments} fragment F30 on Area { code }`)).toBeGreaterThan(1e20);
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe('actualCost', () => {
  it('charges each item of a list once, aliases separately', () => {
    const { document, operation } = op(`{ a: areas(first: 2) { code } b: areas(first: 1) { code parent { code } } }`);
    const data = { a: [{ code: 'A' }, { code: 'B' }], b: [{ code: 'C', parent: { code: 'A' } }] };
    expect(actualCost(schema, operation, document.definitions, data)).toBe(2 + (1 + 1));
  });
});

describe('resolvePage', () => {
  it('defaults to the cap from offset 0', () => {
    expect(resolvePage({}, 500)).toEqual({ first: 500, offset: 0 });
    expect(resolvePage({ first: 10, offset: 20 }, 500)).toEqual({ first: 10, offset: 20 });
  });

  it('refuses a page over the cap, naming the cap, and nonsense offsets', () => {
    expect(() => resolvePage({ first: 501 }, 500)).toThrow(/between 1 and 500 \(the page cap\); got 501/);
    expect(() => resolvePage({ first: 0 }, 500)).toThrow(/between 1 and 500/);
    expect(() => resolvePage({ offset: -1 }, 500)).toThrow(/offset must be 0 or more; got -1/);
  });

  it('pages rows in memory', () => {
    expect(pageOf([1, 2, 3, 4, 5], { first: 2, offset: 2 })).toEqual([3, 4]);
    expect(pageOf([1, 2, 3], { first: 2, offset: 5 })).toEqual([]);
  });
});

describe('corsHeaders', () => {
  const allowed = ['https://dashboards.opcc.example', 'https://maps.opcc.example/'];

  it('allows a listed origin (trailing slash and case aside), with the preflight permissions for OPTIONS', () => {
    expect(corsHeaders('https://Maps.opcc.example', allowed, false)).toEqual({
      vary: 'Origin',
      'access-control-allow-origin': 'https://Maps.opcc.example',
      'access-control-expose-headers': CORS_EXPOSED_HEADERS.join(', '),
    });
    const preflight = corsHeaders('https://dashboards.opcc.example', allowed, true);
    expect(preflight['access-control-allow-headers']).toBe(
      'content-type, authorization, apollo-require-preflight, x-apollo-operation-name, x-request-id',
    );
    expect(preflight['access-control-allow-methods']).toBe('GET, POST, OPTIONS');
    expect(preflight['access-control-max-age']).toBe('600');
  });

  it('gives an unlisted origin nothing to read, and `*` any origin', () => {
    expect(corsHeaders('https://evil.example', allowed, true)).toEqual({ vary: 'Origin' });
    expect(corsHeaders(undefined, allowed, false)).toEqual({ vary: 'Origin' });
    expect(corsHeaders('https://evil.example', [], true)).toEqual({});
    expect(corsHeaders('https://any.example', ['*'], false)['access-control-allow-origin']).toBe('*');
  });
});

describe('nesting of JSON variables', () => {
  it('is measured without recursion, and stops one level past the limit', () => {
    expect([1, 'x', null, [], {}, [[1]], { a: [{ b: 1 }] }].map((v) => jsonDepth(v, 16))).toEqual([
      0, 0, 0, 1, 1, 2, 3,
    ]);
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(jsonDepth(deep, 16)).toBe(17);
  });
});
