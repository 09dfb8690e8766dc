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
  // Sources import siblings as './x.js' (Node16 resolution, as tsc wants); jest resolves them to the .ts files.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFiles: ['reflect-metadata'],
  testTimeout: 60000,
};
