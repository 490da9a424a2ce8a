/**
 * How the toolchain runs the checker: with the case-file schema as its vocabulary of case paths, so `rubric check`
 * (and compile, eval, test, which check first) reports a misspelt `from request.levles` or an undocumented
 * documentation item. language/ reads no files; the schema reaches it here, as data.
 */
import caseFileSchema from '../runtime/case-file.schema.json' with { type: 'json' };
import type { CheckOptions } from '../language/index.js';

export const toolchainCheckOptions: CheckOptions = { caseFileSchema };
