/**
 * Malformed and abusive requests: each is refused with a stable code and a clear message,
 * quickly, and the server goes on answering a normal query with the right figure.
 */
import { getIntrospectionQuery } from 'graphql';
import { createApiKey } from '../../src/auth/api-keys';
import { CLI_ACTOR } from '../../src/auth/caller';
import { dataOf, startTestServer, type GraphQLResponse, type TestServer } from '../support/harness';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const ALL_CRIME =
  `{ performance(area: "LEICESTERSHIRE", category: "ALL_CRIME", ` +
  `period: { financialYear: "2013-14", asOf: "2013-11" }) { recorded } }`;

/** The server still answers a normal query, with the report's figure. */
async function stillAnswers(target: TestServer = server): Promise<void> {
  const r = await target.gql(ALL_CRIME);
  expect(dataOf(r).performance.recorded).toBe(42301);
}

async function raw(
  body: string | Buffer,
  headers: Record<string, string> = { 'content-type': 'application/json' },
  target: TestServer = server,
) {
  const res = await fetch(`${target.url}/graphql`, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as GraphQLResponse, bytes: text.length };
}

const refusal = (r: { status: number; body: GraphQLResponse }) => ({
  status: r.status,
  code: r.body.errors?.[0]?.extensions?.code,
});

describe('abusive documents', () => {
  it('deep nesting: DEPTH_LIMIT_EXCEEDED; deeper than the token limit allows: TOKEN_LIMIT_EXCEEDED', async () => {
    const deep = (levels: number) =>
      `{ area(code: "BLABY") ${'{ parent '.repeat(levels)}{ code }${' }'.repeat(levels)} }`;
    const r = await server.gql(deep(1000));
    expect([r.status, r.errors![0].extensions!.code, r.errors![0].extensions!.actual]).toEqual([
      400,
      'DEPTH_LIMIT_EXCEEDED',
      1002,
    ]);
    const deeper = await server.gql(deep(2500));
    expect([deeper.status, deeper.errors![0].extensions!.code]).toEqual([400, 'TOKEN_LIMIT_EXCEEDED']);
    await stillAnswers();
  });

  it('nesting too deep for the parser (with a raised token limit): DEPTH_LIMIT_EXCEEDED, not a crash', async () => {
    const lax = await startTestServer({ config: { limits: { maxTokens: 1_000_000, maxDocumentBytes: 10_000_000 } } });
    try {
      const r = await lax.gql(`{ area(code: "BLABY") ${'{ parent '.repeat(50_000)}{ code }${' }'.repeat(50_000)} }`);
      expect([r.status, r.errors![0].extensions!.code]).toEqual([400, 'DEPTH_LIMIT_EXCEEDED']);
      expect(r.errors![0].message).toContain('nests too deeply to read');
      await stillAnswers(lax);
    } finally {
      await lax.close();
    }
  });

  it('an alias bomb: ALIAS_LIMIT_EXCEEDED', async () => {
    const r = await server.gql(`{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    expect([r.status, r.errors![0].extensions!.code, r.errors![0].extensions!.actual]).toEqual([
      400,
      'ALIAS_LIMIT_EXCEEDED',
      1000,
    ]);
    await stillAnswers();
  });

  it(`fragment bombs: lists multiplied through fragments are refused by cost; \
spreads repeated at one level are collected once and answer`, async () => {
    let lists = '';
    for (let i = 0; i < 9; i++)
      lists +=
        `fragment F${i} on Area { parent { ...F${i + 1} } children { ...F${i + 1} } ` +
        `descendants { ...F${i + 1} } } `;
    const started = Date.now();
    const r = await server.gql(`{ area(code: "LEICESTERSHIRE") { ...F0 } } ${lists} fragment F9 on Area { code }`);
    expect([r.status, r.errors![0].extensions!.code]).toEqual([400, 'COST_LIMIT_EXCEEDED']);
    let doubling = '';
    for (let i = 0; i < 40; i++) doubling += `fragment G${i} on Area { ...G${i + 1} ...G${i + 1} code } `;
    const answered = await server.gql(`{ area(code: "CITY") { ...G0 } } ${doubling} fragment G40 on Area { name }`);
    expect(dataOf(answered).area).toEqual({ code: 'CITY', name: 'City BCU' });
    expect(Date.now() - started).toBeLessThan(5_000);
    await stillAnswers();
  });

  it('a fragment cycle: GRAPHQL_VALIDATION_FAILED naming the cycle', async () => {
    const r = await server.gql(
      `{ area(code: "CITY") { ...A } } fragment A on Area { parent { ...B } } fragment B on Area { children { ...A } }`,
    );
    expect([r.status, r.errors![0].extensions!.code]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
    expect(r.errors![0].message).toBe('Cannot spread fragment "A" within itself via "B".');
    await stillAnswers();
  });

  it('an introspection flood in one document: COST_LIMIT_EXCEEDED', async () => {
    const query = getIntrospectionQuery().replace(
      '__schema {',
      `${Array.from({ length: 9 }, (_, i) => `s${i}: __schema { types { ...FullType } }`).join(' ')} __schema {`,
    );
    const r = await server.gql(query);
    expect([r.status, r.errors![0].extensions!.code]).toEqual([400, 'COST_LIMIT_EXCEEDED']);
    await stillAnswers();
  });

  it(`many operations in one document: OPERATION_RESOLUTION_FAILURE without operationName; with it, \
only that one runs`, async () => {
    const document = Array.from({ length: 300 }, (_, i) => `query Q${i} { area(code: "CITY") { code } }`).join('\n');
    const r = await server.gql(document);
    expect([r.status, r.errors![0].extensions!.code]).toEqual([400, 'OPERATION_RESOLUTION_FAILURE']);
    expect(r.errors![0].message).toContain('Must provide operation name');
    const one = await raw(JSON.stringify({ query: document, operationName: 'Q7' }));
    expect(dataOf(one.body)).toEqual({ area: { code: 'CITY' } });
    expect(one.body.extensions!.cost).toMatchObject({ requestedQueryCost: 1, actualQueryCost: 1 });
    await stillAnswers();
  });

  it(`an enormous string in the document: DOCUMENT_TOO_LARGE (413); \
in a variable: NOT_FOUND without echoing it back`, async () => {
    const huge = 'X'.repeat(1_000_000);
    const inline = await server.gql(`{ area(code: "${huge}") { code } }`);
    expect([inline.status, inline.errors![0].extensions!.code]).toEqual([413, 'DOCUMENT_TOO_LARGE']);
    const variable = await raw(
      JSON.stringify({
        query: 'query($code: String!) { area(code: $code) { code } }',
        variables: { code: huge.slice(0, 200_000) },
      }),
    );
    expect(variable.body.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(variable.body.errors![0].message).toContain('(200000 characters)');
    expect(variable.bytes).toBeLessThan(2_000);
    await stillAnswers();
  });

  it('huge lists in variables: refused by type, by role, or by the body limit (413 PAYLOAD_TOO_LARGE)', async () => {
    const list = Array.from({ length: 20_000 }, (_, i) => `AREA_${i}`);
    const wrongType = await raw(
      JSON.stringify({ query: 'query($code: String!) { area(code: $code) { code } }', variables: { code: list } }),
    );
    expect([wrongType.status, wrongType.body.errors![0].extensions!.code]).toEqual([400, 'BAD_USER_INPUT']);
    expect(wrongType.bytes).toBeLessThan(2_000);
    const anonymousWrite = await raw(
      JSON.stringify({
        query: 'mutation($m: [String!]!) { upsertPeerGroup(code: "X", name: "X", memberCodes: $m) { code } }',
        variables: { m: list },
      }),
    );
    expect(anonymousWrite.body.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const tooBig = await raw(
      JSON.stringify({ query: '{ __typename }', variables: { list: 'x'.repeat(2 * 1024 * 1024) } }),
    );
    expect(refusal(tooBig)).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(tooBig.body.errors![0].message).toMatch(/^Request body too large: at most \d+ bytes\.$/);
    await stillAnswers();
  });
});

describe('malformed requests', () => {
  it('invalid UTF-8 in the body: BAD_REQUEST', async () => {
    const body = Buffer.concat([
      Buffer.from('{"query":"{ area(code: \\"'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('\\") { code } }"}'),
    ]);
    const r = await raw(body);
    expect(refusal(r)).toEqual({ status: 400, code: 'BAD_REQUEST' });
    expect(r.body.errors![0].message).toBe('The request body is not valid UTF-8.');
    await stillAnswers();
  });

  it('bad JSON, JSON that is not an operation, and no query: BAD_REQUEST', async () => {
    expect(refusal(await raw('{"query": "{ __typename }"'))).toEqual({ status: 400, code: 'BAD_REQUEST' });
    for (const body of [
      '"{ __typename }"',
      '42',
      'null',
      '{}',
      '{"query": 42}',
      '{"query": "{ __typename }", "variables": [1]}',
    ]) {
      expect({ body, ...refusal(await raw(body)) }).toEqual({ body, status: 400, code: 'BAD_REQUEST' });
    }
    await stillAnswers();
  });

  it('a syntax error: GRAPHQL_PARSE_FAILED with where it is', async () => {
    const r = await server.gql('{ area(code: "CITY") { code }');
    expect([r.status, r.errors![0].extensions!.code]).toEqual([400, 'GRAPHQL_PARSE_FAILED']);
    expect(r.errors![0].message).toBe('Syntax Error: Expected Name, found <EOF>.');
    await stillAnswers();
  });

  it('batched operations (a JSON array): BATCHING_NOT_SUPPORTED', async () => {
    const r = await raw(JSON.stringify([{ query: '{ __typename }' }, { query: ALL_CRIME }]));
    expect(refusal(r)).toEqual({ status: 400, code: 'BATCHING_NOT_SUPPORTED' });
    expect(r.body.errors![0].message).toBe(
      'Batched operations (a JSON array) are not supported: send one operation per request.',
    );
    await stillAnswers();
  });

  it(`wrong content types: refused as a possible cross-site request, or as an unreadable body, \
BAD_REQUEST`, async () => {
    const text = await raw(JSON.stringify({ query: ALL_CRIME }), { 'content-type': 'text/plain' });
    expect(refusal(text)).toEqual({ status: 400, code: 'BAD_REQUEST' });
    expect(text.body.errors![0].message).toContain('Cross-Site Request Forgery');
    const form = await raw('query=%7B__typename%7D', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(refusal(form)).toEqual({ status: 400, code: 'BAD_REQUEST' });
    const preflighted = await raw(JSON.stringify({ query: ALL_CRIME }), {
      'content-type': 'text/plain',
      'apollo-require-preflight': 'true',
    });
    expect(refusal(preflighted)).toEqual({ status: 400, code: 'BAD_REQUEST' });
    expect(preflighted.body.errors![0].message).toContain('Content-Type');
    const graphql = await raw(ALL_CRIME, { 'content-type': 'application/graphql', 'apollo-require-preflight': 'true' });
    expect(refusal(graphql)).toEqual({ status: 400, code: 'BAD_REQUEST' });
    await stillAnswers();
  });
});

describe('an introspection flood across requests', () => {
  it('is refused by the rate limit once the budget is spent', async () => {
    const limited = await startTestServer({ seed: false, config: { rateLimit: { enabled: true } } });
    try {
      // Stay within one minute of the clock (budgets are per minute).
      const intoMinute = Date.now() % 60_000;
      if (intoMinute > 40_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 50));
      const statuses: number[] = [];
      let cost = { requestedQueryCost: 0, actualQueryCost: 0 };
      let last: GraphQLResponse | undefined;
      for (let i = 0; i < 40; i++) {
        const r = await limited.gql(getIntrospectionQuery());
        statuses.push(r.status);
        if (r.status === 200) cost = r.extensions!.cost as typeof cost;
        last = r;
      }
      // Each admitted while the requested cost still fits beside what was spent (the actual cost of each before).
      const admitted = Math.floor((20_000 - cost.requestedQueryCost) / cost.actualQueryCost) + 1;
      expect(statuses.filter((s) => s === 200)).toHaveLength(admitted);
      expect(statuses.slice(admitted).every((s) => s === 429)).toBe(true);
      expect(last!.errors![0].extensions!.code).toBe('RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });
});

describe('hardening (issue 13)', () => {
  it(`an operation that cannot be resolved: 400 OPERATION_RESOLUTION_FAILURE with the response cache \
on or off`, async () => {
    const cached = await startTestServer({ config: { cache: { responseCache: true } } });
    try {
      for (const target of [server, cached]) {
        const unknown = await raw(
          JSON.stringify({ query: 'query A { plans { code } }', operationName: 'B' }),
          undefined,
          target,
        );
        expect(refusal(unknown)).toEqual({ status: 400, code: 'OPERATION_RESOLUTION_FAILURE' });
        expect(unknown.body.errors![0].message).toBe('Unknown operation named "B".');
        const two = await raw(
          JSON.stringify({ query: 'query A { plans { code } } query C { plans { code } }' }),
          undefined,
          target,
        );
        expect(refusal(two)).toEqual({ status: 400, code: 'OPERATION_RESOLUTION_FAILURE' });
        const get = await fetch(
          `${target.url}/graphql?query=${encodeURIComponent('query A { plans { code } }')}&operationName=B`,
          { headers: { 'apollo-require-preflight': 'true' } },
        );
        expect(get.status).toBe(400);
        await stillAnswers(target);
      }
    } finally {
      await cached.close();
    }
  });

  it('a subscription (this API has none): GRAPHQL_VALIDATION_FAILED, 400', async () => {
    const r = await server.gql('subscription { x }');
    expect([r.status, r.errors![0].extensions!.code]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
    expect(r.errors![0].message).toBe('This API does not support subscription operations: send a query or a mutation.');
    await stillAnswers();
  });

  it(`bodies over 1 MB: 413 PAYLOAD_TOO_LARGE for anonymous callers and keys below STEWARD; \
a steward's import body passes`, async () => {
    const body = JSON.stringify({ query: '{ plans { code } }', variables: { unused: 'x'.repeat(1024 * 1024) } });
    expect(refusal(await raw(body))).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    const partner = (
      await createApiKey(server.db.prisma, { name: 'big-partner', role: 'PARTNER' }, { actor: CLI_ACTOR, role: null })
    ).key;
    const steward = (
      await createApiKey(server.db.prisma, { name: 'big-steward', role: 'STEWARD' }, { actor: CLI_ACTOR, role: null })
    ).key;
    expect(
      refusal(await raw(body, { 'content-type': 'application/json', authorization: `Bearer ${partner}` })),
    ).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    // A steward may send a large CSV (up to 10 MB through importCsv): the body is read and reaches the import (which
    // refuses these rows as duplicates of each other: what matters here is that it read them).
    const rows = Array.from({ length: 60_000 }, (_, i) => `2013-0${(i % 9) + 1},BLABY,ALL_CRIME,${i % 500}`).join('\n');
    const csv = `month,area_code,category_code,recorded\n${rows}\n`;
    expect(Buffer.byteLength(csv)).toBeGreaterThan(1024 * 1024);
    const imported = await raw(
      JSON.stringify({
        query: 'mutation($csv: String!) { importCsv(kind: CRIMES, csv: $csv, dryRun: true) { rowsRead } }',
        variables: { csv },
      }),
      { 'content-type': 'application/json', authorization: `Bearer ${steward}` },
    );
    expect(refusal(imported)).toEqual({ status: 200, code: 'BAD_USER_INPUT' });
    expect(imported.body.errors![0].message).toContain('59991 bad row(s)');
    await stillAnswers();
  });

  it(`variables nested 100,000 levels deep: 400 VARIABLES_TOO_DEEP; \
variables over 256 KB: 413 VARIABLES_TOO_LARGE`, async () => {
    const deep = '['.repeat(100_000) + '1' + ']'.repeat(100_000);
    expect(refusal(await raw(`{"query":"{ plans { code } }","variables":{"x":${deep}}}`))).toEqual({
      status: 400,
      code: 'VARIABLES_TOO_DEEP',
    });
    const deepObject = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    expect(
      refusal(await raw(`{"query":"query($x: String!) { area(code: $x) { code } }","variables":{"x":${deepObject}}}`)),
    ).toEqual({ status: 400, code: 'VARIABLES_TOO_DEEP' });
    expect(refusal(await raw(`{"query":"{ plans { code } }","extensions":{"x":${deep}}}`))).toEqual({
      status: 400,
      code: 'VARIABLES_TOO_DEEP',
    });
    const getDeep = await fetch(
      `${server.url}/graphql?query=${encodeURIComponent('{ plans { code } }')}` +
        `&variables=${'['.repeat(3000)}${']'.repeat(3000)}`,
      { headers: { 'apollo-require-preflight': 'true' } },
    );
    expect(getDeep.status).toBe(400);
    expect(((await getDeep.json()) as GraphQLResponse).errors![0].extensions!.code).toBe('VARIABLES_TOO_DEEP');
    const wide = await raw(JSON.stringify({ query: '{ plans { code } }', variables: { x: 'y'.repeat(300 * 1024) } }));
    expect(refusal(wide)).toEqual({ status: 413, code: 'VARIABLES_TOO_LARGE' });
    await stillAnswers();
  });

  it('a NUL byte in any string argument, literal or variable: BAD_USER_INPUT, never an internal error', async () => {
    const documents: [string, Record<string, unknown>?][] = [
      ['{ area(code: "CITY\\u0000") { code } }'],
      ['query($c: String!) { area(code: $c) { code } }', { c: 'CITY\u0000' }],
      [
        'query($c: String!) { performance(area: $c, category: "ALL_CRIME", ' +
          'period: { financialYear: "2013-14" }) { recorded } }',
        { c: 'LEICESTERSHIRE\u0000' },
      ],
      [
        '{ performance(area: "LEICESTERSHIRE", category: "ALL\\u0000CRIME", ' +
          'period: { financialYear: "2013-14" }) { recorded } }',
      ],
      [
        '{ performance(area: "LEICESTERSHIRE", category: "ALL_CRIME", ' +
          'period: { financialYear: "2013\\u0000-14" }) { recorded } }',
      ],
      [
        'query($p: PeriodInput!) { performance(area: "CITY", category: "ALL_CRIME", period: $p) { recorded } }',
        { p: { from: '2013-01\u0000', to: '2013-03' } },
      ],
      ['query($parent: String) { areas(parent: $parent) { code } }', { parent: 'CITY\u0000' }],
      ['{ category(code: "\\u0000") { code } }'],
    ];
    for (const [query, variables] of documents) {
      const r = await server.gql(query, variables);
      const codes = (r.errors ?? []).map((e) => e.extensions?.code);
      expect({ query, status: r.status, codes }).toEqual({
        query,
        status: r.status < 500 ? r.status : 'a 5xx',
        codes: expect.arrayContaining(['BAD_USER_INPUT']),
      });
      expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
    }
    await stillAnswers();
  });

  it('a NUL byte in an imported CSV: BAD_USER_INPUT naming the variable, nothing written', async () => {
    const steward = (
      await createApiKey(server.db.prisma, { name: 'nul-steward', role: 'STEWARD' }, { actor: CLI_ACTOR, role: null })
    ).key;
    const csv = 'code,name,level,parent_code,population,population_year\nNUL_TOWN,Nul\u0000Town,LPU,CITY,,\n';
    const r = await server.gql(
      'mutation($csv: String!) { importCsv(kind: AREAS, csv: $csv) { rowsRead } }',
      { csv },
      { authorization: `Bearer ${steward}` },
    );
    expect(r.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(r.errors![0].message).toBe(
      'The variable $csv contains a NUL character (byte 0), which text cannot hold: remove it.',
    );
    const area = await server.gql('{ area(code: "NUL_TOWN") { code } }');
    expect(area.errors![0].extensions!.code).toBe('NOT_FOUND');
  });

  it(`totals at the limit: 240 months at the monthly cap sum to a 32-bit figure; \
past the cap a write is BAD_USER_INPUT and changes nothing`, async () => {
    const { key } = await createApiKey(
      server.db.prisma,
      { name: 'sum-steward', role: 'STEWARD' },
      { actor: CLI_ACTOR, role: null },
    );
    const steward = { authorization: `Bearer ${key}` };
    const CAP = 8_947_848; // floor((2^31 - 1) / 240)
    const set = (area: string, month: string, recorded: number) =>
      server.gql(
        `mutation { setRecordedCrime(month: "${month}", area: "${area}", category: "HOMICIDE", ` +
          `recorded: ${recorded}) { recorded } }`,
        undefined,
        steward,
      );
    const tooLarge = await set('CITY_CENTRE', '1980-01', 2_000_000_000);
    expect([tooLarge.status, tooLarge.errors![0].extensions!.code]).toEqual([200, 'BAD_USER_INPUT']);
    const months = Array.from(
      { length: 240 },
      (_, i) => `${1970 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
    );
    const rows = months.map((m) => `${m},CITY_CENTRE,HOMICIDE,${CAP}`);
    const csv = `month,area_code,category_code,recorded\n${rows.join('\n')}\n`;
    const imported = await server.gql(
      'mutation($csv: String!) { importCsv(kind: CRIMES, csv: $csv) { rowsRead } }',
      { csv },
      steward,
    );
    expect(dataOf(imported).importCsv.rowsRead).toBe(240);
    const figure =
      `{ performance(area: "LEICESTERSHIRE", category: "ALL_CRIME", period: { from: "1970-01", ` +
      `to: "1989-12" }) { recorded } }`;
    expect(dataOf(await server.gql(figure)).performance.recorded).toBe(CAP * 240);
    expect(CAP * 240).toBeLessThanOrEqual(2 ** 31 - 1);
    // One more crime anywhere in the force that month would take the force's total past the cap.
    for (const [area, recorded] of [
      ['BLABY', 1],
      ['BELGRAVE', 2_000_000],
    ] as const) {
      const over = await set(area, '1980-01', recorded);
      expect([over.status, over.errors![0].extensions!.code]).toEqual([200, 'BAD_USER_INPUT']);
      expect(over.errors![0].message).toContain('would total more than 8,947,848');
    }
    const twice = await server.gql(
      'mutation($csv: String!) { importCsv(kind: CRIMES, csv: $csv) { rowsRead } }',
      {
        csv:
          'month,area_code,category_code,recorded\n' +
          `1980-02,BLABY,HOMICIDE,${CAP}\n1980-02,BELGRAVE,HOMICIDE,${CAP}\n`,
      },
      steward,
    );
    expect(twice.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(dataOf(await server.gql(figure)).performance.recorded).toBe(CAP * 240);
    const blaby = await server.gql(
      `{ performance(area: "BLABY", category: "HOMICIDE", period: { from: "1980-01", to: "1980-02" }) { recorded } }`,
    );
    expect(dataOf(blaby).performance.recorded).toBe(0);
    await stillAnswers();
  });
});
