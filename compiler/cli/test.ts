/**
 * `rubric test <paths…> [--guidelines <paths…>] [--format text|json] [--reporter text|json|junit]`: run the
 * conformance cases (`*.cases.yaml`) against the guidelines, compiled in memory. The guidelines are those given with
 * --guidelines, else the folders and .rubric files among the paths, else the project's (project.ts).
 *
 * Exit 0 every case passed, 1 a case failed, a cases file has errors (its cases count as failed) or the guidelines
 * have errors, 2 could not run (no cases files, unreadable files, a compiler failure).
 */
import type { ConformanceReport } from '../conformance.js';
import { renderReport, reportData, runConformance } from '../conformance.js';
import type { CasesFile, CasesProblem } from '../conformance-files.js';
import { checkSources } from '../pipeline.js';
import { compileOrReply, printDiagnostics, readGuidelines } from './build.js';
import { junitXml } from './junit.js';
import { defaultGuidelines } from './project.js';
import { CliCodes, Exit, Reply, type CliIo, type ExitCode } from './reply.js';

const conformanceFiles = () => import('../conformance-files.js');
const loadBundleFiles: typeof import('../../runtime/load.js').loadBundleFiles = async (...a) => (await import('../../runtime/load.js')).loadBundleFiles(...a);

export type TestReporter = 'text' | 'json' | 'junit';

/** `test --format json`: the result in the shared envelope (reply.ts). */
export type TestJson = ReturnType<typeof reportData>;

export async function runTest(paths: readonly string[], options: { guidelines?: readonly string[]; reporter: TestReporter }, io: CliIo): Promise<ExitCode> {
  const reply = new Reply<TestJson>(io, 'test', options.reporter === 'json');
  const { findCasesFiles, loadCasesFile, CASES_SUFFIX } = await conformanceFiles();
  const found = await findCasesFiles(paths, io.cwd);
  for (const e of found.errors) reply.error({ code: CliCodes.noSuchPath, message: e });
  if (found.errors.length > 0) return reply.finish(Exit.failed);
  if (found.files.length === 0) {
    reply.error({ code: CliCodes.noCasesFiles, message: `no *.cases.yaml files under ${paths.join(', ')}.` });
    return reply.finish(Exit.failed);
  }
  let guidelinePaths = options.guidelines ?? paths.filter((p) => !p.endsWith(CASES_SUFFIX));
  if (guidelinePaths.length === 0) {
    const fallback = await defaultGuidelines(io.cwd, '--guidelines');
    if (fallback.error) {
      reply.error(fallback.error);
      return reply.finish(Exit.failed);
    }
    guidelinePaths = fallback.paths ?? [];
  }
  const sources = await readGuidelines(guidelinePaths, io, reply);
  if (sources === undefined) return reply.finish(Exit.failed);
  const checked = checkSources(sources);
  // The check's own lines go to standard error unless the report is text, so standard output stays one document.
  printDiagnostics(checked, options.reporter === 'text' ? io.out : io.err, io.color, true);
  const built = await compileOrReply(checked, reply, 'the cases were not run because the guidelines have errors.');
  if (typeof built === 'number') return reply.finish(built);
  const loaded = await loadBundleFiles(built.files);
  if (!loaded.ok) {
    reply.error({ code: CliCodes.bundleRefused, message: `the bundle was refused: ${loaded.error.message}` });
    return reply.finish(Exit.failed);
  }
  const files: CasesFile[] = [];
  const problems: CasesProblem[] = [];
  for (const f of found.files) {
    const read = await loadCasesFile(f.absolute, f.uri);
    if (read.file) files.push(read.file);
    problems.push(...read.problems);
  }
  const report: ConformanceReport = runConformance(loaded.value, files, problems);
  if (options.reporter === 'text') io.out(renderReport(report));
  else if (options.reporter === 'junit') io.out(junitXml(report));
  return reply.finish(report.failed > 0 || report.problems.length > 0 ? Exit.problems : Exit.ok, reportData(report));
}
