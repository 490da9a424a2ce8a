import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'out/**'],
    benchmark: { include: ['**/*.bench.ts'], exclude: ['node_modules/**', 'dist/**'] },
    testTimeout: 30_000,
    globalSetup: ['./vitest.global-setup.ts'],
  },
});
