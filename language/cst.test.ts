/**
 * cst.generated.ts is Chevrotain's own description of the CST this grammar builds (`generateCstDts`). It is checked
 * in so build-ast.ts is typed against it; this test fails when the grammar changed and the file did not.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { cstDeclarations, cstFile } from '../scripts/gen-cst.js';

it('cst.generated.ts matches the grammar in parser.ts (regenerate with `npm run gen:cst`)', () => {
  expect(readFileSync(cstFile, 'utf8'), 'language/cst.generated.ts is stale: run `npm run gen:cst`').toBe(cstDeclarations());
});
