/**
 * API keys and roles over HTTP, on a real store: keys are made through the service (and the
 * CLI), sent as `Authorization: Bearer <key>`, and every restricted query and every mutation of
 * the schema is tried anonymously, with a wrong, a malformed and a revoked key, and with each role.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import {
  getNamedType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  isCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { AuthenticationError, AuthorizationError } from 'type-graphql';
import { createApiKey, revokeApiKey } from '../../src/auth/api-keys';
import { authenticate, CACHE_TTL_MS } from '../../src/auth/authenticate';
import { requiredRole, roleSatisfies } from '../../src/auth/roles';
import { formatError } from '../../src/server/format-error';
import { CLI_ACTOR } from '../../src/auth/caller';
import { openDatabase } from '../../src/db/database';
import { buildAppSchema } from '../../src/schema';
import { startApp } from '../../src/server/app';
import { dataOf, startTestServer, testConfig, type GraphQLResponse, type TestServer } from '../support/harness';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const ROLES = ['PARTNER', 'ANALYST', 'STEWARD', 'ADMIN'] as const;
type Role = (typeof ROLES)[number];
const BY_CLI = { actor: CLI_ACTOR, role: null };
const INVALID = 'The API key is not valid or has been revoked';

let server: TestServer;
let schema: GraphQLSchema;
const keys = {} as Record<Role, string>;
let revokedKey: string;

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const codes = (r: GraphQLResponse) => (r.errors ?? []).map((e) => e.extensions?.code);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

beforeAll(async () => {
  server = await startTestServer({ seed: false });
  schema = await buildAppSchema();
  for (const role of ROLES)
    keys[role] = (await createApiKey(server.db.prisma, { name: `${role.toLowerCase()}-key`, role }, BY_CLI)).key;
  revokedKey = (await createApiKey(server.db.prisma, { name: 'revoked-key', role: 'ADMIN' }, BY_CLI)).key;
  await revokeApiKey(server.db.prisma, 'revoked-key', BY_CLI);
});
afterAll(async () => {
  await server?.close();
});

describe('keys are stored only as a hash', () => {
  it('the api_key table holds SHA-256 hashes and 12-character prefixes, never a key', async () => {
    const rows = await server.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM api_key ORDER BY id`);
    expect(rows).toHaveLength(5);
    const dump = JSON.stringify(rows);
    for (const key of [...Object.values(keys), revokedKey]) {
      expect(key).toMatch(/^ppa_[A-Za-z0-9_-]{43}$/);
      expect(dump).not.toContain(key);
      // Not even the secret part after the prefix appears anywhere.
      expect(dump).not.toContain(key.slice(12));
    }
    const byName = new Map(rows.map((r) => [r.name, r]));
    for (const role of ROLES) {
      const row = byName.get(`${role.toLowerCase()}-key`)!;
      expect(row.key_hash).toBe(sha256(keys[role]));
      expect(row.prefix).toBe(keys[role].slice(0, 12));
      expect(row.role).toBe(role);
    }
  });

  it('the audit log records each create and the revoke with actor "cli", without the key', async () => {
    const rows = await server.db.prisma.$queryRawUnsafe<
      { actor: string; action: string; target: string; details: unknown }[]
    >(`SELECT actor, action, target, details FROM audit_log ORDER BY id`);
    expect(rows.map((r) => `${r.actor} ${r.action} ${r.target}`)).toEqual([
      'cli CREATE_API_KEY partner-key',
      'cli CREATE_API_KEY analyst-key',
      'cli CREATE_API_KEY steward-key',
      'cli CREATE_API_KEY admin-key',
      'cli CREATE_API_KEY revoked-key',
      'cli REVOKE_API_KEY revoked-key',
    ]);
    const dump = JSON.stringify(rows);
    for (const key of Object.values(keys)) expect(dump).not.toContain(key.slice(12));
  });
});

describe('authentication', () => {
  const query = `{ categories { code } }`;

  it('no header: anonymous, public queries answer', async () => {
    const r = await server.gql(query);
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
    expect(r.data.categories).toEqual([]);
  });

  it.each(ROLES)('a live %s key: the same public queries answer', async (role) => {
    const r = await server.gql(query, undefined, bearer(keys[role]));
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
  });

  it.each([
    ['an unknown key of the right shape', `Bearer ppa_${'A'.repeat(43)}`, INVALID],
    ['a string that is not a key', 'Bearer not-a-key', INVALID],
    ['a key with a character changed', null, INVALID],
    ['a revoked key', 'REVOKED', INVALID],
    ['another scheme', 'Basic dXNlcjpwYXNz', 'The Authorization header must be "Bearer <key>"'],
    ['Bearer without a key', 'Bearer', 'The Authorization header must be "Bearer <key>"'],
    ['the key without a scheme', 'KEY', 'The Authorization header must be "Bearer <key>"'],
  ])('%s: the whole request fails, HTTP 401 UNAUTHENTICATED', async (_what, header, message) => {
    const value =
      header === null
        ? `Bearer ${keys.ADMIN.slice(0, -1)}${keys.ADMIN.endsWith('A') ? 'B' : 'A'}`
        : header === 'REVOKED'
          ? `Bearer ${revokedKey}`
          : header === 'KEY'
            ? keys.ADMIN
            : header;
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: value },
      body: JSON.stringify({ query }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const body = (await res.json()) as GraphQLResponse;
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].message).toBe(message);
    expect(body.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('the scheme is case-insensitive', async () => {
    const r = await server.gql(`{ apiKeys { name } }`, undefined, { authorization: `bearer ${keys.ADMIN}` });
    expect(r.status).toBe(200);
    expect(dataOf(r).apiKeys).toHaveLength(5);
  });

  it('a key revoked through the API stops working on the next request, cached or not', async () => {
    const { key } = await createApiKey(server.db.prisma, { name: 'short-lived', role: 'ANALYST' }, BY_CLI);
    expect((await server.gql(query, undefined, bearer(key))).status).toBe(200); // now cached
    const revoked = await server.gql(
      `mutation { revokeApiKey(name: "short-lived") { name active revokedAt } }`,
      undefined,
      bearer(keys.ADMIN),
    );
    expect(dataOf(revoked).revokeApiKey).toMatchObject({ name: 'short-lived', active: false });
    const after = await server.gql(query, undefined, bearer(key));
    expect(after.status).toBe(401);
    expect(codes(after)).toEqual(['UNAUTHENTICATED']);
  });

  it('lastUsedAt is written on first use and not on every request', async () => {
    const { key } = await createApiKey(server.db.prisma, { name: 'usage', role: 'PARTNER' }, BY_CLI);
    const lastUsed = async () =>
      (
        await server.db.prisma.$queryRawUnsafe<{ t: Date | null }[]>(
          `SELECT last_used_at AS t FROM api_key WHERE name = 'usage'`,
        )
      )[0].t;
    expect(await lastUsed()).toBeNull();
    await server.gql(query, undefined, bearer(key));
    const first = await lastUsed();
    expect(first).not.toBeNull();
    for (let i = 0; i < 3; i++) await server.gql(query, undefined, bearer(key));
    expect(await lastUsed()).toEqual(first);
  });
});

describe('revocation latency', () => {
  it(`a key revoked behind this server's back (the CLI, \
another instance) works for at most ${CACHE_TTL_MS / 1000} s more`, async () => {
    const { key } = await createApiKey(server.db.prisma, { name: 'elsewhere', role: 'ANALYST' }, BY_CLI);
    const header = `Bearer ${key}`;
    const t0 = Date.now();
    expect(await authenticate(server.db.prisma, header, t0)).toMatchObject({ name: 'elsewhere', role: 'ANALYST' });
    // Revoked in the store directly, as another process would: this process's cache does not know.
    await server.db.prisma.$executeRawUnsafe(`UPDATE api_key SET revoked_at = now() WHERE name = 'elsewhere'`);
    expect(await authenticate(server.db.prisma, header, t0 + CACHE_TTL_MS - 1)).toMatchObject({ name: 'elsewhere' });
    await expect(authenticate(server.db.prisma, header, t0 + CACHE_TTL_MS)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED', reason: 'REVOKED_KEY' },
    });
    // A refusal is never cached: still refused a moment later.
    await expect(authenticate(server.db.prisma, header, t0 + CACHE_TTL_MS + 1)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});

describe('the role hierarchy', () => {
  it('ADMIN > STEWARD > ANALYST > PARTNER; a decorator listing several roles admits the lowest and above', () => {
    expect(requiredRole([])).toBeNull();
    expect(requiredRole(['STEWARD', 'ANALYST'])).toBe('ANALYST');
    expect(() => requiredRole(['ROOT'])).toThrow(/unknown role "ROOT"/);
    const matrix = ROLES.map((has) => ROLES.map((needs) => (roleSatisfies(has, needs) ? 'Y' : '-')).join(''));
    expect(matrix).toEqual(['Y---', 'YY--', 'YYY-', 'YYYY']);
    for (const role of ROLES) expect(roleSatisfies(role, null)).toBe(true);
  });

  it("type-graphql's own refusals reach clients as UNAUTHENTICATED and FORBIDDEN", () => {
    const authn = new AuthenticationError();
    const authz = new AuthorizationError();
    expect(formatError({ message: authn.message, extensions: authn.extensions }, authn).extensions!.code).toBe(
      'UNAUTHENTICATED',
    );
    expect(formatError({ message: authz.message, extensions: authz.extensions }, authz).extensions!.code).toBe(
      'FORBIDDEN',
    );
  });
});

describe('ADMIN queries', () => {
  const restricted: [string, string][] = [
    ['apiKeys', `{ apiKeys { name role prefix createdAt revokedAt lastUsedAt active } }`],
    ['auditLog', `{ auditLog(first: 3) { id at actor role action target rows details } }`],
  ];

  it.each(restricted)(
    '%s: anonymous is UNAUTHENTICATED, naming the role and how to send a key',
    async (field, query) => {
      const r = await server.gql(query);
      expect(r.status).toBe(200);
      expect(r.data).toBeNull();
      expect(codes(r)).toEqual(['UNAUTHENTICATED']);
      expect(r.errors![0].message).toContain('This needs an API key with role ADMIN');
      expect(r.errors![0].message).toContain('Authorization: Bearer <key>');
      expect(r.errors![0].path).toEqual([field]);
    },
  );

  for (const role of ['PARTNER', 'ANALYST', 'STEWARD'] as const) {
    it.each(restricted)(
      `%s: a key with role ${role} is FORBIDDEN, naming the role needed and the caller's`,
      async (_field, query) => {
        const r = await server.gql(query, undefined, bearer(keys[role]));
        expect(codes(r)).toEqual(['FORBIDDEN']);
        expect(r.errors![0].message).toContain('role ADMIN');
        expect(r.errors![0].message).toContain(`has role ${role}`);
        expect(r.errors![0].extensions).toMatchObject({ requiredRole: 'ADMIN', role });
      },
    );
  }

  it('apiKeys with an ADMIN key: every key with its role and prefix, newest first, never a secret', async () => {
    const r = await server.gql(restricted[0][1], undefined, bearer(keys.ADMIN));
    const list = dataOf(r).apiKeys as {
      name: string;
      role: string;
      prefix: string;
      active: boolean;
      revokedAt: string | null;
      createdAt: string;
    }[];
    const byName = new Map(list.map((k) => [k.name, k]));
    for (const role of ROLES) {
      expect(byName.get(`${role.toLowerCase()}-key`)).toMatchObject({
        role,
        prefix: keys[role].slice(0, 12),
        active: true,
        revokedAt: null,
      });
    }
    expect(byName.get('revoked-key')!.active).toBe(false);
    expect(Date.parse(byName.get('revoked-key')!.revokedAt!)).toBeGreaterThan(Date.now() - 10 * 60_000);
    const created = list.map((k) => Date.parse(k.createdAt));
    expect([...created].sort((a, b) => b - a)).toEqual(created);
    const text = JSON.stringify(r);
    for (const key of Object.values(keys)) expect(text).not.toContain(key.slice(12));
  });

  it('auditLog: newest first, paged by id, filtered by actor and action, page size capped at 500', async () => {
    const all = dataOf(
      await server.gql(`{ auditLog(first: 500) { id actor action target } }`, undefined, bearer(keys.ADMIN)),
    ).auditLog;
    const ids = all.map((e: { id: number }) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const count = (
      await server.db.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM audit_log`)
    )[0].n;
    expect(all).toHaveLength(count);

    const page1 = dataOf(await server.gql(`{ auditLog(first: 2) { id } }`, undefined, bearer(keys.ADMIN))).auditLog;
    expect(page1.map((e: { id: number }) => e.id)).toEqual(ids.slice(0, 2));
    const page2 = dataOf(
      await server.gql(
        `query($after: Int) { auditLog(first: 2, after: $after) { id } }`,
        { after: page1[1].id },
        bearer(keys.ADMIN),
      ),
    ).auditLog;
    expect(page2.map((e: { id: number }) => e.id)).toEqual(ids.slice(2, 4));

    const revokes = dataOf(
      await server.gql(
        `{ auditLog(action: "REVOKE_API_KEY", actor: "cli") { actor action target } }`,
        undefined,
        bearer(keys.ADMIN),
      ),
    ).auditLog;
    expect(revokes).toEqual([{ actor: 'cli', action: 'REVOKE_API_KEY', target: 'revoked-key' }]);

    // Over 500 asks for 500; fewer than 1 is refused.
    await server.db.prisma.$executeRawUnsafe(
      `INSERT INTO audit_log (actor, role, action, target, rows) SELECT 'filler', NULL, 'FILLER', NULL, ` +
        `0 FROM generate_series(1, 520)`,
    );
    expect(
      dataOf(await server.gql(`{ auditLog(first: 10000) { id } }`, undefined, bearer(keys.ADMIN))).auditLog,
    ).toHaveLength(500);
    const bad = await server.gql(`{ auditLog(first: 0) { id } }`, undefined, bearer(keys.ADMIN));
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    await server.db.prisma.$executeRawUnsafe(`DELETE FROM audit_log WHERE actor = 'filler'`);
  });
});

describe('ADMIN mutations', () => {
  const create =
    `mutation($name: String!, $role: Role!) { createApiKey(name: $name, ` +
    `role: $role) { key info { name role prefix active createdAt } } }`;

  it('createApiKey: the key is returned once, works, is audited with the admin as actor', async () => {
    const r = await server.gql(create, { name: 'dashboard-service', role: 'ANALYST' }, bearer(keys.ADMIN));
    const { key, info } = dataOf(r).createApiKey;
    expect(key).toMatch(/^ppa_[A-Za-z0-9_-]{43}$/);
    expect(info).toMatchObject({ name: 'dashboard-service', role: 'ANALYST', prefix: key.slice(0, 12), active: true });
    const stored = await server.db.prisma.$queryRawUnsafe<{ key_hash: string }[]>(
      `SELECT key_hash FROM api_key WHERE name = 'dashboard-service'`,
    );
    expect(stored[0].key_hash).toBe(sha256(key));
    // The new key authenticates, with its role: an ANALYST cannot list keys.
    const use = await server.gql(`{ apiKeys { name } }`, undefined, bearer(key));
    expect(codes(use)).toEqual(['FORBIDDEN']);
    expect(use.errors![0].message).toContain('"dashboard-service" has role ANALYST');
    const audit = dataOf(
      await server.gql(
        `{ auditLog(first: 1, action: "CREATE_API_KEY") { actor role action target details } }`,
        undefined,
        bearer(keys.ADMIN),
      ),
    ).auditLog;
    expect(audit).toEqual([
      {
        actor: 'admin-key',
        role: 'ADMIN',
        action: 'CREATE_API_KEY',
        target: 'dashboard-service',
        details: { role: 'ANALYST', prefix: key.slice(0, 12) },
      },
    ]);
  });

  it('createApiKey refuses a duplicate name (live or revoked) and a reserved one, writing nothing', async () => {
    const before = (
      await server.db.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM audit_log`)
    )[0].n;
    for (const name of ['admin-key', 'revoked-key', 'cli', 'anonymous', '', 'x'.repeat(101)]) {
      const r = await server.gql(create, { name, role: 'PARTNER' }, bearer(keys.ADMIN));
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    }
    const dup = await server.gql(create, { name: 'revoked-key', role: 'PARTNER' }, bearer(keys.ADMIN));
    expect(dup.errors![0].message).toMatch(/already exists \(revoked on .*\)/);
    expect(
      (await server.db.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM audit_log`))[0].n,
    ).toBe(before);
  });

  it('revokeApiKey: unknown names are NOT_FOUND, revoking twice is refused', async () => {
    const unknown = await server.gql(
      `mutation { revokeApiKey(name: "nobody") { name } }`,
      undefined,
      bearer(keys.ADMIN),
    );
    expect(codes(unknown)).toEqual(['NOT_FOUND']);
    const twice = await server.gql(
      `mutation { revokeApiKey(name: "revoked-key") { name } }`,
      undefined,
      bearer(keys.ADMIN),
    );
    expect(codes(twice)).toEqual(['BAD_USER_INPUT']);
    expect(twice.errors![0].message).toContain('already revoked');
  });
});

/** A value of an input type that passes GraphQL validation (the resolver may still refuse it). */
function sample(type: GraphQLInputType): unknown {
  if (type instanceof GraphQLNonNull) return sample(type.ofType);
  if (type instanceof GraphQLList) return [];
  // variables carry the name, not the internal value
  if (type instanceof GraphQLEnumType) return type.getValues()[0].name;
  if (type instanceof GraphQLInputObjectType) {
    const out: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (field.type instanceof GraphQLNonNull && field.defaultValue === undefined)
        out[field.name] = sample(field.type);
    }
    return out;
  }
  const scalar = type;
  switch (scalar.name) {
    case 'Int':
      return 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return false;
    case 'ID':
      return '1';
    case 'DateTimeISO':
      return new Date().toISOString();
    case 'JSON':
    case 'JSONObject':
      return {};
    default:
      return 'AUTH_TEST_X';
  }
}

/** A document calling one root field with every required argument as a variable. */
function documentFor(operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const required = field.args.filter((a) => a.type instanceof GraphQLNonNull && a.defaultValue === undefined);
  const defs = required.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return {
    query: `${operation}${defs ? `(${defs})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`,
    variables: Object.fromEntries(required.map((a) => [a.name, sample(a.type)])),
  };
}

describe('every mutation of the schema', () => {
  const mutations = () => Object.values(buildMutationFields());
  const buildMutationFields = () => schema.getMutationType()?.getFields() ?? {};

  it('there are mutations to check (createApiKey and revokeApiKey at least)', () => {
    expect(Object.keys(buildMutationFields())).toEqual(expect.arrayContaining(['createApiKey', 'revokeApiKey']));
  });

  it(`refuses anonymous callers with UNAUTHENTICATED and PARTNER keys with FORBIDDEN; \
its role (and above) passes authorisation`, async () => {
    const report: string[] = [];
    for (const field of mutations()) {
      const { query, variables } = documentFor('mutation', field);
      const anonymous = await server.gql(query, variables);
      expect({ field: field.name, codes: codes(anonymous) }).toEqual({ field: field.name, codes: ['UNAUTHENTICATED'] });
      expect(anonymous.errors![0].message).toContain('Authorization: Bearer <key>');

      const partner = await server.gql(query, variables, bearer(keys.PARTNER));
      expect({ field: field.name, codes: codes(partner) }).toEqual({ field: field.name, codes: ['FORBIDDEN'] });
      const needed = partner.errors![0].extensions!.requiredRole as Role;
      // Writes need STEWARD or above; keys and the audit log need ADMIN.
      expect(['STEWARD', 'ADMIN']).toContain(needed);
      expect(anonymous.errors![0].message).toContain(`role ${needed}`);

      for (const role of ROLES) {
        const r = role === 'PARTNER' ? partner : await server.gql(query, variables, bearer(keys[role]));
        const refused = codes(r).some((c) => c === 'UNAUTHENTICATED' || c === 'FORBIDDEN');
        const allowed = ROLES.indexOf(role) >= ROLES.indexOf(needed);
        expect({ field: field.name, role, refused }).toEqual({ field: field.name, role, refused: !allowed });
        if (!allowed) expect(r.errors![0].message).toContain(`has role ${role}`);
      }
      report.push(`${field.name}: ${needed}`);
    }
    expect(report.length).toBe(mutations().length);
  });

  it('every Query field with @Authorized refuses anonymous callers and keys below its role', async () => {
    for (const field of Object.values(schema.getQueryType()!.getFields())) {
      const { query, variables } = documentFor('query', field);
      const anonymous = await server.gql(query, variables);
      if (!codes(anonymous).includes('UNAUTHENTICATED')) continue; // a public query
      const needed = anonymous.errors![0].extensions!.requiredRole as Role;
      for (const role of ROLES) {
        const r = await server.gql(query, variables, bearer(keys[role]));
        const refused = codes(r).includes('FORBIDDEN');
        expect({ field: field.name, role, refused }).toEqual({
          field: field.name,
          role,
          refused: ROLES.indexOf(role) < ROLES.indexOf(needed),
        });
      }
    }
  });
});

describe('the command line', () => {
  const script = join(ROOT, 'dist/scripts/apikey.js');
  let dir: string;
  const env = () => {
    const e: NodeJS.ProcessEnv = { ...process.env, PGLITE_DATA_DIR: join(dir, 'store') };
    delete e.DATABASE_URL;
    delete e.NODE_OPTIONS;
    return e;
  };
  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [script, ...args], { env: env(), cwd: ROOT });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  /** Starts a server on the CLI's store (PGlite allows one process at a time: the CLI runs between). */
  const withServer = async <T>(
    fn: (gql: (q: string, key?: string) => Promise<GraphQLResponse & { status: number }>) => Promise<T>,
  ): Promise<T> => {
    const db = await openDatabase({ pgliteDataDir: join(dir, 'store') });
    const app = await startApp(db, schema, { port: 0, config: testConfig() });
    try {
      return await fn(async (q, key) => {
        const res = await fetch(`${app.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(key ? bearer(key) : {}) },
          body: JSON.stringify({ query: q }),
        });
        return { status: res.status, ...((await res.json()) as GraphQLResponse) };
      });
    } finally {
      await app.close();
      await db.close();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ppa-apikey-'));
    // The CLI runs from dist: build it when it is missing or older than its sources.
    const sources = [
      join(ROOT, 'scripts/apikey.ts'),
      ...readdirSync(join(ROOT, 'src/auth')).map((f) => join(ROOT, 'src/auth', f)),
    ];
    const stale = !existsSync(script) || sources.some((s) => statSync(s).mtimeMs > statSync(script).mtimeMs);
    // other modules' type errors do not stop the emit
    if (stale) await run('npx', ['tsc', '-p', '.'], { cwd: ROOT }).catch(() => undefined);
    expect(existsSync(script)).toBe(true);
  }, 180_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('create prints the key once; the key works against that store; list and revoke never show it', async () => {
    const created = await cli('create', '--name', 'ops admin', '--role', 'admin');
    expect(created.code).toBe(0);
    const key = /ppa_[A-Za-z0-9_-]{43}/.exec(created.stdout)![0];
    expect(created.stdout).toContain('Created API key "ops admin" with role ADMIN');
    expect(created.stdout).toMatch(/shown only this once/);
    expect(created.stdout.split('\n')).toContain(key); // on a line of its own, for scripts

    const duplicate = await cli('create', '--name', 'ops admin', '--role', 'PARTNER');
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('An API key named "ops admin" already exists');

    const badRole = await cli('create', '--name', 'someone', '--role', 'superuser');
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('Unknown role "superuser"');
    for (const role of ROLES) expect(badRole.stderr).toContain(role);

    const missing = await cli('create', '--role', 'ADMIN');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--name is required');

    await withServer(async (gql) => {
      const keysSeen = await gql(`{ apiKeys { name role prefix active } }`, key);
      expect(dataOf(keysSeen).apiKeys).toEqual([
        { name: 'ops admin', role: 'ADMIN', prefix: key.slice(0, 12), active: true },
      ]);
      const audit = dataOf(await gql(`{ auditLog { actor role action target } }`, key)).auditLog;
      expect(audit).toEqual([{ actor: 'cli', role: null, action: 'CREATE_API_KEY', target: 'ops admin' }]);
    });

    const list = await cli('list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/ops admin\s+ADMIN\s+ppa_\S{8}/);
    expect(list.stdout).toContain('active');
    expect(list.stdout).not.toContain(key.slice(12));

    const revoked = await cli('revoke', '--name', 'ops admin');
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('Revoked API key "ops admin"');
    expect((await cli('revoke', '--name', 'ops admin')).stderr).toContain('already revoked');
    expect((await cli('revoke', '--name', 'nobody')).stderr).toContain('No API key is named "nobody"');

    await withServer(async (gql) => {
      const refused = await gql(`{ categories { code } }`, key);
      expect(refused.status).toBe(401);
      expect(codes(refused)).toEqual(['UNAUTHENTICATED']);
    });
    expect((await cli('list')).stdout).toMatch(/ops admin.*revoked \d{4}-\d\d-\d\d/);
  }, 180_000);
});

describe('failed authentication (issue 13)', () => {
  const post = (url: string, authorization: string, address: string) =>
    fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization, 'x-forwarded-for': address },
      body: JSON.stringify({ query: '{ __typename }' }),
    });

  it('an unknown and a revoked key get the same answer; the request log tells them apart', async () => {
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    const app = await startApp(server.db, schema, {
      port: 0,
      config: testConfig({ logRequests: true }),
      logStream: stream,
    });
    try {
      const unknown = await post(app.url, `Bearer ppa_${'A'.repeat(43)}`, '198.51.100.1');
      const revoked = await post(app.url, `Bearer ${revokedKey}`, '198.51.100.1');
      expect([unknown.status, revoked.status]).toEqual([401, 401]);
      const strip = (h: Headers) =>
        Object.fromEntries([...h].filter(([k]) => !['date', 'x-request-id', 'content-length'].includes(k)));
      expect(strip(revoked.headers)).toEqual(strip(unknown.headers));
      expect(await revoked.text()).toBe(await unknown.text());
      await new Promise((r) => setTimeout(r, 50));
      const reasons = lines
        .map((l) => JSON.parse(l))
        .filter((l) => l.msg === 'request')
        .map((l) => l.authFailure);
      expect(reasons).toEqual(['INVALID_KEY', 'REVOKED_KEY']);
    } finally {
      await app.close();
    }
  });

  it(`failed attempts are metered per address: past AUTH_FAILURES_PER_MINUTE, \
429 RATE_LIMITED before the key is looked up`, async () => {
    const app = await startApp(server.db, schema, {
      port: 0,
      config: testConfig({ trustProxy: 1, rateLimit: { enabled: true, authFailuresPerMinute: 3 } }),
    });
    try {
      // Stay within one minute of the clock (budgets are per minute).
      const intoMinute = Date.now() % 60_000;
      if (intoMinute > 50_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 50));
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await post(app.url, `Bearer ppa_${String(i).repeat(43)}`, '203.0.113.7')).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const refused = await post(app.url, `Bearer ${keys.ADMIN}`, '203.0.113.7');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await refused.json()) as GraphQLResponse).errors![0].extensions!.code).toBe('RATE_LIMITED');
      // Another address, and anonymous requests from the same one, are not affected.
      expect((await post(app.url, `Bearer ${keys.ADMIN}`, '203.0.113.8')).status).toBe(200);
      const anonymous = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(anonymous.status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
