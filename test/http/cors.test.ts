/**
 * CORS for the OPCC's browser front-ends: preflights on /graphql are answered, only listed
 * origins may read responses, and Apollo's CSRF prevention still refuses simple cross-site requests.
 */
import { dataOf, startTestServer, type TestServer } from '../support/harness';

const DASHBOARDS = 'https://dashboards.opcc.example';
const OTHER = 'https://elsewhere.example';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ seed: false, config: { corsOrigins: [DASHBOARDS] } });
});
afterAll(async () => {
  await server?.close();
});

const preflight = (origin: string) =>
  fetch(`${server.url}/graphql`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, authorization, x-request-id',
    },
  });

describe('CORS', () => {
  it('answers a preflight from a listed origin with what it may send', async () => {
    const res = await preflight(DASHBOARDS);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(DASHBOARDS);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(res.headers.get('access-control-allow-headers')!.split(', ')).toEqual(
      expect.arrayContaining([
        'content-type',
        'authorization',
        'apollo-require-preflight',
        'x-apollo-operation-name',
        'x-request-id',
      ]),
    );
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('vary')).toBe('Origin');
  });

  it('gives an origin not listed nothing to go on', async () => {
    const res = await preflight(OTHER);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('lets a listed origin read a response (and the rate-limit and request-id headers); not another', async () => {
    const ask = (origin: string) =>
      fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
    const listed = await ask(DASHBOARDS);
    expect(dataOf((await listed.json()) as any)).toEqual({ __typename: 'Query' });
    expect(listed.headers.get('access-control-allow-origin')).toBe(DASHBOARDS);
    expect(listed.headers.get('access-control-expose-headers')).toContain('x-ratelimit-remaining');
    expect(listed.headers.get('access-control-expose-headers')).toContain('x-request-id');
    const other = await ask(OTHER);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it(`keeps CSRF prevention on: a simple cross-site request (no JSON, \
no apollo-require-preflight) is refused even from a listed origin`, async () => {
    const res = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { origin: DASHBOARDS },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(body.errors[0].message).toContain('Cross-Site Request Forgery');
    const withHeader = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { origin: DASHBOARDS, 'apollo-require-preflight': 'true' },
    });
    expect(dataOf((await withHeader.json()) as any)).toEqual({ __typename: 'Query' });
  });

  it('sends no CORS headers at all when no origin is configured', async () => {
    const plain = await startTestServer({ seed: false });
    try {
      const res = await fetch(`${plain.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin: DASHBOARDS, 'access-control-request-method': 'POST' },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('vary')).toBeNull();
    } finally {
      await plain.close();
    }
  });
});

describe('CORS_ORIGINS', () => {
  it('is read as a comma-separated list', async () => {
    const { loadConfig } = await import('../../src/config/config.js');
    expect(loadConfig({ CORS_ORIGINS: ' https://a.example, https://b.example ,' }).corsOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(loadConfig({}).corsOrigins).toEqual([]);
  });
});
