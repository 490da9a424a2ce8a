/**
 * `rubric check <paths…> [--format text|json|sarif] [--strict]`: every problem with its file, line, column and code.
 * Exit 0 clean (warnings allowed, unless --strict), 1 errors (or warnings under --strict), 2 could not run.
 */
import { checkSources } from '../pipeline.js';
import type { LocatedDiagnostic } from '../report.js';
import { PACKAGE_VERSION } from '../version.js';
import { diagnosticCounts, locateAll, printDiagnostics, readGuidelines } from './build.js';
import { Exit, Reply, type CliIo, type ExitCode } from './reply.js';
import { sarifLog } from './sarif.js';

export type CheckFormat = 'text' | 'json' | 'sarif';

/** `check --format json`: the result in the shared envelope (reply.ts). */
export interface CheckJson {
  /** How many files were checked (with the libraries found for them). */
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  readonly diagnostics: readonly LocatedDiagnostic[];
}

export async function runCheck(paths: readonly string[], options: { format: CheckFormat; strict: boolean }, io: CliIo): Promise<ExitCode> {
  // Under sarif, errors that stop the check go to standard error as text and into the log as notifications.
  const reply = new Reply<CheckJson>(io, 'check', options.format === 'json');
  const sarif = (located: readonly LocatedDiagnostic[]) => io.out(`${JSON.stringify(sarifLog(located, reply.errorList(), PACKAGE_VERSION), null, 2)}\n`);
  const sources = await readGuidelines(paths, io, reply);
  if (sources === undefined) {
    if (options.format === 'sarif') sarif([]);
    return reply.finish(Exit.failed);
  }
  const checked = checkSources(sources);
  const { diagnostics } = checked.checked;
  const counts = diagnosticCounts(diagnostics);
  const failing = counts.errors > 0 || (options.strict && diagnostics.length > 0);
  const status = failing ? Exit.problems : Exit.ok;
  if (options.format === 'text') printDiagnostics(checked, io.out, io.color, false);
  else if (options.format === 'sarif') sarif(locateAll(diagnostics, checked.files));
  return reply.finish(status, { files: checked.files.size, ...counts, diagnostics: locateAll(diagnostics, checked.files) });
}
