/**
 * A bounded load test over loopback: many concurrent clients send figures of several areas, the
 * scorecard and satisfaction examples (examples/*.graphql) and an area list, round after round, a fixed number of
 * requests. Every answer must be right (no errors, the same data as the first answer of the same
 * document), and the heap must not grow from round to round: after a forced GC, the heap after
 * the last round is compared with the heap after round 2, with a tolerance that a leak of a few
 * KB per request would exceed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { onPostgres } from '../support/harness';
import { metricValue, scratchPostgres, startOpsServer, type OpsServer } from '../support/ops';

const CLIENTS = 20;
const REQUESTS_PER_CLIENT_PER_ROUND = 4;
const ROUNDS = 8;
/** Requests between the two heap measurements (rounds 3 to ROUNDS). */
const MEASURED_REQUESTS = (ROUNDS - 2) * CLIENTS * REQUESTS_PER_CLIENT_PER_ROUND;
/** 1.5 MB over 480 requests: a leak of about 3 KB per request or more fails. */
const HEAP_TOLERANCE_BYTES = 1.5 * 1024 * 1024;

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const example = (name: string) => ({
  name,
  query: readFileSync(join(EXAMPLES, `${name}.graphql`), 'utf8'),
  variables: JSON.parse(readFileSync(join(EXAMPLES, `${name}.variables.json`), 'utf8')) as Record<string, unknown>,
});
const FIGURES = `query Figures($period: PeriodInput!) {
  force: performance(area: "LEICESTERSHIRE", category: "ALL_CRIME",
    period: $period) { recorded previousRecorded percentChange targetLevel outcomes outcomeRate }
  city: performance(area: "CITY", category: "DOMESTIC_BURGLARY",
    period: $period) { recorded previousRecorded percentChange outcomes }
  counties: performance(area: "COUNTIES", category: "VIOLENCE_WITH_INJURY",
    period: $period) { recorded trend { direction } monthly { month recorded } }
}`;
const DOCUMENTS = [
  { name: 'figures', query: FIGURES, variables: { period: { financialYear: '2013-14', asOf: '2013-11' } } },
  example('scorecard'),
  example('satisfaction'),
  { name: 'areas', query: `query Areas { areas { code name level parent { code } } }`, variables: {} },
];

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;
function heapAfterGc(): number {
  for (let i = 0; i < 2; i++) gc();
  return process.memoryUsage().heapUsed;
}

let server: OpsServer;
beforeAll(async () => {
  const scratch = onPostgres ? await scratchPostgres() : null;
  server = await startOpsServer({
    db: scratch ? { databaseUrl: scratch.url } : {},
    seed: !scratch,
    dispose: async () => scratch?.drop(),
  });
}, 120_000);
afterAll(() => server?.close());

test(`${CLIENTS} clients × ${ROUNDS} rounds × ${REQUESTS_PER_CLIENT_PER_ROUND} requests: no errors, the same answers, \
no heap growth`, async () => {
  const expected = new Map<string, unknown>();
  for (const d of DOCUMENTS) {
    const r = await server.gql(d.query, d.variables);
    expect(r.errors).toBeUndefined();
    expected.set(d.name, r.data);
  }

  const heaps: number[] = [];
  let requests = 0;
  let failures: string[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let i = 0; i < REQUESTS_PER_CLIENT_PER_ROUND; i++) {
          const d = DOCUMENTS[(client + i + round) % DOCUMENTS.length];
          const r = await server.gql(d.query, d.variables);
          requests += 1;
          if (r.status !== 200 || r.errors) failures.push(`${d.name}: ${r.status} ${JSON.stringify(r.errors)}`);
          else if (JSON.stringify(r.data) !== JSON.stringify(expected.get(d.name)))
            failures.push(`${d.name}: different data`);
        }
      }),
    );
    expect(failures).toEqual([]);
    failures = [];
    heaps.push(heapAfterGc());
  }
  expect(requests).toBe(ROUNDS * CLIENTS * REQUESTS_PER_CLIENT_PER_ROUND);
  const growth = heaps[ROUNDS - 1] - heaps[1];
  const report =
    `heap after each round (MB): ${heaps.map((h) => (h / 1024 / 1024).toFixed(2)).join(', ')}; ` +
    `growth from round 2: ${(growth / 1024).toFixed(0)} KB over ${MEASURED_REQUESTS} ` +
    `requests (${(growth / MEASURED_REQUESTS).toFixed(0)} B per request)`;
  console.log(report);
  expect(growth).toBeLessThan(HEAP_TOLERANCE_BYTES);

  // Counted by the server too: every request, none failed.
  const metrics = await server.app.observability.metrics.text();
  expect(metricValue(metrics, 'ppa_graphql_requests_total', { operation_type: 'query', status: '200' })).toBe(
    requests + DOCUMENTS.length,
  );
  expect(metricValue(metrics, 'ppa_graphql_requests_total')).toBe(requests + DOCUMENTS.length);
  expect(metricValue(metrics, 'ppa_graphql_errors_total')).toBe(0);
}, 240_000);
