/**
 * `rubric check --format sarif`: the diagnostics as a SARIF 2.1.0 log (the format code-scanning services read).
 * One run; the tool's rules are the diagnostic codes (language/codes.ts), each with its default level and a sample
 * of its message; each result points at the rule by id and index, with a 1-based region. Errors that stopped the
 * check (a missing folder) are tool execution notifications, and `executionSuccessful` is false.
 */
import { allCodes, type Severity } from '../../language/index.js';
import type { LocatedDiagnostic } from '../report.js';
import type { CliError } from './reply.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type Level = 'error' | 'warning' | 'note';
const level = (severity: Severity): Level => (severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note');

/** A code's message with its blanks shown as ‹…›, for the rule's description; the code alone if it cannot be shown. */
function sample(message: (...args: never[]) => string, code: string): string {
  try {
    const text = (message as (...args: unknown[]) => string)('‹…›', '‹…›', '‹…›', '‹…›');
    return typeof text === 'string' && text !== '' ? text : code;
  } catch {
    return code;
  }
}

export function sarifLog(diagnostics: readonly LocatedDiagnostic[], errors: readonly CliError[], version: string): unknown {
  const rules = [...allCodes].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const index = new Map(rules.map((r, i) => [r.code, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'rubric',
            version,
            rules: rules.map((r) => ({
              id: r.code,
              shortDescription: { text: sample(r.message, r.code) },
              defaultConfiguration: { level: level(r.severity) },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: errors.length === 0,
            toolExecutionNotifications: errors.map((e) => ({
              level: 'error',
              message: { text: e.message },
              descriptor: { id: e.code },
              ...(e.uri !== undefined ? { locations: [{ physicalLocation: { artifactLocation: { uri: e.uri } } }] } : {}),
            })),
          },
        ],
        results: diagnostics.map((d) => ({
          ruleId: d.code,
          ...(index.has(d.code) ? { ruleIndex: index.get(d.code) } : {}),
          level: level(d.severity),
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: d.uri, uriBaseId: '%SRCROOT%' },
                region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
}
