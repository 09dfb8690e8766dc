/**
 * Builds the report page's browser bundle (web/src -> web/dist) with esbuild:
 *
 *   npm run build:web            (part of `npm run build`)
 *
 * One script and one stylesheet, named by content hash, and web/dist/manifest.json naming them with
 * their sizes. GraphQL documents (web/src/queries/*.graphql) are bundled with their SHA-256, so the
 * page sends persisted queries without hashing in the browser (crypto.subtle needs a secure context).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';

export interface WebManifest {
  script: string;
  stylesheet: string;
  /** Bytes of the script as served, and gzip-compressed (the budget is 150 KB compressed). */
  scriptBytes: number;
  scriptGzipBytes: number;
  stylesheetGzipBytes: number;
}

/** The folder holding package.json and web/: the same from the sources and from dist/. */
export function repositoryRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'web', 'src'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No repository root (package.json beside web/src) above ${from}`);
  }
}

/** `import report from './queries/report.graphql'` gives `{ query, hash }`. */
const graphqlDocuments: Plugin = {
  name: 'graphql-documents',
  setup(b) {
    b.onLoad({ filter: /\.graphql$/ }, (args) => {
      const query = readFileSync(args.path, 'utf8');
      const hash = createHash('sha256').update(query).digest('hex');
      return { contents: `export default ${JSON.stringify({ query, hash })};`, loader: 'js' };
    });
  },
};

/** True when web/dist holds a build newer than every file of web/src (tests build the page only when it is not). */
export function webBuildIsCurrent(root: string = repositoryRoot()): boolean {
  const manifest = join(root, 'web', 'dist', 'manifest.json');
  if (!existsSync(manifest)) return false;
  const built = statSync(manifest).mtimeMs;
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((e) =>
        e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
      ),
    );
  return newest(join(root, 'web', 'src')) <= built;
}

export async function buildWeb(root: string = repositoryRoot()): Promise<WebManifest> {
  const out = join(root, 'web', 'dist');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const result = await build({
    entryPoints: { report: join(root, 'web', 'src', 'main.tsx') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: '[name].[hash]',
    outdir: out,
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [graphqlDocuments],
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) => basename(file));
  const script = outputs.find((f) => f.endsWith('.js'));
  const stylesheet = outputs.find((f) => f.endsWith('.css'));
  if (!script || !stylesheet) throw new Error(`The web build made no script or stylesheet: ${outputs.join(', ')}`);
  const js = readFileSync(join(out, script));
  const manifest: WebManifest = {
    script,
    stylesheet,
    scriptBytes: js.length,
    scriptGzipBytes: gzipSync(js).length,
    stylesheetGzipBytes: gzipSync(readFileSync(join(out, stylesheet))).length,
  };
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (require.main === module) {
  buildWeb().then(
    (m) => console.log(`web/dist: ${m.script} (${m.scriptBytes} B, ${m.scriptGzipBytes} B gzip), ${m.stylesheet}`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
