/**
 * Request limits over HTTP, at the defaults every suite runs with: each refusal has its own
 * code and status, every response reports its cost, and lists that grow with the data come in
 * pages no larger than the cap.
 */
import { getIntrospectionQuery, Kind, parse, print, type OperationDefinitionNode } from 'graphql';
import { DEFAULT_CONFIG } from '../../src/config/config';
import { dataOf, startTestServer, type TestServer } from '../support/harness';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const limits = DEFAULT_CONFIG.limits;
const codeOf = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;
const YTD = { financialYear: '2013-14', asOf: '2013-11' };

describe('extensions.cost', () => {
  it('reports the requested cost (from `first`) and the actual cost (from the rows returned)', async () => {
    const paged = await server.gql(`{ areas(level: FORCE, first: 5) { code } }`);
    expect(dataOf(paged).areas).toHaveLength(5);
    expect(paged.extensions!.cost).toEqual({ requestedQueryCost: 5, actualQueryCost: 5, maxQueryCost: limits.maxCost });
    // Without `first`, as many areas as the level holds (the dimension snapshot knows before the query
    // runs): the 12 LPUs, each with its parent, cost 24, requested and actual.
    const lpus = await server.gql(`{ areas(level: LPU) { code parent { code } } }`);
    expect(dataOf(lpus).areas).toHaveLength(12);
    expect(lpus.extensions!.cost).toEqual({
      requestedQueryCost: 24,
      actualQueryCost: 24,
      maxQueryCost: limits.maxCost,
    });
  });

  it('charges figures more than lookups, and at least a point for any operation', async () => {
    const r = await server.gql(
      `{ performance(area: "LEICESTERSHIRE", category: "ALL_CRIME", period: { financialYear: "2013-14", ` +
        `asOf: "2013-11" }) { recorded children { recorded } } }`,
    );
    expect(dataOf(r).performance.recorded).toBe(42301);
    // 5 for the figure, 5 for each of its two BCUs; requested: as many children as the area with the most has.
    const tree = dataOf(await server.gql(`{ areas { children { code } } }`)).areas as { children: unknown[] }[];
    const most = Math.max(...tree.map((a) => a.children.length));
    expect(most).toBe(7);
    expect(r.extensions!.cost).toMatchObject({ requestedQueryCost: 5 + most * 5, actualQueryCost: 5 + 2 * 5 });
    const typename = await server.gql(`{ __typename }`);
    expect(typename.extensions!.cost).toMatchObject({ requestedQueryCost: 1, actualQueryCost: 1 });
  });

  it("prices introspection: the explorer's full query passes, but is not free", async () => {
    const r = await server.gql(getIntrospectionQuery());
    expect(dataOf(r).__schema.queryType.name).toBe('Query');
    const cost = r.extensions!.cost as { requestedQueryCost: number; actualQueryCost: number };
    expect(cost.actualQueryCost).toBeGreaterThan(300);
    expect(cost.requestedQueryCost).toBeGreaterThanOrEqual(cost.actualQueryCost);
    expect(cost.requestedQueryCost).toBeLessThan(limits.maxCost / 5);
  });
});

describe('refusals', () => {
  it('DEPTH_LIMIT_EXCEEDED past 12 levels of fields, HTTP 400', async () => {
    const nested = (levels: number) =>
      `{ area(code: "BLABY") { ${'parent { '.repeat(levels - 2)}code${' }'.repeat(levels - 2)} } }`;
    // BLABY > COUNTIES > LEICESTERSHIRE > null
    expect(dataOf(await server.gql(nested(12))).area.parent.parent.parent).toBeNull();
    const r = await server.gql(nested(13));
    expect(r.status).toBe(400);
    expect(r.data).toBeUndefined();
    expect(r.errors![0]).toMatchObject({ extensions: { code: 'DEPTH_LIMIT_EXCEEDED', limit: 12, actual: 13 } });
    expect(r.errors![0].message).toContain('13 levels of fields; at most 12 are allowed');
  });

  it('ALIAS_LIMIT_EXCEEDED past 30 aliases, counted through fragments at each use', async () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ');
    expect(Object.keys(dataOf(await server.gql(`{ ${aliases(30)} }`)))).toHaveLength(30);
    const r = await server.gql(`{ ...F x: area(code: "CITY") { code } } fragment F on Query { ${aliases(30)} }`);
    expect(r.status).toBe(400);
    expect(r.errors![0]).toMatchObject({ extensions: { code: 'ALIAS_LIMIT_EXCEEDED', limit: 30, actual: 31 } });
  });

  it('TOKEN_LIMIT_EXCEEDED past 5,000 tokens (the parser stops there), HTTP 400', async () => {
    const r = await server.gql(`{ area(code: "CITY") { ${'code '.repeat(limits.maxTokens)} } }`);
    expect(r.status).toBe(400);
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]).toMatchObject({ extensions: { code: 'TOKEN_LIMIT_EXCEEDED', limit: 5000, actual: 5001 } });
    expect(r.errors![0].message).toContain('more than 5000 tokens');
  });

  it('DOCUMENT_TOO_LARGE past 50,000 bytes, HTTP 413, even when the document is also malformed', async () => {
    const padding = `# ${'x'.repeat(limits.maxDocumentBytes)}\n`;
    const r = await server.gql(`${padding}{ area(code: "CITY") { code } }`);
    expect(r.status).toBe(413);
    expect(r.errors![0]).toMatchObject({ extensions: { code: 'DOCUMENT_TOO_LARGE', limit: 50000 } });
    expect(r.errors![0].extensions!.actual).toBe(Buffer.byteLength(padding) + 31);
    const broken = await server.gql(`${padding}{ area(code: "CITY") { code `);
    expect([broken.status, codeOf(broken)]).toEqual([413, 'DOCUMENT_TOO_LARGE']);
  });

  it('COST_LIMIT_EXCEEDED above 20,000 points, with the requested cost in extensions.cost', async () => {
    const r = await server.gql(`{ areas { descendants { descendants { descendants { code } } } } }`);
    expect(r.status).toBe(400);
    // Every area (as many as the dimension snapshot holds), each with at most every area as descendants, three deep.
    const areas = dataOf(await server.gql(`{ areas { code } }`)).areas.length;
    const requested = areas * (1 + areas * (1 + areas * (1 + areas)));
    expect(r.errors![0]).toMatchObject({
      extensions: { code: 'COST_LIMIT_EXCEEDED', limit: 20000, actual: requested },
    });
    expect(r.errors![0].message).toContain(`would cost ${requested} points; at most 20000`);
    expect(r.extensions!.cost).toEqual({ requestedQueryCost: requested, actualQueryCost: 0, maxQueryCost: 20000 });
    // The same with small pages fits: 5 x (1 + 5 x (1 + 5)).
    const paged = await server.gql(`{ areas(first: 5) { descendants(first: 5) { descendants(first: 5) { code } } } }`);
    expect(paged.extensions!.cost).toMatchObject({ requestedQueryCost: 155 });
    expect(dataOf(paged).areas).toHaveLength(5);
  });

  it('refuses an introspection flood (the full query aliased ten times) by cost', async () => {
    const full = parse(getIntrospectionQuery());
    const op = full.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
    const schemaField = print(op.selectionSet.selections[0]);
    const fragments = full.definitions
      .filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)
      .map(print)
      .join('\n');
    const r = await server.gql(
      `query Flood { ${Array.from({ length: 10 }, (_, i) => `s${i}: ${schemaField}`).join('\n')} }\n${fragments}`,
    );
    expect(r.status).toBe(400);
    expect(codeOf(r)).toBe('COST_LIMIT_EXCEEDED');
    expect(r.extensions!.cost).toMatchObject({ requestedQueryCost: expect.any(Number) });
    expect((r.extensions!.cost as any).requestedQueryCost).toBeGreaterThan(20000);
  });
});

describe('pages of lists that grow with the data', () => {
  const codes = (rows: { code: string }[]) => rows.map((a) => a.code);

  it('areas: pages of `first` from `offset` that add up to the whole list', async () => {
    const all = codes(dataOf(await server.gql(`{ areas(level: LPU) { code } }`)).areas);
    expect(all).toHaveLength(12);
    const pages = [];
    for (const offset of [0, 5, 10])
      pages.push(codes(dataOf(await server.gql(`{ areas(level: LPU, first: 5, offset: ${offset}) { code } }`)).areas));
    expect(pages.map((p) => p.length)).toEqual([5, 5, 2]);
    expect(pages.flat()).toEqual(all);
    expect(dataOf(await server.gql(`{ areas(level: LPU, first: 5, offset: 12) { code } }`)).areas).toEqual([]);
    // Below an area too.
    const counties = dataOf(await server.gql(`{ areas(parent: "COUNTIES", first: 3, offset: 6) { code } }`)).areas;
    expect(codes(counties)).toEqual(['OADBY_WIGSTON']);
  });

  it('leagueTable: a page of the ordered table', async () => {
    const query = (page: string) =>
      `{ leagueTable(category: "ALL_CRIME", period: { financialYear: "2013-14", asOf: "2013-11" }, ` +
      `level: LPU, orderBy: CHANGE, direction: DESC${page}) { area { code } change } }`;
    const all = dataOf(await server.gql(query(''))).leagueTable;
    expect(all).toHaveLength(12);
    const page = await server.gql(query(', first: 4, offset: 4'));
    expect(dataOf(page).leagueTable).toEqual(all.slice(4, 8));
    // 4 rows of figures (5 each) with their area (1 each).
    expect(page.extensions!.cost).toMatchObject({ requestedQueryCost: 4 * (5 + 1), actualQueryCost: 4 * (5 + 1) });
  });

  it('Performance.descendants, Performance.children, Area.descendants and Area.children page alike', async () => {
    const r = dataOf(
      await server.gql(
        `query($period: PeriodInput!) { performance(area: "LEICESTERSHIRE", category: "ALL_CRIME", period: $period) {
          all: descendants(level: LPU, orderBy: RECORDED, direction: DESC) { area { code } recorded }
          top3: descendants(level: LPU, orderBy: RECORDED, direction: DESC, first: 3) { area { code } recorded }
          next3: descendants(level: LPU, orderBy: RECORDED, direction: DESC, first: 3, offset: 3) { area { code }
            recorded }
          children(first: 1, offset: 1) { area { code } }
        }
        area(code: "LEICESTERSHIRE") { descendants(level: LPU, first: 2, offset: 10) { code }
          children(first: 1) { code } } }`,
        { period: YTD },
      ),
    );
    expect(r.performance.top3).toEqual(r.performance.all.slice(0, 3));
    expect(r.performance.next3).toEqual(r.performance.all.slice(3, 6));
    expect(r.performance.children).toEqual([{ area: { code: 'COUNTIES' } }]);
    expect(r.area.descendants).toHaveLength(2);
    expect(r.area.children).toEqual([{ code: 'CITY' }]);
  });

  it(`refuses a page over the cap (${limits.maxPageSize}) with BAD_USER_INPUT naming the cap`, async () => {
    const r = await server.gql(`{ areas(first: 501) { code } }`);
    expect(r.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'first', maxPageSize: 500 } });
    expect(r.errors![0].message).toBe(
      'first must be between 1 and 500 (the page cap); got 501. Ask for at most 500 rows and page with offset.',
    );
    const negative = await server.gql(`{ area(code: "CITY") { children(offset: -1) { code } } }`);
    expect(negative.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'offset' } });
  });

  it('caps pages at MAX_PAGE_SIZE when the server sets one', async () => {
    const small = await startTestServer({ config: { limits: { maxPageSize: 5 } } });
    try {
      expect(dataOf(await small.gql(`{ areas(level: LPU) { code } }`)).areas).toHaveLength(5);
      const r = await small.gql(`{ areas(level: LPU, first: 6) { code } }`);
      expect(r.errors![0].message).toContain('between 1 and 5 (the page cap)');
    } finally {
      await small.close();
    }
  });
});

describe('the rate limit, when off (as in the other suites)', () => {
  it('is reported by the rateLimit query, and responses carry no rateLimit extension', async () => {
    const r = await server.gql(`{ rateLimit { enabled scope limit cost used remaining } }`);
    expect(dataOf(r).rateLimit).toEqual({
      enabled: false,
      scope: 'ADDRESS',
      limit: 20000,
      cost: 1,
      used: 0,
      remaining: 20000,
    });
    expect(r.extensions!.rateLimit).toBeUndefined();
  });
});
