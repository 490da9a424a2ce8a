/**
 * How a command answers: its exit status, its errors (coded values, RUB21xx) and, in JSON mode, one JSON value on
 * standard output in the shape every command shares (`CliJson`):
 *
 *   { "formatVersion": 1, "command": "check", "exitCode": 1, "result": { … }, "errors": [{ "code": "RUB2101", … }] }
 *
 * `result` is the command's payload (null when it could not run); `errors` are the reasons it could not run or did
 * not finish (guideline diagnostics are part of `result`, not errors). In text mode each error is one
 * `rubric: <message>` line on standard error. Bump `CLI_JSON_FORMAT_VERSION` when a field changes meaning or goes.
 */

export interface CliIo {
  readonly cwd: string;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly color: boolean;
}

/** Exit statuses, the same for every command (README "Exit codes"). */
export const Exit = {
  /** Done: no errors (warnings allowed, except under `check --strict`); every eval outcome about the case. */
  ok: 0,
  /** The guidelines, the cases or the case have problems: check errors, failing cases, an invalid case. */
  problems: 1,
  /** The command could not run: bad arguments, missing or unreadable files, a refused bundle, a compiler failure. */
  failed: 2,
} as const;
export type ExitCode = (typeof Exit)[keyof typeof Exit];

export const CLI_JSON_FORMAT_VERSION = 1;

export type CommandName = 'check' | 'compile' | 'eval' | 'test' | 'init' | 'keygen' | 'fmt';

/** Why a command could not run, as a value with a stable code. */
export const CliCodes = {
  noSuchPath: 'RUB2101',
  noRubricFiles: 'RUB2102',
  unreadable: 'RUB2103',
  noCasesFiles: 'RUB2104',
  noCaseFile: 'RUB2105',
  caseNotJson: 'RUB2106',
  unknownGuideline: 'RUB2107',
  guidelinesHaveErrors: 'RUB2108',
  bundleRefused: 'RUB2109',
  evaluationFailed: 'RUB2110',
  usage: 'RUB2111',
  noGuidelines: 'RUB2112',
  initWouldOverwrite: 'RUB2113',
  badProjectFile: 'RUB2114',
  unwritable: 'RUB2115',
  /** The case path is not a regular file (a folder, a pipe, a device) or is too large to be a case. */
  caseNotAFile: 'RUB2150',
  /** The signing key or a trusted key cannot be read or used. */
  badKey: 'RUB2151',
  /** `keygen` would overwrite an existing key. */
  keygenWouldOverwrite: 'RUB2152',
  unexpected: 'RUB2199',
} as const;
export type CliCode = (typeof CliCodes)[keyof typeof CliCodes];

export interface CliError {
  /** RUB21xx for the command's own errors; RUB20xx when a compiler stage failed (compiler/stages.ts). */
  readonly code: string;
  readonly message: string;
  /** Where, when the error concerns a place in a file (1-based line and column). */
  readonly uri?: string;
  readonly line?: number;
  readonly column?: number;
}

export interface CliJson<R> {
  readonly formatVersion: typeof CLI_JSON_FORMAT_VERSION;
  readonly command: CommandName;
  readonly exitCode: ExitCode;
  readonly result: R | null;
  readonly errors: readonly CliError[];
}

/** Collects a command's errors and writes its answer in the mode asked for. */
export class Reply<R> {
  private readonly errors: CliError[] = [];

  constructor(
    private readonly io: CliIo,
    readonly command: CommandName,
    readonly json: boolean,
  ) {}

  /** An error: printed at once in text mode (`rubric: …` on standard error), kept for the JSON answer otherwise. */
  error(error: CliError): void {
    this.errors.push(error);
    if (!this.json) {
      const at = error.uri === undefined ? '' : `${error.uri}${error.line === undefined ? '' : `:${error.line}:${error.column ?? 1}`}: `;
      this.io.err(`rubric: ${at}${error.message}\n`);
    }
  }

  /** Progress and notes: standard error in every mode, so standard output is the answer alone. */
  note(text: string): void {
    this.io.err(text);
  }

  get hasErrors(): boolean {
    return this.errors.length > 0;
  }

  /** The errors so far (for answers in another format, SARIF). */
  errorList(): readonly CliError[] {
    return this.errors;
  }

  /** Ends the command: in JSON mode writes the one JSON value. Returns the exit status. */
  finish(exitCode: ExitCode, result: R | null = null): ExitCode {
    if (this.json) this.io.out(`${JSON.stringify(cliJson(this.command, exitCode, result, this.errors), null, 2)}\n`);
    return exitCode;
  }
}

export function cliJson<R>(command: CommandName, exitCode: ExitCode, result: R | null, errors: readonly CliError[]): CliJson<R> {
  return { formatVersion: CLI_JSON_FORMAT_VERSION, command, exitCode, result, errors };
}
