/**
 * The pure parts of caching: an operation's policy from the schema's hints, the Cache-Control
 * header, open months, response cache keys and the bounded memory cache.
 */
import 'reflect-metadata';
import { buildSchema, Kind, parse, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { buildAppSchema } from '../../src/schema';
import {
  cacheControlHeader,
  firstOpenMonth,
  isCacheable,
  operationPolicy,
  reachesOpenMonth,
} from '../../src/cache/cache-policy';
import {
  DIMENSIONS_MAX_AGE,
  FIGURES_MAX_AGE,
  hintPeriodEnd,
  OPEN_PERIOD_MAX_AGE,
  requestPolicy,
  setRequestPolicy,
} from '../../src/cache/cache-hints';
import { audienceOf, normaliseDocument, responseCacheKey, stableJson } from '../../src/cache/response-cache-key';
import { memoryKV } from '../../src/cache/memory-kv';
import type { RequestInfo } from '../../src/context/context';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema();
});

const policyOf = (source: string, s: GraphQLSchema = schema) => {
  const document = parse(source);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  return operationPolicy(s, document, operation);
};

const PERIOD = '{ financialYear: "2013-14" }';

describe('operationPolicy on the API schema', () => {
  it('dimension lists: an hour; figures: half an hour; both: the smaller', () => {
    expect(policyOf('{ areas { code children { code } } categories { code } plans { code } }')).toEqual({
      maxAge: DIMENSIONS_MAX_AGE,
      scope: 'PUBLIC',
    });
    expect(policyOf(`{ performance(area: "X", category: "Y", period: ${PERIOD}) { recorded area { code } } }`)).toEqual(
      { maxAge: FIGURES_MAX_AGE, scope: 'PUBLIC' },
    );
    expect(policyOf(`{ areas { code } leagueTable(category: "Y", period: ${PERIOD}) { recorded } }`)).toEqual({
      maxAge: FIGURES_MAX_AGE,
      scope: 'PUBLIC',
    });
    expect(DIMENSIONS_MAX_AGE).toBe(3600);
    expect(FIGURES_MAX_AGE).toBe(1800);
  });

  it('every query of the API declares a hint, so none is left uncacheable by accident', () => {
    const fields = Object.values(schema.getQueryType()!.getFields());
    const unhinted = fields.filter((f) => !f.extensions.cacheControl).map((f) => f.name);
    expect(unhinted).toEqual([]);
  });

  it('admin and per-caller data is private with maxAge 0, and taints a whole document', () => {
    const sources = ['{ apiKeys { name } }', '{ auditLog { id } }', '{ areas { code } apiKeys { name } }'];
    // The caller's own rate limit, where the rate-limit work has added it.
    if (schema.getQueryType()!.getFields().rateLimit) sources.push('{ rateLimit { __typename } }');
    for (const source of sources) {
      const policy = policyOf(source);
      expect(policy).toEqual({ maxAge: 0, scope: 'PRIVATE' });
      expect(isCacheable(policy)).toBe(false);
    }
  });

  it('fragments and inline fragments are walked', () => {
    expect(policyOf('query { ...Q } fragment Q on Query { apiKeys { name } }').scope).toBe('PRIVATE');
    expect(policyOf('query { ... on Query { auditLog { id } } }').scope).toBe('PRIVATE');
    expect(policyOf('query { areas { ...A } } fragment A on Area { code }')).toEqual({
      maxAge: DIMENSIONS_MAX_AGE,
      scope: 'PUBLIC',
    });
  });

  it('@skip and @include are ignored: a variable cannot make a private field public', () => {
    expect(policyOf('query($no: Boolean!) { areas { code } apiKeys @include(if: $no) { name } }').scope).toBe(
      'PRIVATE',
    );
  });

  it('introspection and mutations are not cached; __typename alone changes nothing', () => {
    expect(policyOf('{ __schema { queryType { name } } }').maxAge).toBe(0);
    expect(policyOf('{ __typename areas { code } }').maxAge).toBe(DIMENSIONS_MAX_AGE);
    expect(policyOf('mutation { revokeApiKey(name: "x") { name } }')).toEqual({ maxAge: 0, scope: 'PRIVATE' });
    expect(policyOf('mutation { renamePeerGroup(code: "x", name: "y") { name } }')).toEqual({
      maxAge: 0,
      scope: 'PRIVATE',
    });
  });
});

describe('operationPolicy rules on a small schema', () => {
  const small = buildSchema(`type Query { hinted: T unhinted: T typed: U } type T { a: Int u: U } type U { b: Int }`);
  small.getQueryType()!.getFields().hinted.extensions = { cacheControl: { maxAge: 100 } };
  (small.getType('U') as any).extensions = { cacheControl: { maxAge: 30 } };

  it('a root field without a hint on it or its type is not cacheable; nested fields inherit', () => {
    expect(policyOf('{ unhinted { a } }', small).maxAge).toBe(0);
    expect(policyOf('{ hinted { a } }', small).maxAge).toBe(100);
    expect(policyOf('{ typed { b } }', small).maxAge).toBe(30);
  });

  it('a type hint applies wherever the type appears, the stricter of field and type winning', () => {
    expect(policyOf('{ hinted { u { b } } }', small).maxAge).toBe(30);
  });
});

describe('cacheControlHeader', () => {
  const policy = { maxAge: 1800, scope: 'PUBLIC' as const };
  it('public for anonymous callers, private for keyed ones', () => {
    expect(cacheControlHeader({ policy, query: true, errors: false, anonymous: true })).toBe('public, max-age=1800');
    expect(cacheControlHeader({ policy, query: true, errors: false, anonymous: false })).toBe('private, max-age=1800');
  });
  it('no-store for mutations, errors, private data and maxAge 0', () => {
    expect(cacheControlHeader({ policy, query: false, errors: false, anonymous: true })).toBe('no-store');
    expect(cacheControlHeader({ policy, query: true, errors: true, anonymous: true })).toBe('no-store');
    expect(
      cacheControlHeader({ policy: { maxAge: 1800, scope: 'PRIVATE' }, query: true, errors: false, anonymous: false }),
    ).toBe('no-store');
    expect(
      cacheControlHeader({ policy: { maxAge: 0, scope: 'PUBLIC' }, query: true, errors: false, anonymous: true }),
    ).toBe('no-store');
    expect(cacheControlHeader({ policy: null, query: true, errors: false, anonymous: true })).toBe('no-store');
  });
});

describe('open months', () => {
  const now = new Date(Date.UTC(2025, 0, 15)); // 15 January 2025
  it('the current month and the one before are open, across a year end', () => {
    expect(firstOpenMonth(now)).toBe(202412);
    expect(reachesOpenMonth(202501, now)).toBe(true);
    expect(reachesOpenMonth(202412, now)).toBe(true);
    expect(reachesOpenMonth(202411, now)).toBe(false);
    expect(reachesOpenMonth(202612, now)).toBe(true);
    expect(firstOpenMonth(new Date(Date.UTC(2025, 6, 31, 23, 59)))).toBe(202506);
  });

  it('hintPeriodEnd lowers the request policy to a minute for an open period only', () => {
    const request = { id: 'r', startedAt: 0, address: '', errorCodes: [], extensions: {} } as RequestInfo;
    setRequestPolicy(request, { maxAge: FIGURES_MAX_AGE, scope: 'PUBLIC' });
    hintPeriodEnd({ request }, 202410, now);
    hintPeriodEnd({ request }, 'not a month', now);
    expect(requestPolicy(request)).toEqual({ maxAge: FIGURES_MAX_AGE, scope: 'PUBLIC' });
    hintPeriodEnd({ request }, '2025-01', now);
    expect(requestPolicy(request)).toEqual({ maxAge: OPEN_PERIOD_MAX_AGE, scope: 'PUBLIC' });
    expect(OPEN_PERIOD_MAX_AGE).toBe(60);
    // Outside the HTTP server there is no request: nothing to do, nothing thrown.
    expect(() => hintPeriodEnd({ request: undefined }, 202501, now)).not.toThrow();
  });
});

describe('response cache keys', () => {
  const base = {
    document: normaliseDocument(parse('{ areas { code } }')),
    operationName: null,
    variables: { a: 1, b: [1, { c: 2, d: 3 }] },
    audience: 'anonymous:threshold=5',
    dataVersion: 7,
  };

  it('the same request in another layout, or variables in another order, is the same key', () => {
    const relaid = normaliseDocument(parse('# a comment\nquery {\n  areas {\n    code\n  }\n}'));
    expect(relaid).toBe(base.document);
    expect(responseCacheKey({ ...base, document: relaid, variables: { b: [1, { d: 3, c: 2 }], a: 1 } })).toBe(
      responseCacheKey(base),
    );
    expect(stableJson({ b: 1, a: undefined, c: null })).toBe('{"b":1,"c":null}');
  });

  it('document, operation, variables, audience and data version each change the key', () => {
    const key = responseCacheKey(base);
    expect(key).toMatch(/^response:7:[0-9a-f]{64}$/);
    const others = [
      { document: normaliseDocument(parse('{ areas { name } }')) },
      { operationName: 'Q' },
      { variables: { a: 2, b: [1, { c: 2, d: 3 }] } },
      { audience: 'role:PARTNER' },
      { dataVersion: 8 },
    ].map((change) => responseCacheKey({ ...base, ...change }));
    expect(new Set([key, ...others]).size).toBe(6);
  });

  it('audience: anonymous (with the disclosure threshold) or the key role', () => {
    expect(audienceOf(null, 5)).toBe('anonymous:threshold=5');
    expect(audienceOf(null, 3)).toBe('anonymous:threshold=3');
    expect(audienceOf({ role: 'PARTNER' }, 5)).toBe('role:PARTNER');
    expect(audienceOf({ role: 'ADMIN' }, 5)).toBe('role:ADMIN');
  });
});

describe('memoryKV', () => {
  it('evicts the least recently used beyond the entry count', async () => {
    const kv = memoryKV({ maxEntries: 2, maxBytes: 1e6 });
    await kv.set('a', '1');
    await kv.set('b', '2');
    expect(await kv.get('a')).toBe('1'); // a is now the most recent
    await kv.set('c', '3');
    expect([await kv.get('a'), await kv.get('b'), await kv.get('c')]).toEqual(['1', undefined, '3']);
    expect(kv.size).toBe(2);
  });

  it('keeps within its bytes, and refuses a value bigger than all of them', async () => {
    const kv = memoryKV({ maxEntries: 100, maxBytes: 100 });
    await kv.set('k1', 'x'.repeat(20)); // 2 x 22 = 44 bytes
    await kv.set('k2', 'x'.repeat(20));
    expect(kv.bytes).toBe(88);
    await kv.set('k3', 'x'.repeat(20)); // 132 > 100: k1 goes
    expect(kv.bytes).toBe(88);
    expect(await kv.get('k1')).toBeUndefined();
    await kv.set('big', 'x'.repeat(60));
    expect(await kv.get('big')).toBeUndefined();
    expect(kv.size).toBe(2);
  });

  it('expires entries after their TTL; replacing a key does not count it twice', async () => {
    let now = 1_000;
    const kv = memoryKV({ maxEntries: 10, maxBytes: 1e6, now: () => now });
    await kv.set('a', 'one', 10);
    await kv.set('a', 'two', 10);
    expect(kv.bytes).toBe(8);
    now += 9_999;
    expect(await kv.get('a')).toBe('two');
    now += 1;
    expect(await kv.get('a')).toBeUndefined();
    expect(kv.bytes).toBe(0);
    await kv.set('b', 'x');
    await kv.delete('b');
    expect([kv.size, kv.bytes]).toEqual([0, 0]);
  });
});
