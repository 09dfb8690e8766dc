/**
 * `npm run bench`: latency, throughput, SQL statements per request and server memory of our
 * API at each scale, against two baselines timed in the same run:
 *   (a) the database's own work: the best hand-written SQL for the same figures (bench/bespoke.ts),
 *       run directly through a `pg` Pool (or PGlite) in this process;
 *   (b) a bespoke endpoint: node:http + pg running that SQL and returning the same JSON
 *       (bench/bespoke-server.ts), started as a child process like our server.
 *
 * For each scale and store: load (or reuse) the data set, start our server (bench/server.ts, as
 * `node dist/bench/server.js`) and the bespoke server, check that both return the same numbers
 * for every operation (fail loudly if not), warm up, then fire a fixed number of requests per
 * operation from N concurrent keep-alive clients, in rounds that alternate ours, (b) and (a) so
 * that a noisy machine weighs on all three alike. The server's RSS is sampled from
 * /proc/<pid>/status while it works.
 *
 * Flags: --scale small,force,national  --store postgres,pglite  --requests N  --duration S
 *        --concurrency 1,4  --ops figure,dashboard,scorecard,league,trend,league-aliases
 *        --warmup N  --rounds N  --quiet-wait S  --label L  --no-write  (bench/README.md)
 * Results: bench/results/<date>-<scale>.md (+ .json) and the summary bench/results/README.md.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { difference, OPERATIONS, graphqlVariables, type Db, type OperationName, type OpParams } from './bespoke';
import { dataset, GENERATOR_VERSION, PROJECT_ROOT, SCALES, type ScaleName } from './generate';
import { copyPgliteDir, DATA_DIR, ensureLoaded, type LoadInfo, type Store } from './load';

type OpName = OperationName | 'league-aliases';
const ALL_OPS: OpName[] = ['figure', 'dashboard', 'scorecard', 'league', 'trend'];
const RESULTS_DIR = join(PROJECT_ROOT, 'bench', 'results');
const OPERATIONS_DIR = join(PROJECT_ROOT, 'bench', 'operations');

// ---------------------------------------------------------------------------------------------
// Flags
// ---------------------------------------------------------------------------------------------

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const list = <T extends string>(v: string | undefined, all: T[]): T[] => {
  if (!v) return all;
  const items = v.split(',').map((s) => s.trim()) as T[];
  for (const i of items) if (!all.includes(i)) throw new Error(`unknown value ${i}; expected one of ${all.join(', ')}`);
  return items;
};

const options = {
  scales: list<ScaleName>(flag('scale'), SCALES),
  stores: list<Store>(flag('store'), ['postgres', 'pglite']),
  ops: list<OpName>(flag('ops'), [...ALL_OPS, 'league-aliases']),
  requests: flag('requests') ? Number(flag('requests')) : null,
  duration: flag('duration') ? Number(flag('duration')) : null,
  concurrency: (flag('concurrency') ?? '1,4').split(',').map(Number),
  // Enough for V8 to optimise the hot code of each target before it is measured: with 30, our
  // server (far more code per request than the bespoke endpoint's) was measured part-unoptimised.
  warmup: Number(flag('warmup') ?? 200),
  rounds: Number(flag('rounds') ?? 5),
  /** Before each measurement, wait up to this many seconds for the machine to be less than 40% busy. */
  quietWait: Number(flag('quiet-wait') ?? 45),
  write: !process.argv.includes('--no-write'),
  /** A label for a run that is not the reference (e.g. before a change): its files are named <date>-<scale>-<label>. */
  label: flag('label') ?? null,
};
if (!flag('ops')) options.ops = [...ALL_OPS, 'league-aliases'];

/** Requests per operation and target when neither --requests nor --duration says. */
const DEFAULT_REQUESTS: Record<ScaleName, number> = { small: 400, force: 400, national: 300 };
/** Upper bound of requests when --duration is used. */
const MAX_REQUESTS = 20_000;

// ---------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    console.error(`bench: ${sig} received; stopping the servers it started`);
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    process.exit(130);
  });
}

interface Child {
  proc: ChildProcess;
  url: string;
  log: string[];
  stop(): Promise<void>;
}

/**
 * The Node that runs both servers: BENCH_NODE (a path to another node binary, e.g. Node 24 to
 * compare with 20), else the one running this script. The load generator stays on this one.
 */
const SERVER_NODE = process.env.BENCH_NODE || process.execPath;

/** Starts a node script and waits for the line that tells its URL. */
function startChild(
  label: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  urlPattern: RegExp,
  timeoutMs = 180_000,
): Promise<Child> {
  return new Promise((resolve, reject) => {
    const proc = spawn(SERVER_NODE, args, {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(proc);
    const log: string[] = [];
    let done = false;
    const timer = setTimeout(() => {
      if (!done) {
        done = true;
        proc.kill('SIGKILL');
        reject(new Error(`${label} did not start within ${timeoutMs / 1000} s:\n${log.join('')}`));
      }
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      log.push(text);
      if (log.length > 200) log.shift();
      const m = urlPattern.exec(log.join(''));
      if (m && !done) {
        done = true;
        clearTimeout(timer);
        resolve({
          proc,
          url: m[1],
          log,
          stop: () =>
            new Promise<void>((res) => {
              if (proc.exitCode !== null) return res();
              const kill = setTimeout(() => proc.kill('SIGKILL'), 10_000);
              proc.once('exit', () => {
                clearTimeout(kill);
                children.delete(proc);
                res();
              });
              proc.kill('SIGTERM');
            }),
        });
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.once('exit', (code) => {
      children.delete(proc);
      if (!done) {
        done = true;
        clearTimeout(timer);
        reject(new Error(`${label} exited with ${code} before starting:\n${log.join('')}`));
      }
    });
  });
}

/** VmRSS and VmHWM of a process, in MB. */
function memoryOf(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used, in ms (clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Share of the machine's CPU busy over an interval, from /proc/stat. */
function cpuBusy(): () => number {
  const read = () => {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + f[4];
    return { idle, total: f.reduce((a, b) => a + b, 0) };
  };
  const start = read();
  return () => {
    const end = read();
    const total = end.total - start.total;
    return total > 0 ? 1 - (end.idle - start.idle) / total : 0;
  };
}

/** Waits (up to maxSeconds) until the machine's CPU is under 40% busy over 2 s; returns the seconds waited. */
async function waitForQuiet(maxSeconds: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const busy = cpuBusy();
    await new Promise((r) => setTimeout(r, 2000));
    if (busy() < 0.4 || Date.now() - started >= maxSeconds * 1000) return Math.round((Date.now() - started) / 1000);
  }
}

/** Samples a process's RSS every 20 ms; `take()` returns the peak since the last take. */
function rssSampler(pid: number) {
  let peak = 0;
  const sample = () => {
    const m = memoryOf(pid);
    if (m) peak = Math.max(peak, m.rss);
  };
  const timer = setInterval(sample, 20);
  timer.unref();
  return {
    take() {
      sample();
      const p = peak;
      peak = memoryOf(pid)?.rss ?? 0;
      return p;
    },
    stop: () => clearInterval(timer),
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

function httpCall(
  agent: Agent,
  url: string,
  method: 'GET' | 'POST',
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request(
      {
        agent,
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method,
        headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

interface Target {
  /** One request; returns the SQL statements it cost when the target reports them. */
  call(): Promise<number | null>;
}

function graphqlDocument(op: OpName, forces: string[]): string {
  if (op !== 'league-aliases') return readFileSync(join(OPERATIONS_DIR, `${op}.graphql`), 'utf8');
  // The league table without leagueTable: one aliased performance field per force.
  const fields = forces
    .map(
      (code, i) => `  f${i}: performance(area: "${code}", category: $category, period: $period) {
    area { code name } recorded previousRecorded percentChange crimeRatePer1000 outcomeRate
    peerComparison(months: 3) { rate peerMean peerStdDev band rank }
  }`,
    )
    .join('\n');
  return `query LeagueAliases($category: String!, $period: PeriodInput!) {\n${fields}\n}\n`;
}

/** Our GraphQL data in the shape the bespoke endpoint returns (only league-aliases differs). */
function normaliseOurs(op: OpName, data: unknown): unknown {
  if (op !== 'league-aliases') return data;
  const fields = data as Record<string, unknown>;
  return { leagueTable: Object.keys(fields).map((k) => fields[k]) };
}

const bespokeOp = (op: OpName): OperationName => (op === 'league-aliases' ? 'league' : op);

function bespokeQuery(p: OpParams): string {
  return new URLSearchParams(p as unknown as Record<string, string>).toString();
}

/** Counts the leaves of a JSON value, to say how much each check compared. */
function leaves(v: unknown): number {
  if (v === null || typeof v !== 'object') return 1;
  return Object.values(v).reduce((n: number, x) => n + leaves(x), 0);
}

// ---------------------------------------------------------------------------------------------
// Measurement
// ---------------------------------------------------------------------------------------------

interface Samples {
  latencies: number[];
  wallMs: number;
  sql: number[];
}

async function fire(
  target: Target,
  count: number,
  concurrency: number,
  into: Samples,
  deadline: number | null,
): Promise<void> {
  let issued = 0;
  const started = performance.now();
  const worker = async () => {
    while (issued < count && (deadline === null || performance.now() < deadline)) {
      issued++;
      const t = performance.now();
      const statements = await target.call();
      into.latencies.push(performance.now() - t);
      if (statements !== null) into.sql.push(statements);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  into.wallMs += performance.now() - started;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
}
function stats(s: Samples): Stats {
  const sorted = [...s.latencies].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    rps: (sorted.length / s.wallMs) * 1000,
  };
}

export interface ResultRow {
  op: OpName;
  scale: ScaleName;
  store: Store;
  clients: number;
  ours: Stats;
  sql: { mean: number; min: number; max: number };
  a: Stats;
  b: Stats;
  bespokeStatements: number;
  /** CPU time of our server and of the bespoke server per request (ms). */
  cpuMs: { ours: number; b: number };
  /** Share of the machine's CPU busy while our server was measured (all processes, ours included). */
  machineBusy: number;
  /** Seconds waited for a quieter machine before this measurement. */
  waitedSeconds: number;
  loadAverage: number;
  peakRssMb: number;
  responseBytes: number;
}

export interface RunResult {
  date: string;
  scale: ScaleName;
  machine: Record<string, string>;
  loads: LoadInfo[];
  rows: ResultRow[];
  notes: string[];
  settings: Record<string, string | number>;
  serverMemory: Record<string, { idleMb: number; hwmMb: number }>;
}

/** A stored run with the name of its file in bench/results/. */
type StoredRun = RunResult & { file: string };

/** Statements per operation of the bespoke endpoint (see bench/bespoke.ts). */
const BESPOKE_STATEMENTS: Record<OperationName, number> = {
  figure: 1,
  dashboard: 2,
  scorecard: 2,
  league: 1,
  trend: 1,
};

async function runStore(
  scale: ScaleName,
  store: Store,
  load: LoadInfo,
  log: (s: string) => void,
): Promise<{ rows: ResultRow[]; memory: { idleMb: number; hwmMb: number }; notes: string[] }> {
  const ds = dataset(scale);
  const p: OpParams = ds.params;
  const notes: string[] = [];
  const cleanup: string[] = [];

  // Our server, the bespoke server and the in-process store for baseline (a).
  // NODE_ENV=production as the Dockerfile runs the server: graphql-js skips its development-mode
  // checks (its instanceOf alone was 4% of the trend's CPU without it).
  const ourEnv: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: '',
    PGLITE_DATA_DIR: '',
    LOG_SQL: '',
  };
  let bespokeArgs: string[];
  let db: Db;
  let closeDb: () => Promise<void>;
  const maxClients = Math.max(...options.concurrency);
  if (store === 'postgres') {
    ourEnv.DATABASE_URL = load.location;
    bespokeArgs = ['--pg', load.location];
    const pool = new Pool({ connectionString: load.location, max: Math.max(10, maxClients) });
    db = pool;
    closeDb = () => pool.end();
  } else {
    // Small: our server loads the seed into an in-memory PGlite itself, as `npm start` does.
    if (scale !== 'small') {
      ourEnv.PGLITE_DATA_DIR = copyPgliteDir(scale, 'ours');
      cleanup.push(ourEnv.PGLITE_DATA_DIR);
    }
    const bespokeDir = copyPgliteDir(scale, 'bespoke');
    const sqlDir = copyPgliteDir(scale, 'sql');
    cleanup.push(bespokeDir, sqlDir);
    bespokeArgs = ['--pglite', bespokeDir];
    // Loaded only for the PGlite rows.
    const { PGlite } = await import('@electric-sql/pglite');
    const pg = new PGlite(sqlDir);
    await pg.waitReady;
    db = pg;
    closeDb = () => pg.close();
  }
  // bench/server.ts: src/main.ts's server with the response cache, persisted queries, rate limiting
  // and request logs off (it measures computing the figures, not serving cached bytes).
  const ours = await startChild(
    'our server',
    [join(PROJECT_ROOT, 'dist', 'bench', 'server.js')],
    ourEnv,
    /GraphQL:\s+(http:\/\/[^\s]+)\/graphql/,
  );
  const bespoke = await startChild(
    'bespoke server',
    [join(PROJECT_ROOT, 'dist', 'bench', 'bespoke-server.js'), '--port', '0', ...bespokeArgs],
    { NODE_ENV: 'production' },
    /bespoke baseline on (http:\/\/[^\s]+)/,
  );
  const agent = new Agent({ keepAlive: true, maxSockets: maxClients });
  const sampler = rssSampler(ours.proc.pid!);
  const rows: ResultRow[] = [];
  try {
    const idle = memoryOf(ours.proc.pid!)!;
    log(
      `  our server ${ours.url} (pid ${ours.proc.pid}, ${idle.rss.toFixed(0)} MB idle), ` +
        `bespoke ${bespoke.url} (pid ${bespoke.proc.pid})`,
    );

    const forcesResponse = await httpCall(
      agent,
      `${ours.url}/graphql`,
      'POST',
      JSON.stringify({ query: '{ areas(level: FORCE) { code } }' }),
    );
    const areas = JSON.parse(forcesResponse.body) as { data: { areas: { code: string }[] } };
    const forces: string[] = areas.data.areas.map((a) => a.code);

    for (const op of options.ops) {
      const document = graphqlDocument(op, forces);
      const body = JSON.stringify({ query: document, variables: graphqlVariables(op, p) });
      const bop = bespokeOp(op);
      const bespokeUrl = `${bespoke.url}/${bop}?${bespokeQuery(p)}`;

      // The same numbers from our API, the bespoke endpoint and the SQL, or stop here.
      const mine = await httpCall(agent, `${ours.url}/graphql`, 'POST', body);
      const parsed = JSON.parse(mine.body) as { data?: unknown; errors?: unknown[] };
      if (mine.status !== 200 || parsed.errors)
        throw new Error(`${op}: our API answered ${mine.status}: ${mine.body.slice(0, 2000)}`);
      const theirs = await httpCall(agent, bespokeUrl, 'GET');
      if (theirs.status !== 200)
        throw new Error(`${op}: the bespoke endpoint answered ${theirs.status}: ${theirs.body.slice(0, 2000)}`);
      const direct = OPERATIONS[bop].shape((await OPERATIONS[bop].sql(db, p)) as never, p);
      const theirData = (JSON.parse(theirs.body) as { data: unknown }).data;
      const diff = difference(normaliseOurs(op, parsed.data), theirData) ?? difference(theirData, direct);
      if (diff) throw new Error(`${scale}/${store} ${op}: our API and the bespoke endpoint disagree at ${diff}`);
      log(
        `  ${op}: same numbers from our API and the bespoke endpoint ` +
          `(${leaves(parsed.data)} values; ${mine.body.length} bytes)`,
      );

      const targets: Record<'ours' | 'b' | 'a', Target> = {
        ours: {
          async call() {
            const r = await httpCall(agent, `${ours.url}/graphql`, 'POST', body);
            if (r.status !== 200 || r.body.includes('"errors":'))
              throw new Error(`${op}: ${r.status} ${r.body.slice(0, 500)}`);
            const m = /"sqlStatements":(\d+)/.exec(r.body);
            return m ? Number(m[1]) : null;
          },
        },
        b: {
          async call() {
            const r = await httpCall(agent, bespokeUrl, 'GET');
            if (r.status !== 200) throw new Error(`${op} (bespoke): ${r.status} ${r.body.slice(0, 500)}`);
            return null;
          },
        },
        a: {
          async call() {
            await OPERATIONS[bop].sql(db, p);
            return null;
          },
        },
      };

      for (const clients of options.concurrency) {
        const waited = options.quietWait > 0 ? await waitForQuiet(options.quietWait) : 0;
        for (const t of Object.values(targets))
          await fire(t, options.warmup, clients, { latencies: [], wallMs: 0, sql: [] }, null);
        const total = options.requests ?? (options.duration ? MAX_REQUESTS : DEFAULT_REQUESTS[scale]);
        const perRound = Math.ceil(total / options.rounds);
        const samples = {
          ours: { latencies: [], wallMs: 0, sql: [] },
          b: { latencies: [], wallMs: 0, sql: [] },
          a: { latencies: [], wallMs: 0, sql: [] },
        } as Record<'ours' | 'b' | 'a', Samples>;
        const order: ('ours' | 'b' | 'a')[] = ['ours', 'b', 'a'];
        sampler.take();
        let peak = 0;
        const cpu = { ours: 0, b: 0 };
        let busy = 0;
        const loadAverage = loadavg()[0];
        for (let round = 0; round < options.rounds; round++) {
          for (let i = 0; i < order.length; i++) {
            const which = order[(round + i) % order.length];
            const deadline = options.duration ? performance.now() + (options.duration * 1000) / options.rounds : null;
            const pid = which === 'ours' ? ours.proc.pid! : bespoke.proc.pid!;
            const cpuBefore = cpuMsOf(pid);
            const machineBusy = cpuBusy();
            await fire(targets[which], perRound, clients, samples[which], deadline);
            if (which === 'ours') {
              cpu.ours += cpuMsOf(pid) - cpuBefore;
              busy += machineBusy() / options.rounds;
            } else if (which === 'b') cpu.b += cpuMsOf(pid) - cpuBefore;
            const p = sampler.take();
            if (which === 'ours') peak = Math.max(peak, p);
          }
        }
        const sql = samples.ours.sql;
        const row: ResultRow = {
          op,
          scale,
          store,
          clients,
          ours: stats(samples.ours),
          sql: { mean: sql.reduce((s, x) => s + x, 0) / sql.length, min: Math.min(...sql), max: Math.max(...sql) },
          a: stats(samples.a),
          b: stats(samples.b),
          bespokeStatements: BESPOKE_STATEMENTS[bop],
          cpuMs: { ours: cpu.ours / samples.ours.latencies.length, b: cpu.b / samples.b.latencies.length },
          machineBusy: busy,
          waitedSeconds: waited,
          loadAverage,
          peakRssMb: peak,
          responseBytes: mine.body.length,
        };
        rows.push(row);
        log(
          `    ${clients} client(s): ours p50 ${ms(row.ours.p50)} p95 ${ms(row.ours.p95)} p99 ${ms(row.ours.p99)} ` +
            `${row.ours.rps.toFixed(0)} req/s, ` +
            `${row.sql.min === row.sql.max ? row.sql.min : `${row.sql.min}-${row.sql.max}`} SQL; ` +
            `(a) ${ms(row.a.p50)}; (b) ${ms(row.b.p50)}; ` +
            `ratio (a) ${ratio(row.ours.p50, row.a.p50)}, (b) ${ratio(row.ours.p50, row.b.p50)}; ` +
            `peak RSS ${row.peakRssMb.toFixed(0)} MB; ` +
            `CPU/request ours ${row.cpuMs.ours.toFixed(2)} ms, (b) ${row.cpuMs.b.toFixed(2)} ms; ` +
            `machine ${(row.machineBusy * 100).toFixed(0)}% busy, load ${row.loadAverage.toFixed(1)}`,
        );
      }
    }
    const memory = { idleMb: idle.rss, hwmMb: memoryOf(ours.proc.pid!)?.hwm ?? NaN };
    return { rows, memory, notes };
  } finally {
    sampler.stop();
    agent.destroy();
    await Promise.all([ours.stop(), bespoke.stop()]);
    await closeDb();
    for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

const ms = (x: number) => (x >= 100 ? `${x.toFixed(0)} ms` : x >= 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(2)} ms`);
const ratio = (x: number, base: number) => `${(x / base).toFixed(1)}x`;

function machine(): Record<string, string> {
  const pgliteVersion = JSON.parse(
    readFileSync(join(PROJECT_ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'),
  ) as { version: string };
  const pgVersion = (() => {
    try {
      return execFileSync('psql', [
        '-At',
        '-c',
        'SHOW server_version',
        process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
      ])
        .toString()
        .trim();
    } catch {
      return 'unknown';
    }
  })();
  return {
    cpu: `${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores (nproc)`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node:
      SERVER_NODE === process.execPath
        ? `Node ${process.version}`
        : `Node ${execFileSync(SERVER_NODE, ['--version']).toString().trim()} (servers; BENCH_NODE), ` +
          `load generator Node ${process.version}`,
    postgres: `PostgreSQL ${pgVersion} (local, default settings: shared_buffers 128MB, work_mem 4MB, jit on)`,
    pglite: `@electric-sql/pglite ${pgliteVersion.version}`,
  };
}

const OP_DESCRIPTIONS: Record<OpName, string> = {
  figure:
    'one figure: an LPU, DOMESTIC_BURGLARY, year to date ' +
    '(recorded, previousRecorded, percentChange, gapToTarget, outcomeRate)',
  dashboard:
    'force dashboard: dashboard(plan, force, asOf): scorecard in brief, all crime with BCUs and LPUs, satisfaction',
  scorecard: "the plan's scorecard: every objective with its figures and each BCU's",
  league:
    'national league table: leagueTable(level: FORCE): every force, one category, crime rate, ' +
    'peerComparison(months: 3)',
  trend: 'rolling 12 months for every LPU: leagueTable(level: LPU) with trend(months: 12) and controlChart(months: 12)',
  'league-aliases': 'the league table without leagueTable: one aliased performance field per force',
};

function table(rows: ResultRow[]): string {
  const head =
    '| operation | scale | store | clients | p50 | p95 | p99 | req/s | SQL/request | ' +
    'baseline (a) p50 | baseline (b) p50 | ratio to (a) | ratio to (b) | server peak RSS |\n' +
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n';
  return (
    head +
    rows
      .map((r) =>
        [
          r.op,
          r.scale,
          r.store === 'postgres' ? 'PostgreSQL' : 'PGlite',
          r.clients,
          ms(r.ours.p50),
          ms(r.ours.p95),
          ms(r.ours.p99),
          r.ours.rps.toFixed(0),
          r.sql.min === r.sql.max ? String(r.sql.min) : `${r.sql.min}-${r.sql.max}`,
          ms(r.a.p50),
          ms(r.b.p50),
          ratio(r.ours.p50, r.a.p50),
          ratio(r.ours.p50, r.b.p50),
          `${r.peakRssMb.toFixed(0)} MB`,
        ].join(' | '),
      )
      .map((l) => `| ${l} |`)
      .join('\n') +
    '\n'
  );
}

function baselineTable(rows: ResultRow[]): string {
  const head =
    '| operation | scale | store | clients | (a) p95 | (a) p99 | (a) req/s | (b) p95 | (b) p99 | (b) req/s | ' +
    '(b) SQL/request | server CPU/request: ours | (b) | response bytes | requests each | machine busy | load avg |\n' +
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ' +
    '---: | ---: | ---: | ---: | ---: | ---: | ---: |\n';
  return (
    head +
    rows
      .map((r) =>
        [
          r.op,
          r.scale,
          r.store === 'postgres' ? 'PostgreSQL' : 'PGlite',
          r.clients,
          ms(r.a.p95),
          ms(r.a.p99),
          r.a.rps.toFixed(0),
          ms(r.b.p95),
          ms(r.b.p99),
          r.b.rps.toFixed(0),
          r.bespokeStatements,
          ms(r.cpuMs.ours),
          ms(r.cpuMs.b),
          r.responseBytes,
          r.ours.n,
          `${(r.machineBusy * 100).toFixed(0)}%`,
          r.loadAverage.toFixed(1),
        ].join(' | '),
      )
      .map((l) => `| ${l} |`)
      .join('\n') +
    '\n'
  );
}

function rowsTable(loads: LoadInfo[]): string {
  const keys = [
    'area',
    'recorded_crime',
    'crime_outcome',
    'investigation',
    'satisfaction_response',
    'fact_rollup',
    'outcome_rollup',
    'objective',
  ];
  const head =
    `| scale | store | ${keys.join(' | ')} | load time |\n` +
    `| --- | --- | ${keys.map(() => '---:').join(' | ')} | ---: |\n`;
  return (
    head +
    loads
      .map(
        (l) =>
          `| ${l.scale} | ${l.store === 'postgres' ? 'PostgreSQL' : 'PGlite'} | ` +
          `${keys.map((k) => (l.rows[k] ?? 0).toLocaleString('en-GB')).join(' | ')} | ` +
          `${l.loadSeconds} s${l.reused ? ' (reused)' : ''} |`,
      )
      .join('\n') +
    '\n'
  );
}

function scaleReport(r: RunResult): string {
  const lines = [
    `# Benchmark: ${r.scale} scale, ${r.date}`,
    '',
    `Data set: ${dataset(r.scale).description} (generator version ${GENERATOR_VERSION}).`,
    '',
    `Machine: ${r.machine.cpu}, ${r.machine.memory}; ${r.machine.node}; ${r.machine.postgres}; ${r.machine.pglite}. ` +
      'Server, bespoke server, PostgreSQL and the load generator share the machine.',
    '',
    `Run: ${Object.entries(r.settings)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}. Times are per request over loopback HTTP (baseline (a): per operation's SQL through pg, no HTTP).`,
    '',
    table(r.rows),
    '',
    ...(r.scale === 'national' ? ['## Targets', '', targetsTable(r.rows, r.rows), ''] : []),
    '## Baselines in detail',
    '',
    baselineTable(r.rows),
    '',
    '## Data',
    '',
    rowsTable(r.loads),
    '',
    ...r.loads.map(
      (l) =>
        `- ${l.scale} on ${l.store}: load phases (s) ${Object.entries(l.phases)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
    ),
    '',
    '## Server memory',
    '',
    ...Object.entries(r.serverMemory).map(
      ([k, v]) =>
        `- ${k}: ${v.idleMb.toFixed(0)} MB RSS after start, ${v.hwmMb.toFixed(0)} MB peak (VmHWM) over the run`,
    ),
    '',
    '## Operations',
    '',
    ...[...new Set(r.rows.map((x) => x.op))].map(
      (op) =>
        `- \`${op}\`: ${OP_DESCRIPTIONS[op]} ` +
        `(bench/operations/${op === 'league-aliases' ? '(generated)' : `${op}.graphql`})`,
    ),
    '',
    ...(r.notes.length ? ['## Notes', '', ...r.notes.map((n) => `- ${n}`), ''] : []),
  ];
  return lines.join('\n');
}

/**
 * SQL statements per request of each operation at each scale (PostgreSQL): constant when the
 * document's shape is.
 */
function statementsTable(rows: ResultRow[]): string {
  const ops = [...new Set(rows.map((r) => r.op))];
  const scales = SCALES.filter((s) => rows.some((r) => r.scale === s));
  const cell = (op: OpName, scale: ScaleName) => {
    const found = rows.filter((r) => r.op === op && r.scale === scale);
    if (!found.length) return '';
    const min = Math.min(...found.map((r) => r.sql.min));
    const max = Math.max(...found.map((r) => r.sql.max));
    return min === max ? String(min) : `${min}-${max}`;
  };
  const constant = (op: OpName) => new Set(scales.map((s) => cell(op, s)).filter(Boolean)).size === 1;
  return (
    `| operation | ${scales.join(' | ')} | constant |\n| --- | ${scales.map(() => '---:').join(' | ')} | --- |\n` +
    ops
      .map((op) => `| ${op} | ${scales.map((s) => cell(op, s)).join(' | ')} | ${constant(op) ? 'yes' : 'no'} |`)
      .join('\n') +
    '\n'
  );
}

/** The issue's targets, checked against the national PostgreSQL rows (latency at 1 client). */
function targetsTable(rows: ResultRow[], all: ResultRow[]): string {
  const national = rows.filter((r) => r.scale === 'national' && r.store === 'postgres');
  if (!national.length) return '';
  const one = (op: OpName) => national.find((r) => r.op === op && r.clients === 1) ?? national.find((r) => r.op === op);
  const lines: [string, string, boolean][] = [];
  for (const r of national) {
    const x = r.ours.p50 / r.b.p50;
    lines.push([`${r.op} within 1.5x of baseline (b), ${r.clients} client(s)`, `${x.toFixed(1)}x`, x <= 1.5]);
  }
  const fig = one('figure');
  if (fig) lines.push(['one figure under 3 ms at p50 (1 client)', ms(fig.ours.p50), fig.ours.p50 < 3]);
  for (const op of ['scorecard', 'league'] as OpName[]) {
    const r = one(op);
    if (r) lines.push([`${op} under 30 ms at p50 (1 client)`, ms(r.ours.p50), r.ours.p50 < 30]);
  }
  const peak = Math.max(...national.map((r) => r.peakRssMb));
  lines.push(['server memory under 300 MB (peak RSS over every operation)', `${peak.toFixed(0)} MB`, peak < 300]);
  const ops = [...new Set(all.filter((r) => r.store === 'postgres').map((r) => r.op))];
  const varying = ops.filter(
    (op) =>
      new Set(all.filter((r) => r.op === op && r.store === 'postgres').map((r) => `${r.sql.min}-${r.sql.max}`)).size >
      1,
  );
  lines.push([
    'SQL statements per request constant as data grows',
    varying.length ? `varies: ${varying.join(', ')}` : 'constant for every operation',
    varying.length === 0,
  ]);
  return (
    '| target (national, PostgreSQL) | measured | met |\n| --- | ---: | --- |\n' +
    lines.map(([t, v, ok]) => `| ${t} | ${v} | ${ok ? 'yes' : '**no**'} |`).join('\n') +
    '\n'
  );
}

/** bench/results/README.md: the latest result of each scale, one table. */
function writeSummary(): void {
  const latest = new Map<string, StoredRun>();
  for (const f of readdirSync(RESULTS_DIR)
    .filter((f) => /^\d{4}-\d{2}-\d{2}-(small|force|national)\.json$/.test(f))
    .sort()) {
    const r = JSON.parse(readFileSync(join(RESULTS_DIR, f), 'utf8')) as RunResult;
    latest.set(r.scale, { ...r, file: f });
  }
  const results = SCALES.map((s) => latest.get(s)).filter((r): r is StoredRun => Boolean(r));
  const rows = results.flatMap((r) => r.rows);
  const m = results[0]?.machine;
  const text = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.ts): the latest run of each scale. Per-run reports: ' +
      results.map((r) => `[${r.file.replace('.json', '.md')}](${r.file.replace('.json', '.md')})`).join(', ') +
      '.',
    '',
    m ? `Machine: ${m.cpu}, ${m.memory}; ${m.node}; ${m.postgres}; ${m.pglite}.` : '',
    '',
    table(rows),
    '',
    '## Targets',
    '',
    targetsTable(rows, rows),
    '',
    '## SQL statements per request, by scale (PostgreSQL)',
    '',
    statementsTable(rows.filter((r) => r.store === 'postgres')),
    '',
    'Baseline (a): the best hand-written SQL for the same figures, through `pg` in the benchmark process ' +
      "(the database's own work). " +
      'Baseline (b): a bespoke node:http + pg endpoint running that SQL and returning the same JSON ' +
      '(bench/bespoke-server.ts). ' +
      'Ratio to (b) is the headline: the cost of GraphQL, type-graphql, Prisma and our code over a bespoke endpoint.',
    '',
    '## Data',
    '',
    rowsTable(results.flatMap((r) => r.loads)),
  ].join('\n');
  writeFileSync(join(RESULTS_DIR, 'README.md'), text);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (!existsSync(join(PROJECT_ROOT, 'dist', 'bench', 'server.js'))) throw new Error('build first: npx tsc -p .');
  const date = new Date().toISOString().slice(0, 10);
  const log = (s: string) => console.log(s);
  const settings: Record<string, string | number> = {
    'requests per operation and target':
      options.requests ?? (options.duration ? `up to ${options.duration} s` : 'small/force 400, national 300'),
    'concurrent clients': options.concurrency.join(' and '),
    'warm-up requests': options.warmup,
    rounds: options.rounds,
  };
  for (const scale of options.scales) {
    const loads: LoadInfo[] = [];
    const rows: ResultRow[] = [];
    const notes: string[] = [];
    const serverMemory: Record<string, { idleMb: number; hwmMb: number }> = {};
    const stores = options.stores.filter((s) => !(s === 'pglite' && scale === 'national'));
    for (const store of stores) {
      const load = await ensureLoaded(scale, store, { log });
      loads.push(load);
      log(`${scale} on ${store}:`);
      const result = await runStore(scale, store, load, log);
      rows.push(...result.rows);
      notes.push(...result.notes);
      serverMemory[`${scale} on ${store === 'postgres' ? 'PostgreSQL' : 'PGlite'}`] = result.memory;
    }
    if (options.scales.includes(scale) && options.stores.includes('pglite') && scale === 'national')
      notes.push(
        'PGlite is not run at the national scale ' +
          '(an embedded, single-connection store; the national set is PostgreSQL work).',
      );
    const result: RunResult = { date, scale, machine: machine(), loads, rows, notes, settings, serverMemory };
    if (options.write) {
      mkdirSync(RESULTS_DIR, { recursive: true });
      const name = `${date}-${scale}${options.label ? `-${options.label}` : ''}`;
      writeFileSync(join(RESULTS_DIR, `${name}.json`), JSON.stringify({ ...result, label: options.label }, null, 2));
      writeFileSync(join(RESULTS_DIR, `${name}.md`), scaleReport(result));
      writeSummary();
      log(`wrote bench/results/${name}.md`);
    }
    console.log('\n' + table(rows));
  }
  rmSync(join(DATA_DIR, 'run'), { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  process.exit(1);
});
