/**
 * Keys on every store, and one process per PGlite folder:
 * - a first ADMIN key on a store with none (in memory included), or the key ADMIN_API_KEY
 *   configures, stored hashed, rotated when the variable changes;
 * - on PostgreSQL, keys made and revoked by another process (`npm run apikey`) work at once and
 *   stop within the key cache's lifetime on a running server;
 * - a PGlite folder serves one process: a second is refused with a message naming the holder,
 *   `npm run apikey` says what to do instead, a dead holder's lock is taken over;
 * - `npm start` on a PGlite folder: empty (no demo data), a first key printed once, a second
 *   server on the same folder refused.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { authenticate, CACHE_TTL_MS } from '../../src/auth/authenticate';
import { hashKey, revokeApiKey } from '../../src/auth/api-keys';
import { ensureAdminKey } from '../../src/auth/first-admin-key';
import { openDatabase, type Database } from '../../src/db/database';
import { LOCK_FILE, StoreInUseError } from '../../src/db/pglite-lock';
import { demoWanted } from '../../src/import/seed';
import { buildAppSchema } from '../../src/schema';
import { startApp } from '../../src/server/app';
import { createScratchDatabase, onPostgres, openTestDatabase, testConfig } from '../support/harness';

const exec = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const KEY = /ppa_[A-Za-z0-9_-]{43}/;

/** A script of scripts/ through tsx (no build needed); exit code, stdout and stderr. */
async function script(name: string, args: string[], env: NodeJS.ProcessEnv) {
  const clean: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete clean.NODE_OPTIONS;
  for (const k of ['DATABASE_URL', 'PGLITE_DATA_DIR'] as const) if (env[k] === undefined) delete clean[k];
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], {
      cwd: ROOT,
      env: clean,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const bearer = (key: string) => `Bearer ${key}`;

describe('the demo data decision', () => {
  it('loads the demo into the in-memory default only, unless DEMO_DATA names it', () => {
    expect(demoWanted({})).toBe(true);
    expect(demoWanted({ DATABASE_URL: 'postgresql://x/y' })).toBe(false);
    expect(demoWanted({ PGLITE_DATA_DIR: '/tmp/x' })).toBe(false);
    expect(demoWanted({ DATABASE_URL: 'postgresql://x/y', DEMO_DATA: '1' })).toBe(true);
    expect(demoWanted({ PGLITE_DATA_DIR: '/tmp/x', DEMO_DATA: 'on' })).toBe(true);
    expect(demoWanted({ DEMO_DATA: 'off' })).toBe(false);
    expect(() => demoWanted({ DEMO_DATA: 'maybe' })).toThrow(/DEMO_DATA must be on or off/);
  });
});

describe('a first ADMIN key', () => {
  let db: Database;
  let dispose: () => Promise<void>;
  beforeEach(async () => ({ db, dispose } = await openTestDatabase()));
  afterEach(() => dispose());

  it('is created on a store with no key, stored only as its hash, and only once', async () => {
    const outcome = await ensureAdminKey(db.primary, undefined);
    if (outcome.kind !== 'created') throw new Error(`expected a new key, got ${outcome.kind}`);
    expect(outcome.key).toMatch(KEY);
    expect(await db.prisma.$queryRawUnsafe(`SELECT name, role::text AS role, key_hash FROM api_key`)).toEqual([
      { name: 'first-admin', role: 'ADMIN', key_hash: hashKey(outcome.key) },
    ]);
    expect(await authenticate(db.prisma, bearer(outcome.key))).toMatchObject({ name: 'first-admin', role: 'ADMIN' });
    expect(await ensureAdminKey(db.primary, undefined)).toEqual({ kind: 'none' });
    expect(await db.prisma.$queryRawUnsafe(`SELECT count(*)::int AS n FROM api_key`)).toEqual([{ n: 1 }]);
  });

  it(`is the configured ADMIN_API_KEY, hashed: stored once, rotated when it changes, \
never revived once revoked`, async () => {
    const first = 'ppa_' + 'a'.repeat(43);
    const second = 'ppa_' + 'b'.repeat(43);
    expect(await ensureAdminKey(db.primary, first)).toEqual({
      kind: 'configured',
      name: 'config-admin-aaaaaaaa',
      stored: true,
      revoked: [],
    });
    expect(await ensureAdminKey(db.primary, first)).toEqual({
      kind: 'configured',
      name: 'config-admin-aaaaaaaa',
      stored: false,
      revoked: [],
    });
    expect(await authenticate(db.prisma, bearer(first))).toMatchObject({ role: 'ADMIN' });
    // No first-admin key is made beside a configured one.
    expect(await db.prisma.$queryRawUnsafe(`SELECT name FROM api_key`)).toEqual([{ name: 'config-admin-aaaaaaaa' }]);

    expect(await ensureAdminKey(db.primary, second)).toEqual({
      kind: 'configured',
      name: 'config-admin-bbbbbbbb',
      stored: true,
      revoked: ['config-admin-aaaaaaaa'],
    });
    await expect(authenticate(db.prisma, bearer(first))).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(await authenticate(db.prisma, bearer(second))).toMatchObject({
      name: 'config-admin-bbbbbbbb',
      role: 'ADMIN',
    });
    const [{ stored }] = await db.prisma.$queryRawUnsafe<{ stored: boolean }[]>(
      `SELECT count(*) = 0 AS stored FROM api_key WHERE key_hash = $1 OR prefix = $1`,
      second,
    );
    expect(stored).toBe(true); // the key itself is nowhere in the store

    await revokeApiKey(db.primary, 'config-admin-bbbbbbbb', { actor: 'cli', role: null });
    expect(await ensureAdminKey(db.primary, second)).toEqual({
      kind: 'configured-revoked',
      name: 'config-admin-bbbbbbbb',
    });
    await expect(authenticate(db.prisma, bearer(second))).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    await expect(ensureAdminKey(db.primary, 'secret')).rejects.toThrow(/ADMIN_API_KEY must be a key of this server/);
  });
});

(onPostgres ? describe : describe.skip)('keys made by another process, PostgreSQL', () => {
  let scratch: { url: string; drop(): Promise<void> };
  let db: Database;
  let app: Awaited<ReturnType<typeof startApp>>;
  beforeAll(async () => {
    scratch = await createScratchDatabase(process.env.DATABASE_URL!);
    db = await openDatabase({ databaseUrl: scratch.url, migrate: true });
    app = await startApp(db, await buildAppSchema(), { port: 0, config: testConfig() });
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await db.close();
    await scratch.drop();
  });

  const apiKeys = async (key: string) => {
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: bearer(key) },
      body: JSON.stringify({ query: '{ apiKeys { name active } }' }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('a key created by `npm run apikey` works at once; revoked, it stops within the cache lifetime', async () => {
    const created = await script('apikey', ['create', '--name', 'ops', '--role', 'ADMIN'], {
      DATABASE_URL: scratch.url,
    });
    expect(created.code).toBe(0);
    const key = KEY.exec(created.stdout)![0];
    const first = await apiKeys(key);
    expect(first.status).toBe(200);
    expect(first.body.data.apiKeys).toEqual([{ name: 'ops', active: true }]);

    const revoked = await script('apikey', ['revoke', '--name', 'ops'], { DATABASE_URL: scratch.url });
    expect(revoked.code).toBe(0);
    const since = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - since < CACHE_TTL_MS + 2_000) {
      status = (await apiKeys(key)).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(401);
    expect(Date.now() - since).toBeLessThanOrEqual(CACHE_TTL_MS + 1_000);
  }, 60_000);
});

describe('a PGlite folder, one process at a time', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'ppa-lock-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`refuses a second opener with the holder named; \
\`npm run apikey\` says to use the API or stop the server`, async () => {
    const store = join(dir, 'store');
    const db = await openDatabase({ pgliteDataDir: store });
    try {
      const lock = JSON.parse(readFileSync(join(store, LOCK_FILE), 'utf8'));
      expect(lock.pid).toBe(process.pid);
      await expect(openDatabase({ pgliteDataDir: store })).rejects.toBeInstanceOf(StoreInUseError);
      const cli = await script('apikey', ['list'], { PGLITE_DATA_DIR: store });
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain(`is in use by another process (pid ${process.pid}`);
      expect(cli.stderr).toMatch(/createApiKey, revokeApiKey mutations/);
      expect(cli.stderr).toMatch(/stop the server, run this command again/);
    } finally {
      await db.close();
    }
    expect(existsSync(join(store, LOCK_FILE))).toBe(false);
    // Free again: the command line runs.
    const listed = await script('apikey', ['list'], { PGLITE_DATA_DIR: store });
    expect(listed).toMatchObject({ code: 0 });
  }, 120_000);

  it('takes over a lock whose process is gone', async () => {
    const store = join(dir, 'stale');
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const db0 = await openDatabase({ pgliteDataDir: store });
    await db0.close();
    writeFileSync(
      join(store, LOCK_FILE),
      JSON.stringify({ pid: dead, host: hostname(), command: 'killed', since: '2026-01-01' }),
    );
    const db = await openDatabase({ pgliteDataDir: store });
    expect(JSON.parse(readFileSync(join(store, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await db.close();
  }, 120_000);
});

describe('`npm start` on a PGlite folder', () => {
  let dir: string;
  let child: ChildProcess | undefined;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'ppa-start-'))));
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (env: NodeJS.ProcessEnv) => {
    const full: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_REQUESTS: 'off', ...env };
    delete full.NODE_OPTIONS;
    delete full.DATABASE_URL;
    delete full.DEMO_DATA;
    delete full.ADMIN_API_KEY;
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: full,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    proc.stdout.on('data', (d) => (output += d));
    proc.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    const until = async (pattern: RegExp) => {
      for (const deadline = Date.now() + 150_000; Date.now() < deadline;) {
        if (pattern.test(output)) return output;
        if (proc.exitCode !== null) return output;
        await new Promise((r) => setTimeout(r, 250));
      }
      return output;
    };
    return { proc, exited, until };
  };

  it('starts empty with a first ADMIN key printed once; a second server on the folder is refused', async () => {
    const store = join(dir, 'store');
    const first = start({ PGLITE_DATA_DIR: store });
    child = first.proc;
    const output = await first.until(/GraphQL: +http/);
    const url = /GraphQL: +(http:\/\/[\d.:]+\/graphql)/.exec(output)?.[1];
    if (!url) throw new Error(output);
    expect(output).toMatch(/The store is empty\. `npm run db:reference`/);
    const key = KEY.exec(output)![0];
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: bearer(key) },
      body: JSON.stringify({ query: '{ dataset { demo referenceData } apiKeys { name role } areas { code } }' }),
    });
    expect(await res.json()).toMatchObject({
      data: {
        dataset: { demo: false, referenceData: false },
        apiKeys: [{ name: 'first-admin', role: 'ADMIN' }],
        areas: [],
      },
    });

    const second = start({ PGLITE_DATA_DIR: store });
    expect(await second.exited).toBe(1);
    expect(await second.until(/in use/)).toContain(`is in use by another process (pid ${first.proc.pid}`);

    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(join(store, LOCK_FILE))).toBe(false);
  }, 240_000);
});
