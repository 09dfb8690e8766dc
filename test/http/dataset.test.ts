/**
 * `dataset`: whether the figures are the made-up demo data set, for clients and for the
 * explorer's note. The demo server (the harness loads the seed) says so; an empty store does not.
 */
import { dataOf, startTestServer, type TestServer } from '../support/harness';

const QUERY = '{ dataset { demo name description referenceData } }';

describe('dataset, with the demo data loaded', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()), 120_000);
  afterAll(() => server.close());

  it('says the data is the made-up demo set, in one SQL statement', async () => {
    const response = await server.gql(QUERY);
    expect(dataOf(response).dataset).toEqual({
      demo: true,
      name: 'Demo data: Leicestershire Police 2011-04 to 2013-11 (made up)',
      description: expect.stringContaining('not real crime data'),
      referenceData: false,
    });
    expect(response.extensions?.sqlStatements).toBe(1);
  });

  it("the explorer's start-up script asks the API the same question, and the page styles its note", async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    const src = /<script src="(\/explorer\/[^"]+\/start\.js)"><\/script>/.exec(html)?.[1];
    expect(src).toBeDefined();
    expect(html).toContain('.dataset-note {');
    const script = await fetch(`${server.url}${src}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    const text = await script.text();
    expect(text).toContain("query: '{ dataset { demo name description } }'");
    expect(text).toContain("note.className = 'dataset-note'");
    expect(text).toContain('not real crime data');
  });
});

describe('dataset, on an empty store', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer({ seed: false })), 120_000);
  afterAll(() => server.close());

  it("says the data is the deployment's own", async () => {
    const response = await server.gql(QUERY);
    expect(dataOf(response).dataset).toEqual({
      demo: false,
      name: "This deployment's data",
      description: expect.stringContaining('demo data set is not loaded'),
      referenceData: false,
    });
    expect(response.extensions?.sqlStatements).toBe(1);
  });
});
