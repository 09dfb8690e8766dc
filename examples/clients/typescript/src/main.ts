/**
 * A partner's client: one figure and a league table, typed from the API's schema.
 *
 *   npm run codegen                         # src/gql/ from ../../../schema.graphql and the documents below
 *   API_URL=http://127.0.0.1:4000/graphql npm start [AREA] [CATEGORY]
 *
 * Prints a JSON summary on stdout (what CI checks) and a sentence per result on stderr.
 */
import { adviceFor, ApiRequestError, execute, type ClientOptions } from './client.js';
import { graphql } from './gql/index.js';

const Figure = graphql(`
  query PartnerFigure($area: String!, $category: String!, $period: PeriodInput!) {
    performance(area: $area, category: $category, period: $period) {
      area {
        code
        name
      }
      category {
        code
        name
      }
      period {
        label
      }
      recorded
      previousRecorded
      percentChange
      crimeRatePer1000
      disclosure {
        withheld
        reason
      }
    }
  }
`);

const League = graphql(`
  query PartnerLeague($category: String!, $period: PeriodInput!, $first: Int!) {
    leagueTable(
      category: $category
      period: $period
      level: FORCE
      orderBy: CRIME_RATE
      direction: DESC
      first: $first
    ) {
      area {
        code
        name
      }
      recorded
      crimeRatePer1000
      disclosure {
        withheld
      }
    }
  }
`);

/** A figure the caller may not see comes back null with disclosure.withheld; say so rather than print 0. */
const shown = (value: number | null | undefined, withheld: boolean) =>
  withheld ? 'withheld' : value == null ? 'no data' : String(value);

async function main(): Promise<void> {
  const options: ClientOptions = {
    endpoint: process.env.API_URL ?? 'http://127.0.0.1:4000/graphql',
    apiKey: process.env.API_KEY,
  };
  const [area = 'LEICESTERSHIRE', category = 'ALL_CRIME'] = process.argv.slice(2);
  const period = { financialYear: '2013-14', asOf: '2013-11' };
  const summary: Record<string, unknown> = {};
  try {
    const { performance } = await execute(options, Figure, { area, category, period });
    if (!performance) throw new Error('no figure');
    const withheld = performance.disclosure.withheld;
    summary.figure = {
      area: performance.area.code,
      category: performance.category.code,
      recorded: performance.recorded,
      previousRecorded: performance.previousRecorded,
      percentChange: performance.percentChange,
      crimeRatePer1000: performance.crimeRatePer1000,
      withheld,
    };
    console.error(
      `${performance.area.name}, ${performance.category.name}, ${performance.period.label}: ` +
        `${shown(performance.recorded, withheld)} crimes ` +
        `(a year earlier ${shown(performance.previousRecorded, withheld)})`,
    );
    const { leagueTable } = await execute(options, League, { category, period, first: 10 });
    summary.league = leagueTable.map((row) => ({
      area: row.area.code,
      recorded: row.recorded,
      crimeRatePer1000: row.crimeRatePer1000,
    }));
    for (const [i, row] of leagueTable.entries()) {
      console.error(`${i + 1}. ${row.area.name}: ${shown(row.crimeRatePer1000, row.disclosure.withheld)} per 1,000`);
    }
  } catch (err) {
    if (!(err instanceof ApiRequestError)) throw err;
    summary.errors = err.errors.map((e) => ({
      code: e.extensions?.code ?? null,
      didYouMean: e.extensions?.didYouMean ?? [],
      advice: adviceFor(e),
    }));
    for (const e of err.errors) console.error(`${e.extensions?.code}: ${e.message} -> ${adviceFor(e)}`);
    process.exitCode = 2;
  }
  console.log(JSON.stringify(summary));
}

await main();
