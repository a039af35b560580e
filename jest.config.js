// One jest run covers every workspace. TypeScript is transformed by swc (no type-check here: `npm run typecheck` does that).
// middy 6 ships ESM only, so it is transformed too.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/functions', '<rootDir>/infra', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@middy|jose|@seriousme)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/cdk.out/'],
  setupFiles: ['<rootDir>/test/setup-env.js'],
  testTimeout: 60000,
  // One in-memory DynamoDB Local per jest run, shared by every worker (test/support/local-stack.ts).
  globalSetup: '<rootDir>/test/support/jest-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/jest-global-teardown.ts',
};
