import { defineConfig } from 'vitest/config';

// Unit and in-process integration tests: everything that needs only npm.
export const sharedResolve = { conditions: ['regiobox-source'] };

export default defineConfig({
  resolve: sharedResolve,
  ssr: { resolve: { conditions: ['regiobox-source'] } },
  test: {
    include: ['*/src/**/*.test.ts', '*/*/src/**/*.test.ts'],
    exclude: ['**/*.system.test.ts', '**/node_modules/**', '**/dist/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
