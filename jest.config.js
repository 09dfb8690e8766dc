/**
 * Jest compiles TypeScript with SWC: fast, per file, and it keeps decorator metadata (type-graphql reads the
 * design types). SWC does not type check; `npm run build` (tsc) does that once, before the tests in CI.
 */
const swc = (syntax) => [
  '@swc/jest',
  {
    jsc: {
      parser: syntax === 'ts' ? { syntax: 'typescript', decorators: true } : { syntax: 'ecmascript' },
      transform: syntax === 'ts' ? { legacyDecorator: true, decoratorMetadata: true } : undefined,
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

/**
 * Tests that touch no store: pure functions, the schema's text, the cost and cache models. They give the same
 * answer on PGlite and on PostgreSQL, so CI's PostgreSQL pass (STORE_TESTS_ONLY=1, set by .ci/run) leaves them
 * out; `npm test` and `npm run test:pg` run every test. A test file not named here runs in both passes.
 */
const STORELESS_TESTS = [
  '/test/schema\\.test\\.ts$',
  '/test/unit/(cache|change|classification|contributions|control-?[cC]hart|exact|figures)\\.test\\.ts$',
  '/test/unit/(horizon|limits|month|narrative|nearest-codes|observability|peer|period)\\.test\\.ts$',
  '/test/unit/(perturbation|rate-limit|rates|report-warnings|significance|stats|target|trend)\\.test\\.ts$',
];

// CI (.ci/run) runs one pass on the machine's Node and one on Node 24: say which this is.
if (process.env.CI) console.log(`jest on Node ${process.version} (${process.execPath})`);

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: {
    '^.+\\.ts$': swc('ts'),
    // Our sources are compiled to CommonJS, turning src/db/schemaEngine.ts's import() of the schema
    // engine's WebAssembly bindings into require(); those bindings are an ES module, so they are
    // compiled to CommonJS too (Node 20 cannot require() an ES module).
    '/node_modules/@prisma/schema-engine-wasm/.+\\.js$': swc('js'),
  },
  transformIgnorePatterns: ['/node_modules/(?!@prisma/schema-engine-wasm/)'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...(process.env.STORE_TESTS_ONLY ? STORELESS_TESTS : [])],
  // Test files run in two worker processes (the machine CI runs on has two cores); each file has its own
  // server, store (a copy of a template, test/support/templates.ts), Redis key prefix and temporary folders,
  // so files do not share state. `--maxWorkers=N` on the command line overrides, `--runInBand` runs in one.
  maxWorkers: 2,
  // Sources import siblings as './x.js' (Node16 resolution, as tsc wants); jest resolves them to the .ts files.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFiles: ['reflect-metadata'],
  testTimeout: 60000,
};
