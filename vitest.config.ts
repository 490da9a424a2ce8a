import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'out/**'],
    benchmark: { include: ['**/*.bench.ts'], exclude: ['node_modules/**', 'dist/**'] },
    // Guards against a hang, not timing assertions: generous, because CI and the shared 2-core machine can be slow.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: ['./vitest.global-setup.ts'],
  },
});
