/**
 * `rubric fmt [--check | --write] <files|folders…>`: formats `.rubric` files with the Prettier plugin
 * (language/format), reading each file's Prettier configuration (`.prettierrc`, `.editorconfig`) as `prettier`
 * itself would, so both give the same layout.
 *
 *   --check   list the files that are not formatted (on standard output); exit 1 when there is any
 *   --write   rewrite the files that are not formatted; list them
 *   neither   print the formatted text to standard output
 *   --format json   instead, one JSON answer on standard output in the shape every command shares (cli/reply.ts),
 *             each file with its status (and, printing, its formatted text)
 *
 * A file saved with a byte order mark keeps it: `--write` writes it back and printing prints it (as Prettier does).
 * A file with syntax errors is never formatted: its diagnostics are printed and the file is left untouched (exit 1).
 * Exit 2: the command could not run (a path that does not exist, an unreadable file). A folder without `.rubric`
 * files is fine (nothing to format), so `rubric fmt --check guidelines/ examples/` works while examples/ has none.
 */
import { stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { SourceFile } from '../language/index.js';
import type { CliIo } from './cli.js';
import { CliCodes, Exit, Reply, type ExitCode } from './cli/reply.js';
import { locate, renderText, type LocatedDiagnostic } from './report.js';
import { collectSources, type SourceOnDisk } from './sources.js';

type Mode = 'check' | 'write' | 'print';
export type FmtFormat = 'text' | 'json';

/** What became of one file. */
export type FmtStatus =
  /** Already formatted (`--check`, `--write`). */
  | 'formatted'
  /** Not formatted (`--check`). */
  | 'unformatted'
  /** Rewritten (`--write`). */
  | 'written'
  /** Formatted text in `text` (neither `--check` nor `--write`). */
  | 'printed'
  /** Not formatted because of the syntax errors in `diagnostics`. */
  | 'syntax-errors';

/** `fmt --format json`: the result in the shared envelope (cli/reply.ts). */
export interface FmtJson {
  readonly mode: Mode;
  readonly files: readonly {
    readonly uri: string;
    readonly status: FmtStatus;
    /** Printing: the formatted text, as `--write` would write it. */
    readonly text?: string;
    /** The diagnostics that kept the file from being formatted. */
    readonly diagnostics?: readonly LocatedDiagnostic[];
  }[];
}

/** Registers `fmt` on the CLI's program; `done` receives the exit status. */
export function registerFmt(program: Command, io: CliIo, done: (status: ExitCode) => void): void {
  program
    .command('fmt')
    .description('Format .rubric files (the Prettier plugin in rubric/prettier): --check lists unformatted files, --write rewrites them.')
    .argument('<paths...>', '.rubric files or folders holding them')
    .addOption(new Option('--check', 'list the files that are not formatted; exit 1 if any').conflicts('write'))
    .addOption(new Option('--write', 'rewrite the files that are not formatted').conflicts('check'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (paths: string[], options: { check?: boolean; write?: boolean; format: FmtFormat }) => {
      done(await runFmt(paths, options.check ? 'check' : options.write ? 'write' : 'print', io, options.format));
    });
}

async function gather(paths: readonly string[], io: CliIo, reply: Reply<FmtJson>): Promise<SourceOnDisk[] | undefined> {
  const all: SourceOnDisk[] = [];
  let failed = false;
  for (const path of paths) {
    const info = await stat(resolve(io.cwd, path)).catch(() => undefined);
    const { sources, errors } = await collectSources([path], io.cwd);
    // A folder with nothing to format is not a problem for the formatter.
    const real = info?.isDirectory() && sources.length === 0 ? [] : errors;
    for (const e of real) reply.error({ code: e.code, message: e.message });
    failed ||= real.length > 0;
    for (const s of sources) if (!all.some((a) => a.uri === s.uri)) all.push(s);
  }
  return failed ? undefined : all;
}

const BOM = '\uFEFF';

export async function runFmt(paths: readonly string[], mode: Mode, io: CliIo, format: FmtFormat = 'text'): Promise<ExitCode> {
  const reply = new Reply<FmtJson>(io, 'fmt', format === 'json');
  const text = !reply.json;
  const sources = await gather(paths, io, reply);
  if (!sources) return reply.finish(Exit.failed);
  // Prettier loads with the command that uses it: `rubric --help` and `rubric check` start without it.
  const [{ resolveConfig }, { formatRubric }] = await Promise.all([import('prettier'), import('../language/format/format.js')]);
  const files: FmtJson['files'][number][] = [];
  let unformatted = 0;
  let broken = 0;
  for (const source of sources) {
    const file = new SourceFile(source.uri, source.text);
    if (source.diagnostics.length > 0) {
      if (text) for (const d of source.diagnostics) io.out(`${renderText(d, file, io.color)}\n`);
      files.push({ uri: source.uri, status: 'syntax-errors', diagnostics: source.diagnostics.map((d) => locate(d, file)) });
      broken++;
      continue;
    }
    const absolute = resolve(io.cwd, source.uri);
    const { plugins: _plugins, ...config } = (await resolveConfig(absolute, { editorconfig: true })) ?? {};
    const formatted = await formatRubric(source.text, { ...config, filepath: absolute });
    if (!formatted.ok) {
      if (formatted.diagnostics.length === 0) reply.error({ code: CliCodes.unexpected, uri: source.uri, message: formatted.message });
      if (text) for (const d of formatted.diagnostics) io.out(`${renderText({ ...d, uri: source.uri }, file, io.color)}\n`);
      reply.note(`rubric: ${source.uri} has syntax errors; it was not formatted.\n`);
      files.push({ uri: source.uri, status: 'syntax-errors', diagnostics: formatted.diagnostics.map((d) => locate({ ...d, uri: source.uri }, file)) });
      broken++;
      continue;
    }
    const output = source.byteOrderMark ? BOM + formatted.text : formatted.text;
    if (mode === 'print') {
      if (text) io.out(output);
      files.push({ uri: source.uri, status: 'printed', text: output });
      continue;
    }
    if (formatted.text === source.text) {
      files.push({ uri: source.uri, status: 'formatted' });
      continue;
    }
    unformatted++;
    if (mode === 'write') await writeFile(absolute, output);
    if (text) io.out(`${source.uri}\n`);
    files.push({ uri: source.uri, status: mode === 'write' ? 'written' : 'unformatted' });
  }
  if (mode !== 'print') {
    const formattable = sources.length - broken;
    const count = (n: number) => `${n} ${n === 1 ? 'file' : 'files'}`;
    const what =
      mode === 'check'
        ? unformatted > 0
          ? `${count(unformatted)} of ${formattable} not formatted (rubric fmt --write to format them).`
          : `All ${count(formattable)} formatted.`
        : `Formatted ${count(unformatted)} of ${formattable}.`;
    reply.note(`${what}${broken > 0 ? ` ${count(broken)} not formatted because of syntax errors.` : ''}\n`);
  }
  const status = broken > 0 || (mode === 'check' && unformatted > 0) ? Exit.problems : Exit.ok;
  return reply.finish(status, { mode, files });
}
