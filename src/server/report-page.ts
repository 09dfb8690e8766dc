import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The performance report page at `GET /report`: a Preact page built from web/src by
 * `npm run build:web` (scripts/build-web.ts) into web/dist, which reads everything it shows from
 * /graphql. Only the two files the build's manifest names are served, under /report/assets/, and
 * nothing comes from another origin: the page works on a network with no internet access.
 */

export const REPORT_TITLE = 'Police and crime performance report';

/**
 * Content-Security-Policy of the page: nothing from other origins, no inline script or style.
 * Charts are SVG elements made by the script; print margins are added through the CSSOM, which
 * style-src does not govern.
 */
export const REPORT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ASSET_PREFIX = '/report/assets/';
const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

interface Loaded {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
  contentType: string;
}

interface Built {
  html: Loaded;
  assets: Map<string, Loaded>;
}

function loaded(body: Buffer, contentType: string): Loaded {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return { body, gzipped: gzipSync(body), etag, contentType };
}

/** web/dist, found from the sources (src/server) and from the build (dist/src/server) alike. */
export function webDistDir(from: string = __dirname): string | undefined {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'web', 'src'))) return join(dir, 'web', 'dist');
  }
  return undefined;
}

function page(script: string, stylesheet: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${REPORT_TITLE}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${ASSET_PREFIX}${stylesheet}">
<script type="module" src="${ASSET_PREFIX}${script}"></script>
</head>
<body>
<div id="app"><p>Loading the ${REPORT_TITLE.toLowerCase()}&hellip;</p></div>
<noscript><p>The report page needs JavaScript. The figures are also at <code>/graphql</code>;
the explorer is at <a href="/">/</a>.</p></noscript>
</body>
</html>
`;
}

/**
 * Read when the build is there and kept in memory; read again when the manifest changes (a new
 * `npm run build:web` while the server runs). Until the build exists, every request looks again.
 */
let built: (Built & { stamp: number }) | undefined;

function load(): Built | undefined {
  const dir = webDistDir();
  if (!dir || !existsSync(join(dir, 'manifest.json'))) return built;
  const stamp = statSync(join(dir, 'manifest.json')).mtimeMs;
  if (built?.stamp === stamp) return built;
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    script: string;
    stylesheet: string;
  };
  const assets = new Map<string, Loaded>();
  for (const name of [manifest.script, manifest.stylesheet]) {
    if (!/^[\w.-]+\.(js|css)$/.test(name)) throw new Error(`web/dist/manifest.json names an unexpected file: ${name}`);
    assets.set(name, loaded(readFileSync(join(dir, name)), TYPES[name.split('.').pop()!]));
  }
  const html = loaded(Buffer.from(page(manifest.script, manifest.stylesheet), 'utf8'), 'text/html; charset=utf-8');
  built = { html, assets, stamp };
  return built;
}

function send(res: ServerResponse, file: Loaded, headers: Record<string, string>): void {
  res.setHeader('content-type', file.contentType);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('etag', file.etag);
  res.setHeader('vary', 'accept-encoding');
  for (const [key, value] of Object.entries(headers)) res.setHeader(key, value);
  const ifNoneMatch = res.req?.headers['if-none-match'];
  if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === file.etag)) {
    res.statusCode = 304;
    return void res.end();
  }
  const gzip = String(res.req?.headers['accept-encoding'] ?? '')
    .split(',')
    .some((part) => {
      const [coding, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return coding.trim() === 'gzip' && (!q || Number(q.slice(2)) > 0);
    });
  const body = gzip ? file.gzipped : file.body;
  if (gzip) res.setHeader('content-encoding', 'gzip');
  res.statusCode = 200;
  res.setHeader('content-length', String(body.length));
  res.end(body);
}

/**
 * Serves `/report` and its two assets; returns false for any other path (the caller's 404).
 * Asset names carry a content hash, so browsers keep them a year; the page revalidates.
 */
export function serveReportPage(path: string, res: ServerResponse): boolean {
  if (path !== '/report' && !path.startsWith(ASSET_PREFIX)) return false;
  let setup: Built | undefined;
  try {
    setup = load();
  } catch (err) {
    console.error('report page:', err);
  }
  if (!setup) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end(
      'The report page has not been built: run `npm run build` (or `npm run build:web`). The API is at /graphql.\n',
    );
    return true;
  }
  if (path === '/report') {
    send(res, setup.html, {
      'cache-control': 'no-cache',
      'content-security-policy': REPORT_CSP,
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    });
    return true;
  }
  const asset = setup.assets.get(path.slice(ASSET_PREFIX.length));
  if (!asset) return false;
  send(res, asset, {
    'cache-control': 'public, max-age=31536000, immutable',
    'cross-origin-resource-policy': 'same-origin',
  });
  return true;
}
