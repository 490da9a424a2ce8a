/**
 * "Evaluate example case": a code lens on each guideline whose example case file is beside it (by default
 * `<file name>.case.json`, setting `rubric.exampleCase`), and the `rubric.evaluate` command it runs: the guideline and
 * the libraries are built in memory by the same pipeline as the CLI (compiler/pipeline.ts: check, compile, verify,
 * load), the case is evaluated, and the determination comes back as Markdown (outcome, reasons, citations).
 *
 * Compiling needs esbuild and the runtime sources a bundle embeds (runtime/logic.ts, runtime/contract.ts): they are
 * found in the package the server was built in, or in the workspace's node_modules/rubric. Without them (the .vsix
 * alone), the command answers that in words.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeLens } from 'vscode-languageserver';
import { isMissing } from '../../../language/index.js';
import type { FileState, Snapshot } from '../analysis.js';
import { isLibraryText } from '../disk.js';

export const DEFAULT_EXAMPLE_CASE = '${fileBasenameNoExtension}.case.json';

const pathOf = (uri: string): string | null => {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : null;
  } catch {
    return null;
  }
};

/** The example case file of a guideline file, by the setting's pattern. */
export function exampleCasePath(uri: string, pattern: string = DEFAULT_EXAMPLE_CASE): string | null {
  const path = pathOf(uri);
  if (path === null) return null;
  const name = basename(path).replace(/\.rubric$/, '');
  return join(dirname(path), pattern.replace(/\$\{fileBasenameNoExtension\}/g, name));
}

export function codeLenses(file: FileState, pattern: string): CodeLens[] {
  const header = file.parsed.document.header;
  if (isMissing(header) || header.kind !== 'GuidelineHeader') return [];
  const casePath = exampleCasePath(file.uri, pattern);
  if (casePath === null || !existsSync(casePath)) return [];
  return [{ range: file.lines.range(isMissing(header.name) ? header.span : header.name.span), command: { title: `Evaluate example case (${basename(casePath)})`, command: 'rubric.evaluateExampleCase', arguments: [file.uri] } }];
}

/** A folder holding the runtime sources bundles embed: the package the server was built in, or the workspace's. */
function packageRoot(folders: readonly string[]): string | null {
  const server = process.argv[1] ? dirname(process.argv[1]) : process.cwd();
  const candidates = [join(server, '..', '..'), ...folders.flatMap((f) => (pathOf(f) ? [join(pathOf(f)!, 'node_modules', 'rubric'), pathOf(f)!] : []))];
  return candidates.find((c) => existsSync(join(c, 'runtime', 'logic.ts')) && existsSync(join(c, 'runtime', 'contract.ts'))) ?? null;
}

/** Markdown: the determination of the example case, or why there is none. */
export async function evaluateExampleCase(snapshot: Snapshot, uri: string, pattern: string, folders: readonly string[]): Promise<string> {
  const file = snapshot.files.get(uri);
  if (!file) return `Open the guideline first: ${uri} is not open.`;
  const header = file.parsed.document.header;
  if (isMissing(header) || header.kind !== 'GuidelineHeader' || isMissing(header.name)) return 'This file is not a guideline.';
  const id = header.name.text;
  const casePath = exampleCasePath(uri, pattern);
  if (casePath === null) return 'Only a guideline saved as a file has an example case beside it.';
  let caseData: unknown;
  try {
    caseData = JSON.parse(await readFile(casePath, 'utf8'));
  } catch (e) {
    return `The example case ${basename(casePath)} could not be read: ${e instanceof Error ? e.message : String(e)}`;
  }
  const root = packageRoot(folders);
  if (root === null) return 'Evaluating needs the Rubric package (the compiler and esbuild): run `npm install rubric` in this workspace, or use `npx rubric eval`.';
  const libraries = [...snapshot.files.values()].filter((f) => f.uri !== uri && isLibraryText(f.text));
  const sources = [file, ...libraries].map((f, i) => ({ uri: f.uri, path: `${i}-${basename(pathOf(f.uri) ?? 'guideline.rubric')}`, text: f.text }));
  const { buildAndLoad, describeFailure } = await import('../../../compiler/pipeline.js');
  const { renderMarkdown } = await import('../../../runtime/render.js');
  const built = await buildAndLoad(sources, { root });
  if (!built.ok) return `The guideline could not be compiled:\n\n${describeFailure(built.error)}`;
  const result = built.value.bundle.evaluate(id, caseData);
  if (!result.ok) return `The example case could not be evaluated: ${result.error.message}`;
  return `<!-- ${basename(casePath)} evaluated against ${id} -->\n\n${renderMarkdown(result.value)}`;
}
