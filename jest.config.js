/** Unit specs live beside the code (src/**\/*.spec.ts, web/src/**\/*.spec.ts); e2e specs in test/ (*.e2e-spec.ts), browser journeys in test/web/. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];
module.exports = {
  // e2e specs boot a real server process (and a PostgreSQL schema): hooks need more than jest's 5 s.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/web/src/**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['<rootDir>/test/web/'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      // The web app in headless Chromium against the built server (test/web/browser.ts).
      displayName: 'web',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/web/**/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
  ],
};
