/**
 * `npm run stress` at the bounded size, in CI: parts 1, 4, 5, 6 (load), 7 (language server, the built server) and 8
 * (formatter) must report zero failures (parts 2 and 3 have tests of their own beside them:
 * runtime-malformed.test.ts, differential.test.ts). The figures themselves are printed by `npm run stress`; here
 * only the guarantees are asserted.
 */
import { describe, expect, test } from 'vitest';
import { stressParts } from './parts.js';

describe('npm run stress at the bounded size', () => {
  for (const part of stressParts.filter((p) => ['language fuzz', 'tamper', 'injection', 'load', 'language server', 'formatter'].includes(p.name))) {
    test(`${part.name}: no failures`, async () => {
      const figure = await part.run('bounded');
      expect(figure.inputs).toBeGreaterThan(0);
      expect(figure.examples).toEqual([]);
      expect(figure.failures).toBe(0);
    }, 600_000);
  }
});
