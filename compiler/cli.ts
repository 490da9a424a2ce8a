/**
 * The `rubric` command:
 *   rubric check <files|folders…> [--format text|json] [--strict]
 *   rubric --version
 *   rubric compile <files|folders…> --out <folder> [--format text|json]
 *   rubric eval [--guideline <id>] --case <file> [--guidelines <files|folders…>] [--bundle <folder>] [--out <folder>]
 *               [--format text|markdown|json]
 *     without --guideline: every requested item (request, or each of requests[]) under the guideline that applies
 *   rubric test <files|folders…> [--guidelines <files|folders…>] [--format text|json]
 *
 * `eval` writes the determination alone to standard output; the check, the build and the verification report on
 * standard error. A closed pipe (`rubric test … | head -1`) ends the command quietly (bin/rubric.js).
 *
 * Exit codes: 0 done (warnings allowed; `check --strict`: none), 1 the guideline or case has errors, 2 the command could not run
 * (bad arguments, unreadable files, a refused bundle, a guideline that fails to evaluate). `eval` exits 0 for every
 * determination about the case (medically necessary or not, insufficient information, refer for physician review,
 * this guideline does not apply) and 1 only for an invalid case. Without --guideline, "no guideline applies" to an
 * item is a result (0); field errors in the case or any item are 1.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { checkDocuments, hasErrors, SourceFile, type Diagnostic } from '../language/index.js';
import type { RequestEvaluation } from '../runtime/evaluate-request.js';
import { renderMarkdown, renderText as renderDetermination } from '../runtime/render.js';
import { renderRequestMarkdown, renderRequestText } from '../runtime/render-request.js';
import type { CasesFile, CasesProblem } from './conformance-files.js';
import { renderReport, reportJson, runConformance } from './conformance.js';
import { toolchainCheckOptions } from './check-options.js';
import type { CompileOutput } from './index.js';
import { locate, renderText, summary } from './report.js';
import { collectSources, type SourceOnDisk } from './sources.js';
import { registerFmt } from './fmt.js';
import { PACKAGE_VERSION } from './version.js';


// The compiler (esbuild), the runtime loader (ajv) and the cases files (yaml, ajv) load with the first command that
// uses them, so `rubric --help` and `rubric check` start without them.
const compile: typeof import('./index.js').compile = async (...a) => (await import('./index.js')).compile(...a);
const writeOutput: typeof import('./index.js').writeOutput = async (...a) => (await import('./index.js')).writeOutput(...a);
const loadBundle: typeof import('../runtime/load.js').loadBundle = async (...a) => (await import('../runtime/load.js')).loadBundle(...a);
const findCasesFiles: typeof import('./conformance-files.js').findCasesFiles = async (...a) => (await import('./conformance-files.js')).findCasesFiles(...a);
const loadCasesFile: typeof import('./conformance-files.js').loadCasesFile = async (...a) => (await import('./conformance-files.js')).loadCasesFile(...a);

export interface CliIo {
  readonly cwd: string;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly color: boolean;
}

const processIo = (): CliIo => ({
  cwd: process.cwd(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  color: process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined,
});

type Format = 'text' | 'json';

/** Exit statuses. */
const OK = 0;
const PROBLEMS = 1;
const FAILED = 2;

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let status = OK;
  const program = new Command('rubric')
    .description('Check, compile and evaluate clinical guideline criteria written in Rubric.')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .version(PACKAGE_VERSION, '-V, --version', 'print the rubric version')
    .showHelpAfterError();

  const format = () => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

  program
    .command('check')
    .description('Check guideline files and report every problem with its line, column and code.')
    .argument('<paths...>', '.rubric files or folders holding them')
    .addOption(format())
    .option('--strict', 'warnings fail the check too (exit 1)')
    .action(async (paths: string[], options: { format: Format; strict?: boolean }) => {
      status = await runCheck(paths, options.format, io, options.strict === true);
    });

  program
    .command('compile')
    .description('Check, then compile guidelines to a verified bundle (bundle.js, manifest.json, schemas/).')
    .argument('<paths...>', '.rubric files or folders holding them')
    .requiredOption('-o, --out <folder>', 'output folder')
    .addOption(format())
    .action(async (paths: string[], options: { out: string; format: Format }) => {
      status = await runCompile(paths, resolve(io.cwd, options.out), options.format, io);
    });

  program
    .command('eval')
    .description(
      'Evaluate a case and print the determination with its reasons and citations: against one guideline (--guideline), or, without it, each requested item against the guideline that applies to it.',
    )
    .option('-g, --guideline <id>', 'guideline id, e.g. cervical_facet_therapeutic_injection (default: choose per requested item)')
    .requiredOption('-c, --case <file>', 'case file (JSON)')
    .option('--guidelines <paths...>', 'guideline files or folders to check and compile first', ['guidelines'])
    .option('--bundle <folder>', 'evaluate with an already compiled bundle instead of compiling')
    .option('-o, --out <folder>', 'where to write the compiled bundle (default: a temporary folder)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .action(async (options: EvalOptions) => {
      status = await runEval(options, io);
    });

  program
    .command('test')
    .description('Run the conformance cases (*.cases.yaml) beside guidelines; print each failing case and "N passed, N failed".')
    .argument('<paths...>', '*.cases.yaml files or folders holding them (and the .rubric files)')
    .option('--guidelines <paths...>', 'guideline files or folders to check and compile (default: the folders and .rubric files given)')
    .addOption(format())
    .action(async (paths: string[], options: { guidelines?: string[]; format: Format }) => {
      status = await runTest(paths, options, io);
    });

  registerFmt(program, io, (fmtStatus) => (status = fmtStatus));

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? OK : FAILED;
    io.err(`rubric: ${error instanceof Error ? error.message : String(error)}\n`);
    return FAILED;
  }
}

interface Checked {
  readonly sources: readonly SourceOnDisk[];
  readonly files: ReadonlyMap<string, SourceFile>;
  readonly result: ReturnType<typeof checkDocuments>;
}

/** Read and check; prints diagnostics. Returns undefined when the files could not be read at all. */
async function readAndCheck(paths: readonly string[], format: Format, io: CliIo, quietWhenClean = false): Promise<Checked | undefined> {
  const { sources, errors } = await collectSources(paths, io.cwd);
  for (const e of errors) io.err(`rubric: ${e.message}\n`);
  if (errors.length > 0 || sources.length === 0) {
    if (sources.length === 0 && errors.length === 0) io.err('rubric: no .rubric files given.\n');
    return undefined;
  }
  const files = new Map(sources.map((s) => [s.uri, new SourceFile(s.uri, s.text)]));
  // A file that is not UTF-8 (RUB1007) has an error, whatever its decoded text checks as.
  const result = checkDocuments([...files.values()], { ...toolchainCheckOptions, readDiagnostics: sources.flatMap((s) => s.diagnostics) });
  printDiagnostics(result.diagnostics, files, format, io, quietWhenClean);
  return { sources, files, result };
}

function printDiagnostics(diagnostics: readonly Diagnostic[], files: ReadonlyMap<string, SourceFile>, format: Format, io: CliIo, quietWhenClean: boolean): void {
  if (format === 'json') {
    io.out(`${JSON.stringify(diagnostics.map((d) => locate(d, files.get(d.uri))), null, 2)}\n`);
    return;
  }
  for (const d of diagnostics) io.out(`${renderText(d, files.get(d.uri), io.color)}\n`);
  if (diagnostics.length > 0 || !quietWhenClean) io.out(`${summary(diagnostics, files.size)}\n`);
}

/** Compiles checked guidelines, printing why not when they have errors. Returns the output, or the exit status. */
async function compileChecked(checked: Checked, io: CliIo, refusal: string): Promise<CompileOutput | number> {
  if (hasErrors(checked.result.diagnostics)) {
    io.err(`rubric: ${refusal}\n`);
    return PROBLEMS;
  }
  const compiled = await compile(checked.result.model, checked.sources.map((s) => ({ path: s.path, text: s.text })));
  if (compiled.ok) return compiled;
  for (const e of compiled.errors) io.err(`rubric: cannot compile ${e.guideline || 'the bundle'}${e.criterion ? `, criterion ${e.criterion}` : ''}: ${e.message}\n`);
  return FAILED;
}

async function runCheck(paths: readonly string[], format: Format, io: CliIo, strict: boolean): Promise<number> {
  const checked = await readAndCheck(paths, format, io);
  if (!checked) return FAILED;
  const failing = strict ? checked.result.diagnostics.length > 0 : hasErrors(checked.result.diagnostics);
  return failing ? PROBLEMS : OK;
}

async function runCompile(paths: readonly string[], out: string, format: Format, io: CliIo): Promise<number> {
  const checked = await readAndCheck(paths, format, io, format === 'json');
  if (!checked) return FAILED;
  const compiled = await compileChecked(checked, io, 'nothing was written because the guidelines have errors.');
  if (typeof compiled === 'number') return compiled;
  await writeOutput(out, compiled.files);
  if (format === 'text') {
    const bundleHash = compiled.manifest.files.find((f) => f.path === 'bundle.js')?.sha256 ?? '';
    const ids = compiled.manifest.guidelines.map((g) => `${g.id} ${g.version}`).join(', ');
    const count = compiled.manifest.guidelines.length;
    const which = count <= 3 ? ` (${ids})` : '';
    io.out(`Compiled ${count} ${count === 1 ? 'guideline' : 'guidelines'}${which} to ${out}\n  bundle.js sha256 ${bundleHash}\n`);
  }
  return OK;
}

interface EvalOptions {
  readonly guideline?: string;
  readonly case: string;
  readonly guidelines: string[];
  readonly bundle?: string;
  readonly out?: string;
  readonly format: 'text' | 'markdown' | 'json';
}

async function runEval(options: EvalOptions, io: CliIo): Promise<number> {
  const caseText = await readFile(resolve(io.cwd, options.case), 'utf8').catch(() => undefined);
  if (caseText === undefined) {
    io.err(`rubric: ${options.case}: no such case file.\n`);
    return FAILED;
  }
  let caseData: unknown;
  try {
    caseData = JSON.parse(caseText);
  } catch (error) {
    io.err(`rubric: ${options.case} is not valid JSON (${error instanceof Error ? error.message : String(error)}).\n`);
    return FAILED;
  }

  let bundleDir = options.bundle ? resolve(io.cwd, options.bundle) : undefined;
  let temporary: string | undefined;
  // Standard output holds the determination only (a letter redirected to a file is the letter); the check's
  // diagnostics, the build and the verification go to standard error.
  const progress = io.err;
  try {
    if (!bundleDir) {
      bundleDir = options.out ? resolve(io.cwd, options.out) : (temporary = await mkdtemp(join(tmpdir(), 'rubric-')));
      const quiet: CliIo = { ...io, out: progress };
      const compiled = await runCompile(options.guidelines, bundleDir, 'text', quiet);
      if (compiled !== OK) return compiled;
    }
    const loaded = await loadBundle(bundleDir);
    if (!loaded.ok) {
      io.err(`rubric: the bundle was refused: ${loaded.error.message}\n`);
      return FAILED;
    }
    progress(`Verified ${bundleDir === temporary ? 'the bundle' : bundleDir} against manifest.json\n\n`);
    if (options.guideline === undefined) return printRequest(loaded.value.evaluateRequest(caseData), options.format, io);
    if (listsRequests(caseData)) {
      io.err('rubric: note: the case lists several requested items (requests); --guideline evaluates request only. Leave out --guideline to decide each item.\n');
    }
    const result = loaded.value.evaluate(options.guideline, caseData);
    if (!result.ok) {
      io.err(`rubric: ${result.error.message}\n`);
      return FAILED;
    }
    const determination = result.value;
    if (options.format === 'json') io.out(`${JSON.stringify(determination, null, 2)}\n`);
    else if (options.format === 'markdown') io.out(renderMarkdown(determination));
    else io.out(renderDetermination(determination));
    return determination.outcome === 'invalid_case' ? PROBLEMS : OK;
  } finally {
    if (temporary) await rm(temporary, { recursive: true, force: true });
  }
}

function listsRequests(caseData: unknown): boolean {
  return typeof caseData === 'object' && caseData !== null && Object.hasOwn(caseData, 'requests') && (caseData as { requests?: unknown }).requests != null;
}

/** Every requested item's determination; the exit status says whether any item could not be decided. */
function printRequest(result: RequestEvaluation, format: EvalOptions['format'], io: CliIo): number {
  if (format === 'json') io.out(`${JSON.stringify(result, null, 2)}\n`);
  else if (format === 'markdown') io.out(renderRequestMarkdown(result));
  else io.out(renderRequestText(result));
  for (const item of result.items) {
    if (item.status === 'evaluation_failed') io.err(`rubric: item ${item.item + 1}: ${item.note}\n`);
  }
  if (result.items.some((i) => i.status === 'evaluation_failed')) return FAILED;
  const invalid = result.errors.length > 0 || result.items.some((i) => i.status === 'invalid_item' || i.determination?.outcome === 'invalid_case');
  return invalid ? PROBLEMS : OK;
}

async function runTest(paths: readonly string[], options: { guidelines?: string[]; format: Format }, io: CliIo): Promise<number> {
  const found = await findCasesFiles(paths, io.cwd);
  for (const e of found.errors) io.err(`rubric: ${e}\n`);
  if (found.errors.length > 0) return FAILED;
  if (found.files.length === 0) {
    io.err(`rubric: no *.cases.yaml files under ${paths.join(', ')}.\n`);
    return FAILED;
  }
  const given = paths.filter((p) => !p.endsWith('.cases.yaml'));
  const guidelinePaths = options.guidelines ?? (given.length > 0 ? given : ['guidelines']);
  // The check's own lines go to standard error under --format json, so standard output stays one JSON value.
  const checkIo: CliIo = options.format === 'json' ? { ...io, out: io.err } : io;
  const checked = await readAndCheck(guidelinePaths, 'text', checkIo, true);
  if (!checked) return FAILED;
  const compiled = await compileChecked(checked, io, 'the cases were not run because the guidelines have errors.');
  if (typeof compiled === 'number') return compiled;
  const dir = await mkdtemp(join(tmpdir(), 'rubric-test-'));
  try {
    await writeOutput(dir, compiled.files);
    const loaded = await loadBundle(dir);
    if (!loaded.ok) {
      io.err(`rubric: the bundle was refused: ${loaded.error.message}\n`);
      return FAILED;
    }
    const files: CasesFile[] = [];
    const problems: CasesProblem[] = [];
    for (const f of found.files) {
      const read = await loadCasesFile(f.absolute, f.uri);
      if (read.file) files.push(read.file);
      problems.push(...read.problems);
    }
    const report = runConformance(loaded.value, files, problems);
    io.out(options.format === 'json' ? reportJson(report) : renderReport(report));
    return report.failed > 0 || report.problems.length > 0 ? PROBLEMS : OK;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
