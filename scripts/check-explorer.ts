/**
 * Browser check of the GraphQL explorer, against a server that is already running.
 *
 *   npx tsx scripts/check-explorer.ts [baseUrl] [screenshot.png]
 *   node dist/scripts/check-explorer.js http://127.0.0.1:4600 /tmp/explorer.png
 *
 * Drives headless Chromium through the Chrome DevTools Protocol over --remote-debugging-pipe
 * (NUL-terminated JSON on file descriptors 3 and 4; only Node built-ins): loads `/` (or `path`,
 * e.g. a `?query=...&variables=...` link), waits for GraphiQL and its Monaco editor showing the
 * expected query (and variables), clicks the run button, waits for seed data in the result pane,
 * saves a screenshot and exits 0; exits 1 with the reasons otherwise. Every request made by the
 * page or its workers is recorded, and any to a host other than 127.0.0.1/localhost fails the
 * check (the explorer must work offline). Environment: CHROMIUM (default /usr/bin/chromium).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const DEFAULT_BASE_URL = 'http://127.0.0.1:4600';
export const DEFAULT_SCREENSHOT = '/tmp/explorer.png';
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
/** Text from the seed data that the first tab (the report's dashboard example) returns. */
export const EXPECTED_TEXT = 'Leicestershire Police';
/** Text of the first tab's query when the page is opened without ?query=. */
export const EXPECTED_QUERY_TEXT = 'query Dashboard(';

export interface CheckOptions {
  baseUrl?: string;
  screenshotPath?: string;
  chromiumPath?: string;
  expectText?: string;
  /** Path and query string to open (default `/`). */
  path?: string;
  /** Text the query editor must show (default EXPECTED_QUERY_TEXT). */
  expectQueryText?: string;
  /** Text the variables editor must show, if any. */
  expectVariablesText?: string;
  timeoutMs?: number;
  /** Progress lines; defaults to console.log. */
  log?: (line: string) => void;
}

export interface CheckResult {
  ok: boolean;
  failures: string[];
  screenshotPath?: string;
  /** Every URL requested by the page and its workers, in order (data: URLs left out). */
  requests: string[];
  externalRequests: string[];
  /** Scripts of the web workers the page started. */
  workers: string[];
  /** Console errors, uncaught exceptions and browser log errors (CSP violations show up here). */
  errors: string[];
  resultText?: string;
  /** Titles of the editor's tabs once rendered. */
  tabs?: string[];
  /** What the variables editor showed. */
  variablesText?: string;
  elapsedMs: number;
}

type Json = Record<string, unknown>;

/** A message on the pipe: an answer to a command (`id`) or an event (`method`). */
interface CdpMessage {
  id?: number;
  result?: unknown;
  error?: { message: string };
  method?: string;
  params?: unknown;
  sessionId?: string;
}

interface CdpEvent {
  method: string;
  params: unknown;
  sessionId?: string;
}

// The parts of the DevTools Protocol's events and answers that this check reads.
interface TargetInfo {
  type: string;
  url: string;
}
interface AttachedToTarget {
  sessionId: string;
  targetInfo: TargetInfo;
  waitingForDebugger: boolean;
}
interface RequestWillBeSent {
  requestId: string;
  request: { url: string };
}
interface LoadingFailed {
  requestId: string;
  canceled?: boolean;
  errorText?: string;
  blockedReason?: string;
  corsErrorStatus?: { corsError?: string };
}
interface ResponseReceived {
  response: { status: number; url: string };
}
interface ExceptionDetails {
  text: string;
  exception?: { description?: string };
}
interface RemoteObject {
  type: string;
  /** Sent for primitives only; other values come with a description. */
  value?: string | number | boolean | null;
  description?: string;
}
interface ConsoleApiCalled {
  type: string;
  args: RemoteObject[];
}
interface LogEntryAdded {
  entry: { level: string; source: string; text: string; url?: string };
}
interface EvaluateAnswer {
  result: { value?: unknown };
  exceptionDetails?: ExceptionDetails;
}
/** What the page script in checkExplorer reports about GraphiQL once it has rendered. */
interface RenderedEditor {
  container: boolean;
  editor: string | null;
  variables: string | null;
  run: boolean;
  logo: string | null;
  tabs: string[];
}

/** Minimal CDP client over Chromium's --remote-debugging-pipe. */
class Cdp {
  private nextId = 1;
  private buffer = Buffer.alloc(0);
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; method: string }>();
  private listeners: Array<(event: CdpEvent) => void> = [];
  private closedError?: Error;

  constructor(
    private readonly out: Writable,
    input: Readable,
  ) {
    input.on('data', (chunk: Buffer) => this.receive(chunk));
    input.on('close', () => this.fail(new Error('Chromium closed the DevTools pipe')));
    out.on('error', (err) => this.fail(err));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    let end: number;
    while ((end = this.buffer.indexOf(0)) >= 0) {
      const text = this.buffer.subarray(0, end).toString('utf8');
      this.buffer = this.buffer.subarray(end + 1);
      const message = JSON.parse(text) as CdpMessage;
      if (typeof message.id === 'number') {
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (!waiter) continue;
        if (message.error) waiter.reject(new Error(`${waiter.method}: ${message.error.message}`));
        else waiter.resolve(message.result ?? {});
      } else if (message.method) {
        for (const listener of this.listeners) listener(message as CdpEvent);
      }
    }
  }

  private fail(err: Error): void {
    if (this.closedError) return;
    this.closedError = err;
    for (const waiter of this.pending.values()) waiter.reject(err);
    this.pending.clear();
  }

  /** Sends a command; `Result` is the shape of its answer, as the protocol documents it. */
  send<Result = unknown>(method: string, params: Json = {}, sessionId?: string): Promise<Result> {
    if (this.closedError) return Promise.reject(this.closedError);
    const id = this.nextId++;
    const message: Json = { id, method, params };
    if (sessionId) message.sessionId = sessionId;
    return new Promise<Result>((resolve, reject) => {
      this.pending.set(id, { resolve: (v) => resolve(v as Result), reject, method });
      this.out.write(JSON.stringify(message) + '\0');
    });
  }

  on(listener: (event: CdpEvent) => void): void {
    this.listeners.push(listener);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isLocalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (['data:', 'blob:', 'about:'].includes(parsed.protocol)) return true;
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)) return false;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
}

export async function checkExplorer(options: CheckOptions = {}): Promise<CheckResult> {
  const started = Date.now();
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const screenshotPath = options.screenshotPath ?? DEFAULT_SCREENSHOT;
  const expectText = options.expectText ?? EXPECTED_TEXT;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const log = options.log ?? ((line: string) => console.log(line));
  const deadline = started + timeoutMs;

  const result: CheckResult = {
    ok: false,
    failures: [],
    requests: [],
    externalRequests: [],
    workers: [],
    errors: [],
    elapsedMs: 0,
  };
  const failedLoads: string[] = [];
  const addError = (text: string) => result.errors.push(text.length > 300 ? `${text.slice(0, 300)}...` : text);

  const profile = mkdtempSync(join(tmpdir(), 'check-explorer-'));
  let chromium: ChildProcess | undefined;
  let cdp: Cdp | undefined;
  let stderr = '';
  try {
    chromium = spawn(
      options.chromiumPath ?? process.env.CHROMIUM ?? DEFAULT_CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-default-apps',
        '--disable-extensions',
        '--mute-audio',
        '--hide-scrollbars',
        '--window-size=1440,900',
        `--user-data-dir=${profile}`,
        '--remote-debugging-pipe',
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
    );
    chromium.stderr!.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    const spawnError = new Promise<never>((_, reject) => {
      chromium!.once('error', (err) => reject(new Error(`could not start Chromium: ${err.message}`)));
      chromium!.once('exit', (code, signal) =>
        reject(new Error(`Chromium exited early (code ${code}, signal ${signal}): ${stderr.trim()}`)),
      );
    });
    spawnError.catch(() => undefined);
    const client = new Cdp(chromium.stdio[3] as Writable, chromium.stdio[4] as Readable);
    cdp = client;
    const race = <T>(p: Promise<T>) => Promise.race([p, spawnError]);

    // --- record everything the page and its workers do -------------------------------------
    const sessions = new Map<string, string>(); // sessionId -> target type
    let pageSession = '';
    const requestUrls = new Map<string, string>(); // requestId -> URL, to name failed requests
    const recordRequest = (url: string) => {
      if (url.startsWith('data:')) return;
      result.requests.push(url);
      if (!isLocalUrl(url)) result.externalRequests.push(url);
    };
    client.on(({ method, params, sessionId }) => {
      switch (method) {
        case 'Target.attachedToTarget': {
          const { sessionId: child, targetInfo, waitingForDebugger } = params as AttachedToTarget;
          sessions.set(child, targetInfo.type);
          if (targetInfo.type !== 'page') {
            if (/worker/.test(targetInfo.type)) result.workers.push(targetInfo.url);
            // The page's Network domain normally reports the worker script's fetch already.
            if (targetInfo.url && !result.requests.includes(targetInfo.url)) recordRequest(targetInfo.url);
          }
          void instrument(child, targetInfo.type, waitingForDebugger).catch(() => undefined);
          break;
        }
        case 'Network.requestWillBeSent': {
          const { requestId, request } = params as RequestWillBeSent;
          requestUrls.set(requestId, request.url);
          recordRequest(request.url);
          break;
        }
        case 'Network.webSocketCreated':
          recordRequest((params as { url: string }).url);
          break;
        case 'Network.loadingFailed': {
          const failed = params as LoadingFailed;
          if (!failed.canceled) {
            const why = [failed.errorText, failed.blockedReason, failed.corsErrorStatus?.corsError]
              .filter(Boolean)
              .join(', ');
            failedLoads.push(`${why} for ${requestUrls.get(failed.requestId) ?? `request ${failed.requestId}`}`);
          }
          break;
        }
        case 'Network.responseReceived': {
          const { response } = params as ResponseReceived;
          if (response.status >= 400) failedLoads.push(`HTTP ${response.status} for ${response.url}`);
          break;
        }
        case 'Runtime.exceptionThrown': {
          const d = (params as { exceptionDetails: ExceptionDetails }).exceptionDetails;
          addError(`[${sessions.get(sessionId ?? '') ?? 'page'} exception] ${d.exception?.description ?? d.text}`);
          break;
        }
        case 'Runtime.consoleAPICalled': {
          const call = params as ConsoleApiCalled;
          if (call.type === 'error' || call.type === 'assert') {
            const text = call.args.map((a) => a.value ?? a.description ?? a.type).join(' ');
            addError(`[${sessions.get(sessionId ?? '') ?? 'page'} console.${call.type}] ${text}`);
          }
          break;
        }
        case 'Log.entryAdded': {
          const { entry } = params as LogEntryAdded;
          if (entry.level === 'error')
            addError(`[log ${entry.source}] ${entry.text}${entry.url ? ' ' + entry.url : ''}`);
          break;
        }
      }
    });
    async function instrument(sessionId: string, type: string, waiting: boolean): Promise<void> {
      // Workers and frames are paused until this has run, so none of their requests is missed.
      await client
        .send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true }, sessionId)
        .catch(() => undefined);
      await client.send('Network.enable', {}, sessionId).catch(() => undefined);
      await client.send('Runtime.enable', {}, sessionId).catch(() => undefined);
      if (type === 'page') {
        await client.send('Log.enable', {}, sessionId).catch(() => undefined);
        await client.send('Page.enable', {}, sessionId).catch(() => undefined);
      }
      if (waiting) await client.send('Runtime.runIfWaitingForDebugger', {}, sessionId).catch(() => undefined);
    }

    const version = await race(client.send<{ product: string }>('Browser.getVersion'));
    log(`chromium: ${version.product}`);
    // Only our own tab (and, through its auto-attach, its workers) is watched: Chromium's own
    // WebUI targets (omnibox popup and the like) load chrome:// resources that are not the page's.
    const { targetId } = await race(client.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' }));
    const attached = await race(
      client.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true }),
    );
    pageSession = attached.sessionId;
    sessions.set(pageSession, 'page');
    await instrument(pageSession, 'page', false);
    const page = <Result = unknown>(method: string, params: Json = {}) =>
      race(client.send<Result>(method, params, pageSession));
    await page('Emulation.setDeviceMetricsOverride', { width: 1440, height: 900, deviceScaleFactor: 1, mobile: false });

    const evaluate = async (expression: string): Promise<unknown> => {
      const r = await page<EvaluateAnswer>('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
      if (r.exceptionDetails)
        throw new Error(`evaluate failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
      return r.result.value;
    };
    const waitFor = async <T>(what: string, expression: string, accept: (v: unknown) => T | undefined): Promise<T> => {
      let last: unknown;
      while (Date.now() < deadline) {
        last = await evaluate(expression).catch((e) => String(e));
        const ok = accept(last);
        if (ok !== undefined) return ok;
        await sleep(100);
      }
      throw new Error(`timed out waiting for ${what} (last seen: ${JSON.stringify(last)?.slice(0, 300)})`);
    };

    // --- load the explorer ------------------------------------------------------------------
    const pageUrl = `${baseUrl}${options.path ?? '/'}`;
    const expectQuery = options.expectQueryText ?? EXPECTED_QUERY_TEXT;
    log(`loading ${pageUrl}`);
    const nav = await page<{ errorText?: string }>('Page.navigate', { url: pageUrl });
    if (nav.errorText) throw new Error(`could not load ${pageUrl}: ${nav.errorText}`);

    const rendered = await waitFor(
      'GraphiQL to render its query editor and run button',
      `(() => {
        const c = document.querySelector('.graphiql-container');
        const editor = document.querySelector('.graphiql-query-editor .monaco-editor .view-lines');
        const run = document.querySelector('.graphiql-execute-button');
        const logo = document.querySelector('.graphiql-logo');
        const variables = document.querySelector('.graphiql-editor-tool .monaco-editor .view-lines');
        return {
          container: !!c,
          editor: editor ? editor.textContent.replace(/\\u00a0/g, ' ') : null,
          variables: variables ? variables.textContent.replace(/\\u00a0/g, ' ') : null,
          run: !!run,
          logo: logo ? logo.textContent : null,
          tabs: [...document.querySelectorAll('.graphiql-tab')]
            .map((t) => (t.querySelector('.graphiql-tab-button') ?? t).textContent.trim()),
        };
      })()`,
      (value) => {
        const v = value as RenderedEditor | string | null;
        return typeof v === 'object' &&
          v &&
          v.container &&
          v.run &&
          v.editor &&
          v.editor.includes(expectQuery) &&
          (!options.expectVariablesText || (v.variables ?? '').includes(options.expectVariablesText))
          ? v
          : undefined;
      },
    );
    result.tabs = rendered.tabs;
    result.variablesText = rendered.variables ?? undefined;
    log(
      `GraphiQL rendered with "${expectQuery}" in the editor, ` +
        `${rendered.tabs.length} tab(s) (title: "${rendered.logo}")`,
    );

    // Let the schema arrive (the Docs/explorer panes and validation use it) before running.
    await waitFor(
      'the schema introspection to finish',
      `performance.getEntriesByType('resource').filter(e => e.name.endsWith('/graphql')).length`,
      (n) => (typeof n === 'number' && n >= 1 ? n : undefined),
    ).catch(() => log('note: no introspection request seen yet; running the query anyway'));

    // --- run the default query with a real mouse click on the run button --------------------
    const box = (await evaluate(`(() => {
      const r = document.querySelector('.graphiql-execute-button').getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    })()`)) as { x: number; y: number };
    for (const type of ['mouseMoved', 'mousePressed', 'mouseReleased']) {
      await page('Input.dispatchMouseEvent', {
        type,
        x: box.x,
        y: box.y,
        button: 'left',
        clickCount: type === 'mouseMoved' ? 0 : 1,
      });
    }
    log('clicked the run button');

    result.resultText = await waitFor(
      `"${expectText}" in the result pane`,
      `(() => {
        const pane = document.querySelector('.graphiql-response');
        return pane ? pane.textContent.replace(/\\u00a0/g, ' ') : '';
      })()`,
      (text) => (typeof text === 'string' && text.includes(expectText) ? text : undefined),
    );
    log(`result pane shows "${expectText}"`);

    // Give workers (syntax colouring, validation) a moment, then photograph the page.
    await sleep(750);
    const shot = await page<{ data: string }>('Page.captureScreenshot', {
      format: 'png',
      captureBeyondViewport: false,
    });
    writeFileSync(screenshotPath, Buffer.from(shot.data, 'base64'));
    result.screenshotPath = screenshotPath;
    log(`screenshot saved to ${screenshotPath}`);
  } catch (err) {
    result.failures.push((err as Error).message);
  } finally {
    if (chromium && chromium.exitCode === null && chromium.signalCode === null) {
      const exited = new Promise((resolve) => chromium!.once('exit', resolve));
      if (cdp) await Promise.race([cdp.send('Browser.close').catch(() => undefined), sleep(2000)]);
      else chromium.kill('SIGTERM');
      await Promise.race([exited, sleep(3000)]);
      if (chromium.exitCode === null && chromium.signalCode === null) {
        chromium.kill('SIGKILL');
        await Promise.race([exited, sleep(2000)]);
      }
    }
    rmSync(profile, { recursive: true, force: true });
  }
  // --- verdict ------------------------------------------------------------------------------
  if (result.externalRequests.length > 0) {
    const shown = result.externalRequests.slice(0, 10).join(', ');
    const more = result.externalRequests.length > 10 ? `, and ${result.externalRequests.length - 10} more` : '';
    result.failures.push(
      `the page made ${result.externalRequests.length} request(s) to other hosts (it must work offline): ` +
        `${shown}${more}`,
    );
  }
  if (result.workers.length === 0)
    result.failures.push('no Monaco web worker started (MonacoEnvironment.getWorker not used?)');
  for (const url of result.workers) {
    if (!url.startsWith(`${baseUrl}/explorer/`))
      result.failures.push(`a web worker came from ${url}, not from ${baseUrl}/explorer/`);
  }
  for (const failed of failedLoads) result.failures.push(`failed request: ${failed}`);
  const csp = result.errors.filter((e) => /Content Security Policy/i.test(e));
  for (const violation of csp) result.failures.push(`CSP violation: ${violation}`);
  result.ok = result.failures.length === 0;
  result.elapsedMs = Date.now() - started;
  return result;
}

async function main(): Promise<void> {
  const [baseUrl = DEFAULT_BASE_URL, screenshotPath = DEFAULT_SCREENSHOT] = process.argv.slice(2);
  const result = await checkExplorer({ baseUrl, screenshotPath });
  const hosts = new Set(
    result.requests.map((u) => {
      try {
        return new URL(u).host;
      } catch {
        return u;
      }
    }),
  );
  console.log(`requests: ${result.requests.length} to ${[...hosts].join(', ') || 'no host'}`);
  console.log(`workers: ${result.workers.length ? result.workers.join(', ') : 'none'}`);
  if (result.errors.length) console.log(`page errors:\n  ${result.errors.join('\n  ')}`);
  if (result.ok) {
    console.log(
      `OK: the explorer at ${baseUrl}/ ran the default query offline in ${(result.elapsedMs / 1000).toFixed(1)} s; ` +
        `screenshot ${result.screenshotPath}`,
    );
    process.exit(0);
  }
  console.error(`FAILED: the explorer check at ${baseUrl}/ failed:\n  - ${result.failures.join('\n  - ')}`);
  process.exit(1);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`FAILED: ${(err as Error).stack ?? err}`);
    process.exit(1);
  });
}
