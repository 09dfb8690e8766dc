/**
 * The partners' typed client (examples/clients/typescript) against a live server: its documents
 * are checked and typed by GraphQL Code Generator against schema.graphql, the committed output
 * must be what codegen writes now, it type checks, and its script prints the figures the server
 * gives (a figure, a league table by crime rate, and NOT_FOUND with suggestions).
 *
 * The example is a project of its own (Node 22 or later: the codegen CLI needs it), installed by
 * `npm ci --prefix examples/clients/typescript`. CI installs it and runs this file on Node 24 with
 * REQUIRE_CLIENT_EXAMPLE=1, where a missing install is a failure; elsewhere the file is skipped
 * until the example is installed.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dataOf, startTestServer, type TestServer } from '../support/harness';

const run = promisify(execFile);
const CLIENT_DIR = join(__dirname, '..', '..', 'examples', 'clients', 'typescript');
const installed = existsSync(join(CLIENT_DIR, 'node_modules', '.bin', 'graphql-codegen'));
const nodeMajor = Number(process.versions.node.split('.')[0]);
const required = process.env.REQUIRE_CLIENT_EXAMPLE === '1';
const runnable = installed && nodeMajor >= 22;

if (required && !runnable) {
  test('the client example is installed and runs on Node 22 or later', () => {
    const why = installed
      ? `Node is ${process.version}`
      : 'examples/clients/typescript has no node_modules (npm ci --prefix examples/clients/typescript)';
    throw new Error(`REQUIRE_CLIENT_EXAMPLE=1 but ${why}`);
  });
}

(runnable ? describe : describe.skip)('typed TypeScript client (examples/clients/typescript)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const npm = (args: string[], env: Record<string, string> = {}) =>
    run('npm', ['--prefix', CLIENT_DIR, '--silent', ...args], {
      cwd: CLIENT_DIR,
      env: { ...process.env, ...env },
      maxBuffer: 10_000_000,
    }).catch((err: { stdout?: string; stderr?: string; code?: number }) => ({
      stdout: err.stdout ?? '',
      stderr: err.stderr ?? '',
      code: err.code,
    }));

  it('codegen on schema.graphql writes what is committed, and the client type checks', async () => {
    const files = ['gql.ts', 'graphql.ts', 'index.ts'].map((f) => join(CLIENT_DIR, 'src', 'gql', f));
    const before = files.map((f) => readFileSync(f, 'utf8'));
    const codegen = await npm(['run', 'codegen']);
    expect((codegen as { code?: number }).code ?? 0).toBe(0);
    expect(files.map((f) => readFileSync(f, 'utf8'))).toEqual(before);
    const typecheck = await npm(['run', 'typecheck']);
    expect({ code: (typecheck as { code?: number }).code ?? 0, out: typecheck.stdout + typecheck.stderr }).toEqual({
      code: 0,
      out: expect.any(String),
    });
  }, 120_000);

  it('fetches a figure and a league table by crime rate: the numbers the API gives', async () => {
    const out = await npm(['start', '--', 'LEICESTERSHIRE', 'DOMESTIC_BURGLARY'], { API_URL: `${server.url}/graphql` });
    const summary = JSON.parse(out.stdout.trim().split('\n').pop()!);
    const period = { financialYear: '2013-14', asOf: '2013-11' };
    const expected = dataOf(
      await server.gql(
        `query($period: PeriodInput!) {
          performance(area: "LEICESTERSHIRE", category: "DOMESTIC_BURGLARY",
            period: $period) { recorded previousRecorded percentChange crimeRatePer1000 }
          leagueTable(category: "DOMESTIC_BURGLARY", period: $period, level: FORCE) { area { code }
            recorded crimeRatePer1000 }
        }`,
        { period },
      ),
    );
    expect(summary.figure).toEqual({
      area: 'LEICESTERSHIRE',
      category: 'DOMESTIC_BURGLARY',
      ...expected.performance,
      withheld: false,
    });
    // The report's figure: 2,666 domestic burglaries, 2013-14 to November, against 2,762.
    expect(summary.figure.recorded).toBe(2666);
    expect(summary.figure.previousRecorded).toBe(2762);
    const byRate = [...expected.leagueTable]
      .sort((a, b) => b.crimeRatePer1000 - a.crimeRatePer1000)
      .map((r) => r.area.code);
    expect(summary.league.map((r: { area: string }) => r.area)).toEqual(byRate);
    expect(summary.league.length).toBeGreaterThan(1);
  }, 120_000);

  it('handles an error by its code: NOT_FOUND with the nearest codes, exit status 2', async () => {
    const out = await npm(['start', '--', 'LEICESTERSHIR', 'ALL_CRIME'], { API_URL: `${server.url}/graphql` });
    expect((out as { code?: number }).code).toBe(2);
    const summary = JSON.parse(out.stdout.trim().split('\n').pop()!);
    expect(summary.errors).toEqual([
      { code: 'NOT_FOUND', didYouMean: ['LEICESTERSHIRE'], advice: 'unknown code; did you mean LEICESTERSHIRE?' },
    ]);
  }, 120_000);
});
