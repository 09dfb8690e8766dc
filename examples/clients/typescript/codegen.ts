import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents from the API's schema (schema.graphql, committed at the repository's root and
 * kept current by its tests) and the operations written in src/ with `graphql(...)`.
 * `documentMode: 'string'`: the documents are strings, so sending them needs no GraphQL library.
 */
const config: CodegenConfig = {
  schema: '../../../schema.graphql',
  documents: ['src/**/*.ts', '!src/gql/**'],
  ignoreNoDocuments: false,
  // Imports with .js extensions, as Node's ES modules (and tsconfig's nodenext) want.
  emitLegacyCommonJSImports: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      config: { documentMode: 'string', enumsAsTypes: true, useTypeImports: true },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
