/**
 * Automatic persisted queries over HTTP, as Apollo's clients speak them: a hash the server has
 * not seen is PERSISTED_QUERY_NOT_FOUND; the hash with its document registers it; then the hash
 * alone runs it, by POST or by GET (GET with a header that makes browsers preflight, against
 * cross-site requests). With the response cache on, such a GET is a hit and says so in its
 * Cache-Control header. APQ=off refuses the extension with its own code.
 */
import { createHash } from 'node:crypto';
import { DIMENSIONS_MAX_AGE } from '../../src/cache/cache-hints';
import { startTestServer, type GraphQLResponse, type TestServer } from '../support/harness';

let server: TestServer;

const QUERY = 'query AreasAt($level: AreaLevel) { areas(level: $level) { code } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

async function post(body: Record<string, unknown>, url = server.url) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GraphQLResponse };
}

async function get(params: Record<string, unknown>, headers: Record<string, string> = {}) {
  const search = new URLSearchParams(
    Object.entries(params).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );
  const res = await fetch(`${server.url}/graphql?${search.toString()}`, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GraphQLResponse };
}

const codes = (r: { body: GraphQLResponse }) => (r.body.data?.areas as { code: string }[]).map((a) => a.code).sort();

beforeAll(async () => {
  server = await startTestServer({ config: { cache: { responseCache: true } } });
});
afterAll(() => server.close());

describe('automatic persisted queries', () => {
  it('hash only → PERSISTED_QUERY_NOT_FOUND; hash + query → runs and registers; hash only → runs', async () => {
    const hash = sha256(QUERY);
    const variables = { level: 'BCU' };

    const unknown = await post({ variables, extensions: persisted(hash) });
    expect(unknown.body.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(unknown.body.data).toBeUndefined();
    expect(unknown.headers.get('cache-control')).toBe('no-store');

    const registered = await post({ query: QUERY, variables, extensions: persisted(hash) });
    expect(registered.status).toBe(200);
    expect(codes(registered)).toEqual(['CITY', 'COUNTIES']);

    const byHash = await post({ variables, extensions: persisted(hash) });
    expect(byHash.body.errors).toBeUndefined();
    expect(codes(byHash)).toEqual(['CITY', 'COUNTIES']);
    expect(byHash.body.extensions?.cache).toMatchObject({ status: 'HIT' });
  });

  it(`by GET with the hash alone, given apollo-require-preflight; without it, \
refused as a possible cross-site request`, async () => {
    const hash = sha256(QUERY);
    await post({ query: QUERY, extensions: persisted(hash) });
    const params = { operationName: 'AreasAt', variables: { level: 'FORCE' }, extensions: persisted(hash) };

    const refused = await get(params);
    expect(refused.status).toBe(400);
    expect(refused.body.data).toBeUndefined();

    const first = await get(params, { 'apollo-require-preflight': 'true' });
    expect(first.status).toBe(200);
    expect(codes(first)).toContain('LEICESTERSHIRE');
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    const second = await get(params, { 'apollo-require-preflight': 'true' });
    expect(codes(second)).toEqual(codes(first));
    expect(second.body.extensions).toMatchObject({ cache: { status: 'HIT' }, sqlStatements: 0 });
    expect(Number(second.headers.get('cache-control')!.match(/max-age=(\d+)/)![1])).toBeLessThanOrEqual(
      DIMENSIONS_MAX_AGE,
    );
  });

  it('a hash that does not match the query is refused, and registers nothing', async () => {
    const wrong = sha256('something else');
    const r = await post({ query: QUERY, extensions: persisted(wrong) });
    expect(r.status).toBe(400);
    expect(r.body.errors?.[0]).toMatchObject({
      message: 'provided sha does not match query',
      extensions: { code: 'BAD_REQUEST' },
    });
    const after = await post({ extensions: persisted(wrong) });
    expect(after.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const version2 = await post({
      query: QUERY,
      extensions: { persistedQuery: { version: 2, sha256Hash: sha256(QUERY) } },
    });
    expect(version2.status).toBe(400);
    expect(version2.body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
  });

  it('a mutation cannot be sent by GET', async () => {
    const mutation = 'mutation { revokeApiKey(name: "nobody") { name } }';
    await post({ query: mutation, extensions: persisted(sha256(mutation)) });
    const r = await get({ extensions: persisted(sha256(mutation)) }, { 'apollo-require-preflight': 'true' });
    expect(r.status).toBe(405);
  });

  it('APQ=off: the extension is refused with PERSISTED_QUERY_NOT_SUPPORTED', async () => {
    const off = await startTestServer({ seed: false, config: { cache: { persistedQueries: false } } });
    try {
      const r = await post({ query: QUERY, extensions: persisted(sha256(QUERY)) }, off.url);
      expect(r.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
    } finally {
      await off.close();
    }
  });
});
