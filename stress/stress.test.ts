/**
 * `npm run stress` at the bounded size, in CI: every part must report zero failures. The figures themselves are
 * printed by `npm run stress`; here only the guarantees are asserted.
 */
import { describe, expect, test } from 'vitest';
import { stressParts } from './parts.js';

describe('npm run stress at the bounded size', () => {
  for (const part of stressParts) {
    test(`${part.name}: no failures`, async () => {
      const figure = await part.run('bounded');
      expect(figure.inputs).toBeGreaterThan(0);
      expect(figure.examples).toEqual([]);
      expect(figure.failures).toBe(0);
    }, 600_000);
  }
});
