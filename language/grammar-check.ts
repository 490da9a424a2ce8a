/**
 * Whether the lexer and parser validate their own definitions when constructed: only when the
 * RUBRIC_GRAMMAR_CHECK=1 environment variable is set (tests construct validated copies themselves).
 * Read through `globalThis` so the language runs where there is no `process` (a browser, a VS Code web worker).
 */
export const grammarCheck: boolean =
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.['RUBRIC_GRAMMAR_CHECK'] === '1';
