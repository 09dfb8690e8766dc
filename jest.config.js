/** Jest runs TypeScript through ts-jest so that type-graphql gets its decorator metadata. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: false, diagnostics: { ignoreCodes: [151002] } }],
    // ts-jest compiles our sources to CommonJS, turning src/db/schemaEngine.ts's import() of
    // the schema engine's WebAssembly bindings into require(); those bindings are an ES module,
    // so they are compiled to CommonJS too (Node 20 cannot require() an ES module).
    '/node_modules/@prisma/schema-engine-wasm/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, target: 'ES2022', module: 'commonjs', esModuleInterop: true }, isolatedModules: true },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!@prisma/schema-engine-wasm/)'],
  testMatch: ['**/*.test.ts'],
  // Sources import siblings as './x.js' (Node16 resolution, as tsc wants); jest resolves them to the .ts files.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFiles: ['reflect-metadata'],
  testTimeout: 60000,
};
