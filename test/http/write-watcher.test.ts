/**
 * Writes made around this server, by another process that cannot move the data version (an
 * import from the command line without REDIS_URL): the server finds them in the audit log and
 * moves the version itself, so the data horizon, the snapshot and the response cache follow.
 */
import { importCsv } from '../../src/import/import.service';
import { dataOf, startTestServer, type TestServer } from '../support/harness';

const DECEMBER = `{ performance(area: "BLABY", category: "DOMESTIC_BURGLARY", period: { from: "2013-04",
    to: "2013-12" }) {
  recorded period { to clipped } } }`;

let server: TestServer;
afterEach(async () => server?.close());

async function askDecember() {
  const r = await server.gql(DECEMBER);
  return dataOf(r).performance as { recorded: number; period: { to: string; clipped: boolean } };
}

it('an import around the server is found in the audit log: the horizon and the cached answers move', async () => {
  server = await startTestServer({ config: { cache: { responseCache: true, writeWatchSeconds: 0 } } });
  await server.app.writeWatcher.check(); // where the watcher starts from
  const before = await askDecember();
  expect(before.period).toEqual({ to: '2013-11', clipped: true });
  expect((await server.gql(DECEMBER)).extensions!.cache).toMatchObject({ status: 'HIT' });

  // As `npm run import` without REDIS_URL does: written, audited, and no data version moved.
  await importCsv(
    server.db.prisma,
    'crimes',
    'month,area_code,category_code,recorded\n2013-12,BLABY,DOMESTIC_BURGLARY,7\n',
  );
  expect(await askDecember()).toEqual(before); // the server cannot know yet

  expect(await server.app.writeWatcher.check()).toBe(true);
  const after = await askDecember();
  expect(after.period).toEqual({ to: '2013-12', clipped: false });
  expect(after.recorded).toBe(before.recorded + 7);
  expect(await server.app.writeWatcher.check()).toBe(false); // nothing newer since
});

it('looks by itself every WRITE_WATCH_SECONDS', async () => {
  server = await startTestServer({ config: { cache: { responseCache: true, writeWatchSeconds: 1 } } });
  expect((await askDecember()).period.to).toBe('2013-11');
  await importCsv(
    server.db.prisma,
    'crimes',
    'month,area_code,category_code,recorded\n2013-12,BLABY,DOMESTIC_BURGLARY,3\n',
  );
  const deadline = Date.now() + 10_000;
  let to = '2013-11';
  while (to !== '2013-12' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    to = (await askDecember()).period.to;
  }
  expect(to).toBe('2013-12');
});
