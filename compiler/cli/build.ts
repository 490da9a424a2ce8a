/**
 * What check, compile, eval and test share: read the guideline files named on the command line (and the libraries
 * they use, project.ts), check them through the pipeline, print the diagnostics, and compile them in memory.
 */
import type { Diagnostic, SourceFile } from '../../language/index.js';
import { compileChecked, type BuiltBundle, type Checked } from '../pipeline.js';
import { locate, renderText, summary, type LocatedDiagnostic } from '../report.js';
import { collectSources, type SourceOnDisk } from '../sources.js';
import { findUsedLibraries } from './project.js';
import { CliCodes, Exit, type CliError, type CliIo, type ExitCode, type Reply } from './reply.js';

/** The sources named (files or folders) and the libraries they use; undefined (errors replied) when unreadable. */
export async function readGuidelines(paths: readonly string[], io: CliIo, reply: Reply<unknown>): Promise<SourceOnDisk[] | undefined> {
  const { sources, errors } = await collectSources(paths, io.cwd);
  for (const e of errors) reply.error({ code: e.code, message: e.message });
  if (errors.length > 0) return undefined;
  if (sources.length === 0) {
    reply.error({ code: CliCodes.noRubricFiles, message: 'no .rubric files given.' });
    return undefined;
  }
  return [...sources, ...(await findUsedLibraries(sources, io.cwd))];
}

export const locateAll = (diagnostics: readonly Diagnostic[], files: ReadonlyMap<string, SourceFile>): LocatedDiagnostic[] =>
  diagnostics.map((d) => locate(d, files.get(d.uri)));

/** `file:line:col CODE message` with the lines around it, then the summary (unless clean and `quietWhenClean`). */
export function printDiagnostics(checked: Checked, write: (text: string) => void, color: boolean, quietWhenClean: boolean): void {
  const { diagnostics } = checked.checked;
  for (const d of diagnostics) write(`${renderText(d, checked.files.get(d.uri), color)}\n`);
  if (diagnostics.length > 0 || !quietWhenClean) write(`${summary(diagnostics, checked.files.size)}\n`);
}

export function diagnosticCounts(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  return { errors: diagnostics.filter((d) => d.severity === 'error').length, warnings: diagnostics.filter((d) => d.severity === 'warning').length };
}

/**
 * Compile what was checked, in memory. With errors in the guidelines: `refusal` as a RUB2108 error and exit 1; when
 * a compiler stage fails: each stage error (RUB20xx, located at its guideline) and exit 2.
 */
export async function compileOrReply(checked: Checked, reply: Reply<unknown>, refusal: string): Promise<BuiltBundle | ExitCode> {
  const built = await compileChecked(checked);
  if (built.ok) return built.value;
  const failure = built.error;
  if (failure.stage === 'check') {
    reply.error({ code: CliCodes.guidelinesHaveErrors, message: refusal });
    return Exit.problems;
  }
  if (failure.stage === 'compile') {
    for (const e of failure.errors) {
      const source = e.location ? checked.files.get(e.location.uri) : undefined;
      const at = e.location && source ? source.positionAt(e.location.span.start) : undefined;
      const error: CliError = {
        code: e.code,
        message: `cannot compile ${e.guideline || 'the bundle'}${e.criterion ? `, criterion ${e.criterion}` : ''} (${e.stage} stage): ${e.message}`,
        ...(e.location ? { uri: e.location.uri } : {}),
        ...(at ? { line: at.line, column: at.column } : {}),
      };
      reply.error(error);
    }
    return Exit.failed;
  }
  reply.error({ code: CliCodes.bundleRefused, message: `the bundle was refused: ${failure.error.message}` });
  return Exit.failed;
}
