import { defineConfig } from 'vitest/config';

// System tests: need Debian packages (mosquitto, socat, chromium).
export default defineConfig({
  resolve: { conditions: ['regiobox-source'] },
  ssr: { resolve: { conditions: ['regiobox-source'] } },
  test: {
    include: ['*/src/**/*.system.test.ts', '*/*/src/**/*.system.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
