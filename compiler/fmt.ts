/**
 * `rubric fmt [--check | --write] <files|folders…>`: formats `.rubric` files with the Prettier plugin
 * (language/format), reading each file's Prettier configuration (`.prettierrc`, `.editorconfig`) as `prettier`
 * itself would, so both give the same layout.
 *
 *   --check   list the files that are not formatted (on standard output); exit 1 when there is any
 *   --write   rewrite the files that are not formatted; list them
 *   neither   print the formatted text to standard output
 *
 * A file with syntax errors is never formatted: its diagnostics are printed and the file is left untouched (exit 1).
 * Exit 2: the command could not run (a path that does not exist, an unreadable file). A folder without `.rubric`
 * files is fine (nothing to format), so `rubric fmt --check guidelines/ examples/` works while examples/ has none.
 */
import { stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { SourceFile } from '../language/index.js';
import type { CliIo } from './cli.js';
import type { ExitCode } from './cli/reply.js';
import { renderText } from './report.js';
import { collectSources, type SourceOnDisk } from './sources.js';

type Mode = 'check' | 'write' | 'print';

/** Registers `fmt` on the CLI's program; `done` receives the exit status. */
export function registerFmt(program: Command, io: CliIo, done: (status: ExitCode) => void): void {
  program
    .command('fmt')
    .description('Format .rubric files (the Prettier plugin in rubric/prettier): --check lists unformatted files, --write rewrites them.')
    .argument('<paths...>', '.rubric files or folders holding them')
    .addOption(new Option('--check', 'list the files that are not formatted; exit 1 if any').conflicts('write'))
    .addOption(new Option('--write', 'rewrite the files that are not formatted').conflicts('check'))
    .action(async (paths: string[], options: { check?: boolean; write?: boolean }) => {
      done(await runFmt(paths, options.check ? 'check' : options.write ? 'write' : 'print', io));
    });
}

async function gather(paths: readonly string[], io: CliIo): Promise<SourceOnDisk[] | undefined> {
  const all: SourceOnDisk[] = [];
  let failed = false;
  for (const path of paths) {
    const info = await stat(resolve(io.cwd, path)).catch(() => undefined);
    const { sources, errors } = await collectSources([path], io.cwd);
    // A folder with nothing to format is not a problem for the formatter.
    const real = info?.isDirectory() && sources.length === 0 ? [] : errors;
    for (const e of real) io.err(`rubric: ${e.message}\n`);
    failed ||= real.length > 0;
    for (const s of sources) if (!all.some((a) => a.uri === s.uri)) all.push(s);
  }
  return failed ? undefined : all;
}

export async function runFmt(paths: readonly string[], mode: Mode, io: CliIo): Promise<ExitCode> {
  const sources = await gather(paths, io);
  if (!sources) return 2;
  // Prettier loads with the command that uses it: `rubric --help` and `rubric check` start without it.
  const [{ resolveConfig }, { formatRubric }] = await Promise.all([import('prettier'), import('../language/format/format.js')]);
  let unformatted = 0;
  let broken = 0;
  for (const source of sources) {
    const file = new SourceFile(source.uri, source.text);
    if (source.diagnostics.length > 0) {
      for (const d of source.diagnostics) io.out(`${renderText(d, file, io.color)}\n`);
      broken++;
      continue;
    }
    const absolute = resolve(io.cwd, source.uri);
    const { plugins: _plugins, ...config } = (await resolveConfig(absolute, { editorconfig: true })) ?? {};
    const formatted = await formatRubric(source.text, { ...config, filepath: absolute });
    if (!formatted.ok) {
      if (formatted.diagnostics.length === 0) io.err(`rubric: ${source.uri}: ${formatted.message}\n`);
      for (const d of formatted.diagnostics) io.out(`${renderText({ ...d, uri: source.uri }, file, io.color)}\n`);
      io.err(`rubric: ${source.uri} has syntax errors; it was not formatted.\n`);
      broken++;
      continue;
    }
    if (mode === 'print') {
      io.out(formatted.text);
      continue;
    }
    if (formatted.text === source.text) continue;
    unformatted++;
    if (mode === 'write') await writeFile(absolute, formatted.text);
    io.out(`${source.uri}\n`);
  }
  if (mode !== 'print') {
    const formattable = sources.length - broken;
    const files = (n: number) => `${n} ${n === 1 ? 'file' : 'files'}`;
    const what =
      mode === 'check'
        ? unformatted > 0
          ? `${files(unformatted)} of ${formattable} not formatted (rubric fmt --write to format them).`
          : `All ${files(formattable)} formatted.`
        : `Formatted ${files(unformatted)} of ${formattable}.`;
    io.err(`${what}${broken > 0 ? ` ${files(broken)} not formatted because of syntax errors.` : ''}\n`);
  }
  return broken > 0 || (mode === 'check' && unformatted > 0) ? 1 : 0;
}
