// ESLint: typescript-eslint's type-checked recommended rules over every TypeScript file, and no line over
// 120 characters (Prettier formats the code; strings and comments it leaves alone are wrapped by hand).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '**/dist/',
      'coverage/',
      'src/generated/',
      'data/',
      'stubs/',
      'examples/clients/typescript/node_modules/',
      'examples/clients/typescript/src/gql/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: [
          './tsconfig.test.json',
          './tsconfig.browser-test.json',
          './web/tsconfig.json',
          './examples/clients/typescript/tsconfig.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      'max-len': ['error', { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true }],
      // `_name` marks a parameter a signature needs but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Off: here `async` without `await` implements a Promise-returning contract (Apollo plugin hooks, the
      // SharedStore and key-value store interfaces); it keeps a throw a rejection, as callers expect.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read GraphQL responses as JSON (`any` by nature) and assert on them field by field; an explicit
    // `any` there names such a response or row (typing each would restate the schema in every test).
    files: ['test/**/*.ts', 'test/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  { files: ['**/*.mjs'], extends: [tseslint.configs.disableTypeChecked] },
  {
    files: ['**/*.js', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        module: 'writable',
        require: 'readonly',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
  },
);
