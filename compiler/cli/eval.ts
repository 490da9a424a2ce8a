/**
 * `rubric eval [-g <id>] -c <case> [--guidelines <paths…>] [--bundle <folder>] [-o <folder>] [--format text|markdown|json]`
 *
 * Standard output holds the determination alone (`rubric eval … --format markdown > letter.md` is the letter); the
 * check's diagnostics, the build and the verification go to standard error. Without --bundle the guidelines
 * (--guidelines, else the project's, project.ts) are checked and compiled in memory (`-o` also writes the bundle).
 * An unknown --guideline is answered before anything is compiled, with a did-you-mean.
 *
 * Exit 0 for every determination about the case — medically necessary or not, insufficient information, refer for
 * physician review, this guideline does not apply; without -g also "no guideline applies" to an item. Exit 1: the
 * case (or an item) is invalid, or the guidelines have errors. Exit 2: the command could not run (bad arguments, a
 * missing or malformed case file, an unknown guideline, a refused bundle, an evaluation that failed).
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { closest } from '../../language/suggest.js';
import type { Determination } from '../../runtime/determination.js';
import type { LoadedBundle } from '../../runtime/evaluate.js';
import type { RequestEvaluation } from '../../runtime/evaluate-request.js';
import { renderMarkdown, renderText } from '../../runtime/render.js';
import { renderRequestMarkdown, renderRequestText } from '../../runtime/render-request.js';
import { checkSources, writeBundle } from '../pipeline.js';
import { compileOrReply, printDiagnostics, readGuidelines } from './build.js';
import { declaredGuidelines, defaultGuidelines } from './project.js';
import { CliCodes, Exit, Reply, type CliIo, type ExitCode } from './reply.js';

const loadBundle: typeof import('../../runtime/load.js').loadBundle = async (...a) => (await import('../../runtime/load.js')).loadBundle(...a);
const loadBundleFiles: typeof import('../../runtime/load.js').loadBundleFiles = async (...a) => (await import('../../runtime/load.js')).loadBundleFiles(...a);

export interface EvalOptions {
  readonly guideline?: string;
  readonly case: string;
  readonly guidelines?: readonly string[];
  readonly bundle?: string;
  readonly out?: string;
  readonly format: 'text' | 'markdown' | 'json';
}

/** `eval --format json`: `result` is the Determination (with -g) or the RequestEvaluation (without). */
export type EvalJson = Determination | RequestEvaluation;

export async function runEval(options: EvalOptions, io: CliIo): Promise<ExitCode> {
  const reply = new Reply<EvalJson>(io, 'eval', options.format === 'json');
  const caseText = await readFile(resolve(io.cwd, options.case), 'utf8').catch(() => undefined);
  if (caseText === undefined) {
    reply.error({ code: CliCodes.noCaseFile, message: `${options.case}: no such case file.` });
    return reply.finish(Exit.failed);
  }
  let caseData: unknown;
  try {
    caseData = JSON.parse(caseText);
  } catch (error) {
    reply.error({ code: CliCodes.caseNotJson, message: `${options.case} is not valid JSON (${error instanceof Error ? error.message : String(error)}).` });
    return reply.finish(Exit.failed);
  }

  const loaded = options.bundle !== undefined ? await fromFolder(resolve(io.cwd, options.bundle), options, reply) : await fromSources(options, io, reply);
  if (typeof loaded === 'number') return reply.finish(loaded);

  if (options.guideline === undefined) return printRequest(loaded.evaluateRequest(caseData), options.format, io, reply);
  if (listsRequests(caseData)) {
    reply.note('rubric: note: the case lists several requested items (requests); --guideline evaluates request only. Leave out --guideline to decide each item.\n');
  }
  const result = loaded.evaluate(options.guideline, caseData);
  if (!result.ok) {
    reply.error({ code: CliCodes.evaluationFailed, message: result.error.message });
    return reply.finish(Exit.failed);
  }
  const determination = result.value;
  if (options.format === 'markdown') io.out(renderMarkdown(determination));
  else if (options.format === 'text') io.out(renderText(determination));
  return reply.finish(determination.outcome === 'invalid_case' ? Exit.problems : Exit.ok, determination);
}

/** The guideline named with -g is not among `ids`: answer now, with the nearest id. */
function unknownGuideline(id: string, ids: readonly string[], where: string, reply: Reply<unknown>): ExitCode {
  const suggestion = closest(id, ids);
  reply.error({
    code: CliCodes.unknownGuideline,
    message: `"${id}" is not a guideline ${where}.` + (suggestion ? ` Did you mean "${suggestion}"?` : ` There are: ${ids.map((i) => `"${i}"`).join(', ') || 'none'}.`),
  });
  return Exit.failed;
}

async function fromFolder(dir: string, options: EvalOptions, reply: Reply<unknown>): Promise<LoadedBundle | ExitCode> {
  if (options.guideline !== undefined) {
    // The manifest's list, read before the bundle is verified and imported; the load below verifies everything.
    const listed = await readFile(join(dir, 'manifest.json'), 'utf8')
      .then((t) => (JSON.parse(t) as { guidelines?: { id?: unknown }[] }).guidelines?.map((g) => String(g.id)))
      .catch(() => undefined);
    if (listed !== undefined && !listed.includes(options.guideline)) return unknownGuideline(options.guideline, listed, `in the bundle ${options.bundle ?? dir}`, reply);
  }
  const loaded = await loadBundle(dir);
  if (!loaded.ok) {
    reply.error({ code: CliCodes.bundleRefused, message: `the bundle was refused: ${loaded.error.message}` });
    return Exit.failed;
  }
  reply.note(`Verified ${dir} against manifest.json\n\n`);
  return loaded.value;
}

async function fromSources(options: EvalOptions, io: CliIo, reply: Reply<unknown>): Promise<LoadedBundle | ExitCode> {
  let paths = options.guidelines;
  if (paths === undefined) {
    const found = await defaultGuidelines(io.cwd, '--guidelines');
    if (found.error) {
      reply.error(found.error);
      return Exit.failed;
    }
    paths = found.paths ?? [];
  }
  const sources = await readGuidelines(paths, io, reply);
  if (sources === undefined) return Exit.failed;
  if (options.guideline !== undefined) {
    const ids = declaredGuidelines(sources);
    if (!ids.includes(options.guideline)) return unknownGuideline(options.guideline, ids, `in ${paths.join(', ')}`, reply);
  }
  const checked = checkSources(sources);
  printDiagnostics(checked, reply.note.bind(reply), io.color, false);
  const built = await compileOrReply(checked, reply, 'nothing was evaluated because the guidelines have errors.');
  if (typeof built === 'number') return built;
  const count = built.manifest.guidelines.length;
  if (options.out !== undefined) {
    const out = resolve(io.cwd, options.out);
    await writeBundle(out, built.files);
    reply.note(`Compiled ${count} ${count === 1 ? 'guideline' : 'guidelines'} to ${out}\n`);
  } else reply.note(`Compiled ${count} ${count === 1 ? 'guideline' : 'guidelines'}\n`);
  const loaded = await loadBundleFiles(built.files);
  if (!loaded.ok) {
    reply.error({ code: CliCodes.bundleRefused, message: `the bundle was refused: ${loaded.error.message}` });
    return Exit.failed;
  }
  reply.note('Verified the bundle against manifest.json\n\n');
  return loaded.value;
}

function listsRequests(caseData: unknown): boolean {
  return typeof caseData === 'object' && caseData !== null && Object.hasOwn(caseData, 'requests') && (caseData as { requests?: unknown }).requests != null;
}

/** Every requested item's determination; the exit status says whether any item could not be decided. */
function printRequest(result: RequestEvaluation, format: EvalOptions['format'], io: CliIo, reply: Reply<EvalJson>): ExitCode {
  if (format === 'markdown') io.out(renderRequestMarkdown(result));
  else if (format === 'text') io.out(renderRequestText(result));
  for (const item of result.items) {
    if (item.status === 'evaluation_failed') reply.error({ code: CliCodes.evaluationFailed, message: `item ${item.item + 1}: ${item.note}` });
  }
  if (result.items.some((i) => i.status === 'evaluation_failed')) return reply.finish(Exit.failed, result);
  const invalid = result.errors.length > 0 || result.items.some((i) => i.status === 'invalid_item' || i.determination?.outcome === 'invalid_case');
  return reply.finish(invalid ? Exit.problems : Exit.ok, result);
}
