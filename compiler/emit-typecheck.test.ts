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

/** A guideline with a scope, two routes and a judgement criterion. */
const outcomesModel = checkDocuments([
  new SourceFile(
    'outcomes.rubric',
    `guideline outcomes
  title "Outcomes"
  version "1"
  recommendation recommended cite src
  applies when weeks_since_injury >= 4 weeks and plan
    cite src
    reason "{weeks_since_injury} weeks."
    missing "Not stated."
sources
  source src "S"
facts
  fact weeks_since_injury "weeks since the injury" elapsed weeks from patient.date_of_injury to request.date_requested
  fact plan "a plan" documented from documentation.plan
  fact exam "an exam" documented from documentation.exam
routes
  route a "route A"
  route b "route B"
criteria
  criterion in_a "In A."
    route a
    require plan
    cite src
    reason "No plan."
  criterion in_b "In B."
    route b
    when exam
    judgement "Is it justified?"
    cite src
`,
  ),
]).model;

/** The emitted module, type-checked as if it sat at the package root (where esbuild resolves it from). */
test.each([
  ['the seed', seedModel],
  ['every condition kind', conditionsModel],
  ['scope, routes and judgement', outcomesModel],
  ['requested ranges, if not stated, hours and record dates', checkDocuments([new SourceFile('numbers.rubric', readFileSync(new URL('./testdata/numbers.rubric', import.meta.url), 'utf8'))]).model],
] as [string, Model][])('the module emitted for %s type-checks against runtime/contract.ts and runtime/logic.ts', (_, model) => {
  const file = join(PACKAGE_ROOT, '__rubric_emitted__.ts');
  expect(model.guidelines).toHaveLength(1);
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
