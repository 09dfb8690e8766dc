import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';

/**
 * The GraphQL explorer at `GET /`: GraphiQL 5 as bundled by `@graphql-yoga/graphiql`, with every
 * asset (script, stylesheet with its inlined fonts, Monaco editor workers) served by this server
 * from node_modules, so the page works on a network with no internet access.
 *
 * The explorer opens with one tab per report example (examples/*.graphql with its variables, in the
 * report's order); a link with `?query=...&variables=...` opens with that query and those variables
 * in the first tab (and the examples after it). Editing keeps both in the address bar, so the
 * address of the page is a link to what is on screen.
 *
 * Only a fixed allow-list of file names is served; request paths are never joined onto a folder.
 * Assets live under `/explorer/<version>/` and are cached by browsers for a year; the HTML page is
 * revalidated every time, so a new package version or explorer script reaches users at once.
 */

export const EXPLORER_TITLE = 'Police performance API explorer';
export const EXPLORER_ENDPOINT = '/graphql';
export const EXPLORER_DEFAULT_QUERY = `# Ctrl-Enter or the run button runs this query.
# Ctrl-Space suggests fields; docs are on the left.
{
  area(code: "LEICESTERSHIRE") {
    name
    children {
      code
      name
    }
  }
}
`;

/**
 * Content-Security-Policy of the HTML page: nothing from other origins.
 * - script-src 'self': the GraphiQL bundle and our start-up script are files; there is no inline
 *   script (the page's settings are a JSON data block, which is never executed) and no eval.
 * - style-src 'unsafe-inline': Monaco and GraphiQL add <style> elements at run time.
 * - font-src/img-src data:: graphiql.css inlines its fonts (Roboto, Fira Code, codicon) and a few
 *   background images as data: URLs.
 * - worker-src 'self': the Monaco workers are loaded from /explorer/... by our
 *   MonacoEnvironment.getWorker hook (so no blob: workers are needed).
 * - connect-src 'self': GraphiQL's fetches to /graphql.
 */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const HTML = 'text/html; charset=utf-8';

/** Monaco worker label -> served file name. `editorWorkerService` is also the fallback. */
const WORKERS: Record<string, string> = {
  editorWorkerService: 'editor.worker.js',
  json: 'json.worker.js',
  graphql: 'graphql.worker.js',
};

/** The report's order of the examples (examples/README.md); any other example follows, by name. */
const REPORT_ORDER = [
  'dashboard',
  'scorecard',
  'all-crime',
  'domestic-burglary',
  'theft-of-motor-vehicle',
  'theft-from-motor-vehicle',
  'violence-with-injury',
  'other-threats',
  'satisfaction',
];

export interface ExplorerTab {
  query: string;
  /** JSON text of the variables editor. */
  variables?: string;
}

/** examples/ beside the compiled or source tree (dist/src/server or src/server), if there is one. */
function examplesDir(): string | undefined {
  for (const up of ['..', '../..', '../../..']) {
    const dir = join(__dirname, up, 'examples');
    if (existsSync(join(dir, 'README.md'))) return dir;
  }
  return undefined;
}

/** The explorer's starting tabs: the report examples; the default query alone when there are none. */
export function explorerTabs(dir = examplesDir()): ExplorerTab[] {
  if (!dir) return [{ query: EXPLORER_DEFAULT_QUERY }];
  const rank = (name: string) => (REPORT_ORDER.includes(name) ? REPORT_ORDER.indexOf(name) : REPORT_ORDER.length);
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => f.slice(0, -'.graphql'.length))
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const tabs = names.map((name) => {
    const variablesFile = join(dir, `${name}.variables.json`);
    const variables = existsSync(variablesFile)
      ? JSON.stringify(JSON.parse(readFileSync(variablesFile, 'utf8')), null, 2)
      : undefined;
    return { query: readFileSync(join(dir, `${name}.graphql`), 'utf8'), ...(variables ? { variables } : {}) };
  });
  return tabs.length > 0 ? tabs : [{ query: EXPLORER_DEFAULT_QUERY }];
}

/**
 * Start-up script, served as a file so the CSP needs no 'unsafe-inline' for scripts. It reads its
 * settings from the page's JSON block, tells Monaco where its workers are, and renders GraphiQL.
 *
 * GraphiQL 5 edits with Monaco, which creates its web workers through
 * `globalThis.MonacoEnvironment.getWorker(moduleId, label)` (or `getWorkerUrl`); without either it
 * tries to build a blob: module worker from a bundler URL, which fails with a prebuilt UMD bundle.
 * The labels used by GraphiQL are `editorWorkerService` (the base editor worker), `graphql`
 * (monaco-graphql's language service: validation, completion, hover) and `json` (variables and
 * headers editors). The bundles in dist/monacoeditorwork are self-contained IIFE scripts, so they
 * run as classic same-origin workers.
 */
const START_SCRIPT = `(function () {
  'use strict';
  var settings = JSON.parse(document.getElementById('explorer-settings').textContent);
  var workers = settings.workers;
  globalThis.MonacoEnvironment = {
    getWorker: function (moduleId, label) {
      return new Worker(workers[label] || workers.editorWorkerService, { name: label });
    }
  };
  // The first tab: the query (and variables) of a ?query=...&variables=... link, else the first example.
  var params = new URLSearchParams(location.search);
  var tabs = settings.tabs;
  var linked = params.get('query');
  var first = linked ? { query: linked, variables: params.get('variables') || undefined } : tabs[0];
  if (!linked && params.get('variables')) first = { query: first.query, variables: params.get('variables') };
  var options = settings.graphiql;
  options.defaultTabs = [first].concat(linked ? tabs : tabs.slice(1));
  options.query = first.query;
  options.variables = first.variables;
  // GraphiQL keeps ?query= up to date as the query is edited; the variables go beside it.
  options.onEditVariables = function (value) {
    var url = new URL(location.href);
    if (value) url.searchParams.set('variables', value);
    else url.searchParams.delete('variables');
    history.replaceState(history.state, '', url);
  };
  var root = document.getElementById('graphiql');
  if (!window.YogaGraphiQL || typeof window.YogaGraphiQL.renderYogaGraphiQL !== 'function') {
    root.textContent = 'The explorer could not start: the GraphiQL bundle did not load.';
    return;
  }
  root.textContent = '';
  window.YogaGraphiQL.renderYogaGraphiQL(root, settings.graphiql);
})();
`;

/**
 * A note over the explorer when the server holds the made-up demo data set, read from the API's
 * `dataset` field, so nobody takes its figures for real ones. Served in start.js, after the start-up.
 */
const DATASET_NOTE_SCRIPT = `(function () {
  'use strict';
  fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ dataset { demo name description } }' }) })
    .then(function (r) { return r.json(); })
    .then(function (body) {
      var dataset = body && body.data && body.data.dataset;
      if (!dataset || !dataset.demo) return;
      var note = document.createElement('div');
      note.className = 'dataset-note';
      note.setAttribute('role', 'note');
      note.textContent = dataset.name + ': not real crime data.';
      note.title = dataset.description;
      document.body.appendChild(note);
    }, function () { /* no note without an answer */ });
})();
`;

interface Asset {
  /** Absolute file path, or undefined for generated content. */
  file?: string;
  content?: string;
  contentType: string;
}

interface Loaded {
  body: Buffer;
  gzipped?: Buffer;
  etag: string;
  contentType: string;
}

interface Explorer {
  version: string;
  assets: Map<string, Asset>;
  html: Loaded;
}

const gzip = promisify(gzipCallback);

function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside a <script> element: no `</script>`, `<!--` or line separators. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function packageVersion(packageDir: string): string {
  try {
    const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version?: unknown };
    if (typeof version === 'string' && /^[0-9A-Za-z.+-]+$/.test(version)) return version;
  } catch {
    // fall through: the script hash alone still changes the URL when our part changes
  }
  return 'unknown';
}

let explorer: Explorer | undefined;

function setUp(): Explorer {
  if (explorer) return explorer;
  // The package's `require` export is dist/yoga-graphiql.umd.js; all assets sit beside it.
  const dist = dirname(require.resolve('@graphql-yoga/graphiql'));
  const scriptHash = createHash('sha256').update(START_SCRIPT).update(DATASET_NOTE_SCRIPT).digest('hex').slice(0, 10);
  const version = `${packageVersion(dirname(dist))}-${scriptHash}`;
  const assets = new Map<string, Asset>([
    ['graphiql.js', { file: join(dist, 'yoga-graphiql.umd.js'), contentType: JS }],
    ['graphiql.css', { file: join(dist, 'graphiql.css'), contentType: CSS }],
    ['editor.worker.js', { file: join(dist, 'monacoeditorwork', 'editor.worker.bundle.js'), contentType: JS }],
    ['json.worker.js', { file: join(dist, 'monacoeditorwork', 'json.worker.bundle.js'), contentType: JS }],
    // (sic: the package ships this worker with a double dot in its name)
    ['graphql.worker.js', { file: join(dist, 'monacoeditorwork', 'graphql.worker..bundle.js'), contentType: JS }],
    ['start.js', { content: START_SCRIPT + DATASET_NOTE_SCRIPT, contentType: JS }],
  ]);
  const url = (name: string) => `/explorer/${version}/${name}`;
  const settings = {
    workers: Object.fromEntries(Object.entries(WORKERS).map(([label, name]) => [label, url(name)])),
    graphiql: {
      endpoint: EXPLORER_ENDPOINT,
      title: escapeHtml(EXPLORER_TITLE), // YogaGraphiQL renders the title as HTML
      // The first tab (query, variables) and the starting tabs are set by start.js from `tabs`
      // and the page's address; `defaultQuery` is what a new tab starts with.
      defaultQuery: EXPLORER_DEFAULT_QUERY,
    },
    tabs: explorerTabs(),
  };
  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(EXPLORER_TITLE)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${url('graphiql.css')}">
<style>html, body { height: 100%; margin: 0; } #graphiql { height: 100vh; }
.explorer-message { font: 16px/1.5 system-ui, sans-serif; padding: 2rem; }
.dataset-note { position: fixed; top: 0; left: 50%; transform: translateX(-50%); z-index: 100; padding: 2px 12px;
  font: 13px/1.5 system-ui, sans-serif; background: #fff3cd; color: #664d03; border: 1px solid #e0c36a;
  border-top: 0; border-radius: 0 0 4px 4px; }</style>
</head>
<body>
<div id="graphiql"><p class="explorer-message">Loading the ${escapeHtml(EXPLORER_TITLE)}&hellip;</p></div>
<noscript><p class="explorer-message">The explorer needs JavaScript. The API itself is at
  <code>${EXPLORER_ENDPOINT}</code>.</p></noscript>
<script type="application/json" id="explorer-settings">${jsonForScript(settings)}</script>
<script src="${url('graphiql.js')}"></script>
<script src="${url('start.js')}"></script>
</body>
</html>
`;
  const body = Buffer.from(page, 'utf8');
  explorer = { version, assets, html: { body, etag: etagOf(body), contentType: HTML } };
  return explorer;
}

/** File contents (and a gzip copy) are read once, then kept in memory. */
const loaded = new Map<string, Promise<Loaded>>();

function load(name: string, asset: Asset): Promise<Loaded> {
  let promise = loaded.get(name);
  if (!promise) {
    promise = (async () => {
      const body = asset.file ? await readFile(asset.file) : Buffer.from(asset.content ?? '', 'utf8');
      return { body, gzipped: await gzip(body), etag: etagOf(body), contentType: asset.contentType };
    })();
    loaded.set(name, promise);
    promise.catch(() => loaded.delete(name)); // a failed read is retried by the next request
  }
  return promise;
}

function acceptsGzip(res: ServerResponse): boolean {
  const header = res.req?.headers['accept-encoding'];
  if (typeof header !== 'string') return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding.trim() !== 'gzip') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

function send(res: ServerResponse, file: Loaded, headers: Record<string, string>): void {
  res.setHeader('content-type', file.contentType);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('etag', file.etag);
  for (const [key, value] of Object.entries(headers)) res.setHeader(key, value);
  const ifNoneMatch = res.req?.headers['if-none-match'];
  if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === file.etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  let body = file.body;
  if (file.gzipped) {
    res.setHeader('vary', 'accept-encoding');
    if (acceptsGzip(res)) {
      body = file.gzipped;
      res.setHeader('content-encoding', 'gzip');
    }
  }
  res.statusCode = 200;
  res.setHeader('content-length', String(body.length));
  res.end(body);
}

function sendError(res: ServerResponse, err: unknown): void {
  console.error('explorer:', err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end('The explorer is not available: its files could not be read. The API is still at /graphql.\n');
}

/**
 * Serves the explorer page at `/` and its assets under `/explorer/<version>/`. Returns true when
 * it handled the path (the response may be finished asynchronously, once a file has been read),
 * false for any other path, which the caller answers with its 404.
 */
export function serveExplorer(path: string, res: ServerResponse): boolean {
  if (path !== '/' && !path.startsWith('/explorer/')) return false;
  let setup: Explorer;
  try {
    setup = setUp();
  } catch (err) {
    sendError(res, err);
    return true;
  }
  if (path === '/') {
    send(res, setup.html, {
      'cache-control': REVALIDATE,
      'content-security-policy': EXPLORER_CSP,
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    });
    return true;
  }
  const prefix = `/explorer/${setup.version}/`;
  if (!path.startsWith(prefix)) return false;
  const name = path.slice(prefix.length);
  const asset = setup.assets.get(name);
  if (!asset) return false;
  load(name, asset).then(
    (file) => send(res, file, { 'cache-control': IMMUTABLE, 'cross-origin-resource-policy': 'same-origin' }),
    (err) => sendError(res, err),
  );
  return true;
}
