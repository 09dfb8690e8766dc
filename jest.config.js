/** Jest runs TypeScript through ts-jest so that type-graphql gets its decorator metadata. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: false }] },
  testMatch: ['**/*.test.ts'],
  setupFiles: ['reflect-metadata'],
  testTimeout: 60000,
};
