/**
 * SIGTERM drains, with the real server as a child process (`node --import tsx src/main.ts`, as
 * `npm start` runs it but without a build): a request whose body is half sent when the signal
 * arrives is still answered, right, with 200; /ready fails at once; new connections are refused
 * once the drain delay is over; and the process exits 0 when the last request is done.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { onPostgres } from '../support/harness';
import { scratchPostgres } from '../support/ops';

const ROOT = join(__dirname, '..', '..');
const QUERY = JSON.stringify({
  query:
    `query Force { performance(area: "LEICESTERSHIRE", category: "ALL_CRIME", ` +
    `period: { financialYear: "2013-14", asOf: "2013-11" }) { recorded outcomes } }`,
});
const DRAIN_DELAY_MS = 1_000;

let child: ChildProcess;
let output = '';
let drop: (() => Promise<void>) | undefined;
let base: string;
let exited: Promise<number | null>;

/** Waits until the child's output matches. */
async function outputMatching(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = pattern.exec(output);
    if (m) return m;
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`server output never matched ${pattern}:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A raw HTTP/1.1 response read from a socket to its end. */
function readResponse(socket: Socket): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    let raw = '';
    socket.on('data', (d) => (raw += d.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, ...rest] = raw.split('\r\n\r\n');
      let body = rest.join('\r\n\r\n');
      if (/transfer-encoding: chunked/i.test(head)) {
        let decoded = '';
        for (let at = 0; ;) {
          const eol = body.indexOf('\r\n', at);
          const size = parseInt(body.slice(at, eol), 16);
          if (!size) break;
          decoded += body.slice(eol + 2, eol + 2 + size);
          at = eol + 2 + size + 2;
        }
        body = decoded;
      }
      resolve({ status: Number(head.split(' ')[1]), headers: head, body });
    });
  });
}

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_REQUESTS: 'off',
    SHUTDOWN_DELAY_MS: String(DRAIN_DELAY_MS),
  };
  delete env.NODE_OPTIONS; // Jest's --experimental-vm-modules is not the server's
  delete env.DATABASE_REPLICA_URLS;
  if (onPostgres) {
    const scratch = await scratchPostgres({ seed: false }); // the server seeds an empty store itself, asked to
    env.DATABASE_URL = scratch.url;
    env.DEMO_DATA = '1';
    drop = scratch.drop;
  } else {
    delete env.DATABASE_URL;
    delete env.PGLITE_DATA_DIR;
  }
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const [, url] = await outputMatching(/GraphQL: +(http:\/\/[\d.:]+)\/graphql/, 150_000);
  base = url;
}, 180_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await drop?.();
});

test('SIGTERM: the in-flight request is answered, /ready fails, new connections are refused, exit 0', async () => {
  const before = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: QUERY,
  });
  expect(before.status).toBe(200);
  const expected = ((await before.json()) as { data: { performance: { recorded: number; outcomes: number } } }).data;
  expect(expected.performance.recorded).toBeGreaterThan(0);
  expect((await fetch(`${base}/ready`)).status).toBe(200);
  const port = Number(new URL(base).port);

  // In flight: the headers and half the body are sent, then the signal.
  const socket = connect(port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  const response = readResponse(socket);
  const half = Math.floor(QUERY.length / 2);
  socket.write(
    `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ` +
      `${Buffer.byteLength(QUERY)}\r\nConnection: close\r\n\r\n${QUERY.slice(0, half)}`,
  );
  await new Promise((r) => setTimeout(r, 200));
  child.kill('SIGTERM');
  await outputMatching(/SIGTERM: finishing in-flight requests/, 5_000);

  // During the drain delay the listener still answers, and /ready says it is going.
  const ready = await fetch(`${base}/ready`, { headers: { connection: 'close' } });
  expect(ready.status).toBe(503);
  expect(((await ready.json()) as { failed: string[] }).failed).toEqual(['draining']);

  // Then new connections are refused, while the half-sent request is still open.
  let isRefused = false;
  for (let i = 0; i < 100 && !isRefused; i++) {
    isRefused = await refused(port);
    if (!isRefused) await new Promise((r) => setTimeout(r, 50));
  }
  expect(isRefused).toBe(true);
  expect(child.exitCode).toBeNull();

  socket.write(QUERY.slice(half));
  const answer = await response;
  expect(answer.status).toBe(200);
  expect(JSON.parse(answer.body).data).toEqual(expected);

  expect(await exited).toBe(0);
  expect(output).toContain('Stopped');
}, 60_000);
