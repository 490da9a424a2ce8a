/**
 * `rubric test --reporter junit`: the conformance report as JUnit XML, the format CI dashboards read. One
 * `<testsuite>` per cases file (its guideline as each case's `classname`), one `<testcase>` per case with its note as
 * the name and its line; a failing case has a `<failure>` listing what differed, a skipped one `<skipped>`; each
 * error in a cases file is a `<testcase>` with an `<error>` at its line. Text is escaped for XML (characters XML
 * cannot hold are dropped).
 */
import type { CaseResult, ConformanceReport } from '../conformance.js';
import { describeDifference } from '../conformance.js';

/** XML text or attribute value: `& < > " '` escaped, characters XML 1.0 does not allow removed. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attrs = (values: Record<string, string | number>): string =>
  Object.entries(values)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');

function testcase(r: CaseResult): string {
  const head = `    <testcase${attrs({ name: r.note, classname: r.guideline || r.uri, file: r.uri, line: r.line })}`;
  if (r.status === 'passed') return `${head}/>`;
  if (r.status === 'skipped') return `${head}>\n      <skipped${attrs({ message: r.skip ?? '' })}/>\n    </testcase>`;
  const what = r.differences.map(describeDifference);
  return `${head}>\n      <failure${attrs({ message: what.join('; '), type: 'conformance' })}>${xmlEscape(`${r.uri}:${r.line}\n${what.join('\n')}`)}</failure>\n    </testcase>`;
}

export function junitXml(report: ConformanceReport): string {
  const uris = [...new Set([...report.results.map((r) => r.uri), ...report.problems.map((p) => p.uri)])].sort();
  const suites = uris.map((uri) => {
    const results = report.results.filter((r) => r.uri === uri);
    const problems = report.problems.filter((p) => p.uri === uri);
    const cases = [
      ...problems.map(
        (p) =>
          `    <testcase${attrs({ name: `${uri}:${p.line}:${p.column}`, classname: 'cases file', file: uri, line: p.line })}>\n` +
          `      <error${attrs({ message: p.message, type: 'cases file' })}>${xmlEscape(`${uri}:${p.line}:${p.column}: ${p.message}`)}</error>\n    </testcase>`,
      ),
      ...results.map(testcase),
    ];
    const counts = {
      tests: results.length + problems.length,
      failures: results.filter((r) => r.status === 'failed').length,
      errors: problems.length,
      skipped: results.filter((r) => r.status === 'skipped').length,
    };
    return `  <testsuite${attrs({ name: uri, ...counts })}>\n${cases.join('\n')}${cases.length > 0 ? '\n' : ''}  </testsuite>`;
  });
  const total = {
    tests: report.results.length + report.problems.length,
    failures: report.failed,
    errors: report.problems.length,
    skipped: report.skipped,
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attrs({ name: 'rubric test', ...total })}>\n${suites.join('\n')}${suites.length > 0 ? '\n' : ''}</testsuites>\n`;
}
