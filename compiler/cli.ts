/**
 * The `rubric` command: the options of each command, and where its body is (compiler/cli/*.ts):
 *
 *   rubric check <paths…> [--format text|json|sarif] [--strict] [--watch]                      cli/check.ts
 *   rubric compile <paths…> --out <folder> [--format text|json] [--sign <key> --release <n>]    cli/compile.ts
 *   rubric eval [-g <id>] -c <case> [--guidelines <paths…>] [--bundle <folder>] [-o <folder>]
 *               [--trusted-key <pem…> [--minimum-release <n>]] [--format text|markdown|json]     cli/eval.ts
 *   rubric test <paths…> [--guidelines <paths…>] [--format text|json] [--reporter text|json|junit] [--watch]   cli/test.ts
 *   rubric init [dir]                                                                           cli/init.ts
 *   rubric keygen --out <folder>                                                                cli/keygen.ts
 *   rubric --version
 *
 * Every command answers `--format json` with one JSON value of the same shape (cli/reply.ts):
 * `{ formatVersion: 1, command, exitCode, result, errors }`. Exit codes, for every command: 0 done, 1 the guidelines,
 * cases or case have problems, 2 the command could not run (README "Exit codes"; eval's outcomes in cli/eval.ts).
 *
 * `eval` writes the determination alone to standard output; the check, the build and the verification report on
 * standard error. A closed pipe (`rubric test … | head -1`) ends the command quietly (bin/rubric.js).
 * Each command's module loads when the command runs, so `rubric --help` and `--version` load none of them.
 */
import { resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CliCodes, cliJson, Exit, type CliIo, type CommandName, type ExitCode } from './cli/reply.js';
import { registerFmt } from './fmt.js';
import { PACKAGE_VERSION } from './version.js';

export type { CliIo } from './cli/reply.js';

const processIo = (): CliIo => ({
  cwd: process.cwd(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  color: process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined,
});

/** `--watch`: run the command again on every change, until the process is stopped or `signal` aborts. */
async function maybeWatch(watch: boolean | undefined, paths: readonly string[], io: CliIo, run: () => Promise<ExitCode>, signal?: AbortSignal): Promise<ExitCode> {
  if (watch !== true) return run();
  const { watchAndRun } = await import('./cli/watch.js');
  return watchAndRun(paths, io, run, signal);
}

/** commander's parser for a whole-number option value. */
function wholeNumber(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`a whole number (0, 1, 2, …) is needed, not "${text}".`);
  return n;
}

export async function main(argv: readonly string[], io: CliIo = processIo(), signal?: AbortSignal): Promise<number> {
  let status: ExitCode = Exit.ok;
  const program = new Command('rubric')
    .description('Check, compile, test and evaluate clinical guideline criteria written in Rubric.')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .version(PACKAGE_VERSION, '-V, --version', 'print the rubric version')
    .showHelpAfterError();

  const format = (...choices: string[]) => new Option('--format <format>', 'output format').choices(choices).default('text');

  program
    .command('check')
    .description('Check guideline files and report every problem with its line, column and code.')
    .argument('<paths...>', '.rubric files or folders holding them (libraries they use are found: rubric.json or the folders above)')
    .addOption(format('text', 'json', 'sarif'))
    .option('--strict', 'warnings fail the check too (exit 1)')
    .option('--watch', 'check again whenever a file changes')
    .action(async (paths: string[], options: { format: 'text' | 'json' | 'sarif'; strict?: boolean; watch?: boolean }) => {
      const { runCheck } = await import('./cli/check.js');
      status = await maybeWatch(options.watch, paths, io, () => runCheck(paths, { format: options.format, strict: options.strict === true }, io), signal);
    });

  program
    .command('compile')
    .description('Check, then compile guidelines to a verified bundle (manifest.json, guidelines.json, guidelines/, schemas/).')
    .argument('<paths...>', '.rubric files or folders holding them')
    .requiredOption('-o, --out <folder>', 'output folder')
    .addOption(format('text', 'json'))
    .option('--sign <private key>', 'sign the bundle with this ed25519 private key (PEM; make one with `rubric keygen`)')
    .option('--release <n>', 'the release number to sign (whole number, higher for every release); needed with --sign', wholeNumber)
    .action(async (paths: string[], options: { out: string; format: 'text' | 'json'; sign?: string; release?: number }, command: Command) => {
      if ((options.sign === undefined) !== (options.release === undefined)) {
        command.error('error: --sign and --release go together: a signed bundle carries the release number a service checks against rollback.');
      }
      const { runCompile } = await import('./cli/compile.js');
      const signing = options.sign !== undefined && options.release !== undefined ? { keyFile: options.sign, release: options.release } : undefined;
      status = await runCompile(paths, resolve(io.cwd, options.out), options.format, io, signing);
    });

  program
    .command('keygen')
    .description('Write an ed25519 key pair for signing bundles: the private key for `compile --sign`, the public key for services (`eval --trusted-key`, loadBundle\'s trustedKeys).')
    .requiredOption('-o, --out <folder>', 'folder for rubric-signing.key (private, mode 600) and rubric-signing.pub')
    .action(async (options: { out: string }) => {
      const { runKeygen } = await import('./cli/keygen.js');
      status = await runKeygen(resolve(io.cwd, options.out), io);
    });

  program
    .command('eval')
    .description(
      'Evaluate a case and print the determination with its reasons and citations: against one guideline (--guideline), or, without it, each requested item against the guideline that applies to it.',
    )
    .option('-g, --guideline <id>', 'guideline id, e.g. cervical_facet_therapeutic_injection (default: choose per requested item)')
    .requiredOption('-c, --case <file>', 'case file (JSON)')
    .option('--guidelines <paths...>', 'guideline files or folders to check and compile first (default: rubric.json\'s, else guidelines/)')
    .option('--bundle <folder>', 'evaluate with an already compiled bundle instead of compiling')
    .option('-o, --out <folder>', 'also write the compiled bundle to this folder')
    .option('--trusted-key <public keys...>', 'with --bundle: load it only if signed by one of these ed25519 public keys (PEM files)')
    .option('--minimum-release <n>', 'with --trusted-key: refuse a bundle signed with a lower release (rollback)', wholeNumber)
    .addOption(format('text', 'markdown', 'json'))
    .action(async (options: import('./cli/eval.js').EvalOptions) => {
      const { runEval } = await import('./cli/eval.js');
      status = await runEval(options, io);
    });

  program
    .command('test')
    .description('Run the conformance cases (*.cases.yaml) beside guidelines; print each failing case and "N passed, N failed".')
    .argument('<paths...>', '*.cases.yaml files or folders holding them (and the .rubric files)')
    .option('--guidelines <paths...>', 'guideline files or folders to check and compile (default: the folders and .rubric files given, else rubric.json\'s, else guidelines/)')
    .addOption(format('text', 'json'))
    .addOption(new Option('--reporter <reporter>', 'report format (junit: JUnit XML for CI dashboards; default: --format)').choices(['text', 'json', 'junit']))
    .option('--watch', 'run again whenever a guideline or cases file changes')
    .action(async (paths: string[], options: { guidelines?: string[]; format: 'text' | 'json'; reporter?: 'text' | 'json' | 'junit'; watch?: boolean }) => {
      const { runTest } = await import('./cli/test.js');
      const run = () => runTest(paths, { ...(options.guidelines ? { guidelines: options.guidelines } : {}), reporter: options.reporter ?? options.format }, io);
      status = await maybeWatch(options.watch, [...paths, ...(options.guidelines ?? [])], io, run, signal);
    });

  program
    .command('init')
    .description('Start a project: rubric.json, a guideline, a case file and its conformance cases, which check clean and pass.')
    .argument('[dir]', 'the project folder (created if needed)', '.')
    .action(async (dir: string) => {
      const { runInit } = await import('./cli/init.js');
      status = await runInit(dir, io);
    });

  registerFmt(program, io, (fmtStatus) => (status = fmtStatus));

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return Exit.ok;
      // Bad arguments under --format json: the answer is JSON too (commander has printed its text to standard error).
      const command = jsonCommand(argv);
      if (command) io.out(`${JSON.stringify(cliJson(command, Exit.failed, null, [{ code: CliCodes.usage, message: error.message.replace(/^error: /, '') }]), null, 2)}\n`);
      return Exit.failed;
    }
    // A failure no command foresaw (a folder that cannot be written, …): still one line, or JSON under --format json.
    const message = error instanceof Error ? error.message : String(error);
    const command = jsonCommand(argv);
    if (command) io.out(`${JSON.stringify(cliJson(command, Exit.failed, null, [{ code: CliCodes.unexpected, message }]), null, 2)}\n`);
    else io.err(`rubric: ${message}\n`);
    return Exit.failed;
  }
}

/** The command of an argument list that asks for JSON (`--format json`, `--format=json`, `--reporter json`). */
function jsonCommand(argv: readonly string[]): CommandName | undefined {
  const command = argv.find((a) => !a.startsWith('-'));
  const commands: readonly string[] = ['check', 'compile', 'eval', 'test', 'init', 'fmt'];
  if (command === undefined || !commands.includes(command)) return undefined;
  const json = argv.some((a, i) => a === '--format=json' || a === '--reporter=json' || ((a === '--format' || a === '--reporter') && argv[i + 1] === 'json'));
  return json ? (command as CommandName) : undefined;
}
