/**
 * `npm run import` with REDIS_URL set bumps the data version servers key their caches by,
 * once per run and only when something committed: a dry run or a rejected file leaves it, so
 * no server drops its cache for nothing. A server on the same Redis sees the new version.
 * Run as a child process, as test/db/import-cli.test.ts runs it; skipped without Redis.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import Redis from 'ioredis';
import { dataVersion } from '../../src/cache/data-version';
import { redisStore } from '../../src/shared-store/shared-store';
import { describeWithRedis, REDIS_URL } from '../support/redis';
import { createScratchDatabase } from '../support/harness';

const exec = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');
const PREFIX = `ppa-test-cli-${randomUUID().slice(0, 8)}:`;
const withRedis = describeWithRedis('import-cli-cache.test.ts');

let dir: string;
let env: NodeJS.ProcessEnv;
let dropDatabase: (() => Promise<void>) | null = null;

async function runImport(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await exec(process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...args], {
      cwd: ROOT,
      env,
    });
    return { code: 0, stderr };
  } catch (e) {
    const err = e as { code: number; stderr: string };
    return { code: err.code, stderr: err.stderr };
  }
}

withRedis('npm run import with REDIS_URL', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ppa-cli-cache-'));
    env = { ...process.env, REDIS_URL, REDIS_KEY_PREFIX: PREFIX };
    delete env.NODE_OPTIONS;
    delete env.PGLITE_DATA_DIR;
    if (process.env.DATABASE_URL) {
      const scratch = await createScratchDatabase(process.env.DATABASE_URL);
      env.DATABASE_URL = scratch.url;
      dropDatabase = () => scratch.drop();
    } else {
      env.PGLITE_DATA_DIR = join(dir, 'store');
    }
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropDatabase?.();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('a dry run and a rejected file leave the version (as servers read it); an import bumps it once', async () => {
    const store = await redisStore(REDIS_URL, PREFIX);
    const version = dataVersion(store);
    try {
      const areas = join(dir, 'areas.csv');
      writeFileSync(
        areas,
        'code,name,level,parent_code,population,population_year\n' +
          'LEICESTERSHIRE,Leicestershire Police,FORCE,,1014918,2013\nCITY,City BCU,BCU,LEICESTERSHIRE,,\n',
      );
      mkdirSync(join(dir, 'bad'));
      const bad = join(dir, 'bad', 'areas.csv');
      writeFileSync(bad, 'code,name,level,parent_code,population,population_year\nNOWHERE,Nowhere,NOT_A_LEVEL,,,\n');

      expect((await runImport('--dry-run', areas)).code).toBe(0);
      expect(await version.current()).toBe(0);

      expect((await runImport(bad)).code).toBe(1);
      expect(await version.current()).toBe(0);

      const run = await runImport(areas);
      expect(run.code).toBe(0);
      expect(await version.current()).toBe(1);

      // Two files in one run: one bump.
      const categories = join(dir, 'categories.csv');
      writeFileSync(categories, 'code,name,parent_code,kind\nALL_CRIME,All crime,,CRIME\n');
      expect((await runImport(areas, categories)).code).toBe(0);
      expect(await version.current()).toBe(2);
    } finally {
      await store.close();
    }
  }, 180_000); // four runs of the command line, each starting tsx and opening the store
});
