import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Database tests share one PostgreSQL server; files run in parallel but each uses its own schema.
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
