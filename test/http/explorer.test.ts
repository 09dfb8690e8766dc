import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { checkExplorer } from '../../scripts/check-explorer';
import { openDatabase, type Database } from '../../src/db/database';
import { loadSeed } from '../../src/import/seed';
import { buildAppSchema } from '../../src/schema';
import { startApp, type App } from '../../src/server/app';
import { loadExamples } from '../support/examples';
import { testConfig } from '../support/harness';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Raw HTTP GET: the path is sent exactly as given (no URL normalisation, unlike fetch). */
function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

let db: Database;
let app: App;

beforeAll(async () => {
  db = await openDatabase({});
  // The explorer itself needs no data; the browser check runs the default query against the seed.
  if (haveChromium) await loadSeed(db.prisma);
  app = await startApp(db, await buildAppSchema(), { port: 0, config: testConfig() });
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('GET / (explorer page)', () => {
  let page: Reply;
  let html: string;
  let assetUrls: string[];

  beforeAll(async () => {
    page = await get(app.url, '/');
    html = page.body.toString('utf8');
    const attributes = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    const settings = JSON.parse(
      html.match(/<script type="application\/json" id="explorer-settings">([^<]*)<\/script>/)![1],
    );
    assetUrls = [...new Set([...attributes, ...Object.values<string>(settings.workers)])].filter(
      (u) => !u.startsWith('data:'),
    );
  });

  it('is an HTML page that revalidates and carries a strict CSP', () => {
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("worker-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\*|unsafe-eval/);
    expect(html).toContain('<title>Police performance API explorer</title>');
    expect(html).toContain('"endpoint":"/graphql"');
    expect(html).toContain('area(code: \\"LEICESTERSHIRE\\")');
  });

  it('refers to no other host, only to our own /explorer/ assets', () => {
    expect(html).not.toMatch(/(https?:)?\/\/[a-z0-9.-]+/i);
    expect(assetUrls.length).toBeGreaterThanOrEqual(6); // css, bundle, start script, three workers
    for (const url of assetUrls) expect(url).toMatch(/^\/explorer\/[^/]+\/[a-z.]+\.(js|css)$/);
    expect(assetUrls.some((u) => u.endsWith('.css'))).toBe(true);
    expect(assetUrls.filter((u) => u.endsWith('.worker.js'))).toHaveLength(3);
  });

  it('serves every referenced asset with its content type, a long cache life and gzip', async () => {
    for (const url of assetUrls) {
      const plain = await get(app.url, url);
      expect({ url, status: plain.status }).toEqual({ url, status: 200 });
      expect(plain.headers['content-type']).toBe(
        url.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      );
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(plain.headers['x-content-type-options']).toBe('nosniff');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(Number(plain.headers['content-length'])).toBe(plain.body.length);
      // Our start-up script is small; the GraphiQL bundle, stylesheet and workers are large.
      expect(plain.body.length).toBeGreaterThan(url.endsWith('/start.js') ? 300 : 50_000);
      expect(plain.body.toString('utf8')).not.toMatch(/^\s*\{"error"/);

      const zipped = await get(app.url, url, { 'accept-encoding': 'gzip, deflate, br' });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers.vary).toBe('accept-encoding');
      expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);

      const again = await get(app.url, url, { 'if-none-match': String(plain.headers.etag) });
      expect(again.status).toBe(304);
    }
  });

  it('serves the bundle that exposes renderYogaGraphiQL and the Monaco worker hook', async () => {
    const bundle = await get(
      app.url,
      assetUrls.find((u) => u.endsWith('/graphiql.js'))!,
    );
    expect(bundle.body.toString('utf8')).toContain('renderYogaGraphiQL');
    const start = (
      await get(
        app.url,
        assetUrls.find((u) => u.endsWith('/start.js'))!,
      )
    ).body.toString('utf8');
    expect(start).toContain('MonacoEnvironment');
    expect(start).toContain('getWorker');
  });

  it('answers traversal attempts, unknown assets and other versions with 404', async () => {
    const version = assetUrls[0].split('/')[2];
    const paths = [
      '/explorer/../../package.json',
      '/explorer/%2e%2e/%2e%2e/package.json',
      `/explorer/${version}/../../package.json`,
      `/explorer/${version}/..%2f..%2fpackage.json`,
      `/explorer/${version}/%2e%2e%2fpackage.json`,
      `/explorer/${version}/../../../node_modules/@graphql-yoga/graphiql/package.json`,
      `/explorer/${version}/yoga-graphiql.umd.js`,
      `/explorer/${version}/graphql.worker..bundle.js`,
      `/explorer/${version}/monacoeditorwork/editor.worker.bundle.js`,
      `/explorer/${version}/nope.js`,
      `/explorer/${version}/`,
      `/explorer/${version}`,
      '/explorer/0.0.0/graphiql.js',
      '/explorer/graphiql.js',
      '/explorer/',
      '/index.html',
      '/package.json',
    ];
    for (const path of paths) {
      const reply = await get(app.url, path);
      expect({ path, status: reply.status }).toEqual({ path, status: 404 });
      expect(reply.body.toString('utf8')).not.toContain('"dependencies"');
    }
  });

  it("starts with one tab per report example, in the report's order, each with its variables", () => {
    const settings = JSON.parse(
      html.match(/<script type="application\/json" id="explorer-settings">([^<]*)<\/script>/)![1],
    );
    const tabs = settings.tabs as { query: string; variables?: string }[];
    const examples = loadExamples();
    expect(tabs).toHaveLength(examples.length);
    expect(tabs.map((t) => t.query.match(/^query (\w+)/m)?.[1])).toEqual([
      'Dashboard',
      'EmergentScorecard',
      'AllCrime',
      'DomesticBurglary',
      'TheftOfMotorVehicle',
      'TheftFromMotorVehicle',
      'ViolenceWithInjury',
      'OtherThreats',
      'Satisfaction',
    ]);
    for (const tab of tabs) {
      const example = examples.find((e) => e.document === tab.query)!;
      expect(JSON.parse(tab.variables!)).toEqual(example.variables);
    }
  });

  it('leaves the API alone', async () => {
    expect((await get(app.url, '/health')).status).toBe(200);
    expect((await get(app.url, '/graphql?query=%7B__typename%7D', { 'apollo-require-preflight': 'true' })).status).toBe(
      200,
    );
  });
});

(haveChromium ? describe : describe.skip)('the explorer in headless Chromium', () => {
  it(`renders GraphiQL with the report examples as tabs, \
runs the first (the dashboard) against the seed and loads nothing from other hosts`, async () => {
    const lines: string[] = [];
    const result = await checkExplorer({
      baseUrl: app.url,
      screenshotPath: join(tmpdir(), 'explorer-test.png'),
      chromiumPath: CHROMIUM,
      log: (line) => lines.push(line),
    });
    expect(result.failures).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.externalRequests).toEqual([]);
    expect(result.resultText).toContain('Leicestershire Police');
    expect(result.tabs).toEqual(expect.arrayContaining(['Dashboard', 'EmergentScorecard', 'Satisfaction']));
    expect(result.tabs).toHaveLength(loadExamples().length);
    expect(result.workers.length).toBeGreaterThan(0);
    for (const worker of result.workers) expect(worker.startsWith(`${app.url}/explorer/`)).toBe(true);
  });

  it('a ?query=...&variables=... link opens with that query and those variables, and runs them', async () => {
    const query = 'query LinkedArea($code: String!) { area(code: $code) { code name level } }';
    const variables = '{"code": "CITY"}';
    const result = await checkExplorer({
      baseUrl: app.url,
      path: `/?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(variables)}`,
      expectQueryText: 'query LinkedArea($code: String!)',
      expectVariablesText: '"CITY"',
      // $code has no default: only the linked variables make this answer City BCU.
      expectText: 'City BCU',
      screenshotPath: join(tmpdir(), 'explorer-link-test.png'),
      chromiumPath: CHROMIUM,
      log: () => undefined,
    });
    expect(result.failures).toEqual([]);
    expect(result.resultText).toContain('"level": "BCU"');
    expect(result.tabs![0]).toBe('LinkedArea');
    expect(result.tabs).toHaveLength(loadExamples().length + 1);
  });
});
