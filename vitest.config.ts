import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Three tiers, each test file in exactly one: `npm run test:unit`, `test:db`, `test:slow`; `npm test`
 * runs all three. A file named in neither list below is a db test, the tier that has everything a
 * test may need.
 */

/** Without a database or threads: the engine, and the data read from the repository's own files. */
const UNIT = ['test/engine/**/*.test.ts', 'test/data/seed.test.ts', 'test/data/valueChain.test.ts', 'test/data/b2bVariants.test.ts', 'test/web/i18n.test.ts', 'test/server/changeFeed.test.ts'];

/**
 * The long runs (a test over about 5 s, or many of them): SAT and B2B solving on threads and the real
 * forums, fitting weights on a simulated history, tuning on worker threads.
 */
const SLOW = [
  'test/engine/scheduling-sat.test.ts',
  'test/data/b2b.test.ts',
  'test/server/simulatedHistory.test.ts',
  'test/server/tuningThreads.test.ts',
  'test/runtime/threads.test.ts',
  'test/server/docs.browser.test.ts',
  'test/server/openapi.test.ts',
  // `npm start` itself: the bundle, a first start and a restart.
  'test/server/startCommand.test.ts',
  // Several server processes over one database (SQLite and PostgreSQL).
  'test/server/instances.test.ts',
  // Processes killed (SIGKILL) inside their writes: the import CLI and a server saving a schedule.
  'test/server/crash.test.ts',
  // The workbench in Chromium.
  'test/web/**/*.browser.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    // Database tests share one PostgreSQL server; files run in parallel but each uses its own schema.
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT, exclude: [...configDefaults.exclude, ...SLOW] } },
      // Repository tests (SQLite and PostgreSQL) and API tests (supertest on the whole app).
      { extends: true, test: { name: 'db', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...UNIT, ...SLOW] } },
      { extends: true, test: { name: 'slow', include: SLOW } },
    ],
  },
});
