import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { expect, test } from 'vitest';
import { PACKAGE_ROOT } from './bundle.js';
import { emitModule } from './emit.js';
import { lower } from './lower.js';
import { checkDocuments, SourceFile } from '../language/index.js';
import type { Model } from '../language/model.js';
import { conditionsModel } from './testdata/conditions-model.js';
import { seedModel } from './testdata/seed-model.js';

/** The emitted module, type-checked as if it sat at the package root (where esbuild resolves it from). */
test.each([
  ['the seed', seedModel],
  ['every condition kind', conditionsModel],
  ['requested ranges, if not stated, hours and record dates', checkDocuments([new SourceFile('numbers.rubric', readFileSync(new URL('./testdata/numbers.rubric', import.meta.url), 'utf8'))]).model],
] as [string, Model][])('the module emitted for %s type-checks against runtime/contract.ts and runtime/logic.ts', (_, model) => {
  const file = join(PACKAGE_ROOT, '__rubric_emitted__.ts');
  const text = emitModule(lower(model).value);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    verbatimModuleSyntax: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, lang, ...rest) =>
    name === file ? ts.createSourceFile(name, text, lang) : getSourceFile.call(host, name, lang, ...rest);
  host.fileExists = (name) => name === file || fileExists.call(host, name);
  host.readFile = (name) => (name === file ? text : readFile.call(host, name));
  const program = ts.createProgram([file], options, host);
  const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(file));
  expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
});
