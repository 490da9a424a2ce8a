/** `rubric check --format sarif` (SARIF 2.1.0) and `rubric test --reporter junit` (JUnit XML). */
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCodes } from '../../language/index.js';
import { main, type CliIo } from '../cli.js';
import { xmlEscape } from './junit.js';

const root = join(import.meta.dirname, '..', '..');
const seedRubric = 'guidelines/odg/neck-and-upper-back/cervical-facet-therapeutic-injection.rubric';
const seedCases = 'guidelines/odg/neck-and-upper-back/cervical-facet-therapeutic-injection.cases.yaml';

async function run(argv: string[], cwd = root): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { cwd, out: (t) => (out += t), err: (t) => (err += t), color: false };
  return { status: await main(argv, io), out, err };
}

async function copyWith(file: string, edit: (text: string) => string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rubric-formats-'));
  await cp(join(root, 'guidelines'), join(dir, 'guidelines'), { recursive: true });
  await cp(join(root, 'examples'), join(dir, 'examples'), { recursive: true });
  await writeFile(join(dir, file), edit(await readFile(join(dir, file), 'utf8')));
  return dir;
}

interface Sarif {
  version: string;
  $schema: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; defaultConfiguration: { level: string }; shortDescription: { text: string } }[] } };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { descriptor: { id: string } }[] }[];
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[];
  }[];
}

describe('rubric check --format sarif', () => {
  it('writes a SARIF 2.1.0 log: the diagnostic codes as rules, each problem as a located result', async () => {
    const dir = await copyWith(seedRubric, (t) => t.replace('exclude radiculopathy,', 'exclude radiculapathy,'));
    const result = await run(['check', 'guidelines', '--format', 'sarif'], dir);
    expect(result.status).toBe(1);
    const log = JSON.parse(result.out) as Sarif;
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    const [run0] = log.runs;
    const rules = run0!.tool.driver.rules;
    expect(run0!.tool.driver.name).toBe('rubric');
    expect(rules.map((r) => r.id)).toEqual(allCodes.map((c) => c.code).sort());
    expect(rules.find((r) => r.id === 'RUB1302')?.defaultConfiguration.level).toBe('warning');
    expect(run0!.invocations[0]!.executionSuccessful).toBe(true);
    expect(run0!.results).toHaveLength(1);
    const [finding] = run0!.results;
    expect(finding).toMatchObject({ ruleId: 'RUB1207', level: 'error', message: { text: "'radiculapathy' is not a condition this guideline defines. Did you mean 'radiculopathy'?" } });
    expect(rules[finding!.ruleIndex]!.id).toBe('RUB1207');
    expect(finding!.locations[0]!.physicalLocation).toMatchObject({ artifactLocation: { uri: seedRubric }, region: { startColumn: 13 } });
  });

  it('a check that could not run is a failed invocation with the error as a notification', async () => {
    const result = await run(['check', 'no-such-folder', '--format', 'sarif']);
    expect(result.status).toBe(2);
    const log = JSON.parse(result.out) as Sarif;
    expect(log.runs[0]!.invocations[0]).toMatchObject({ executionSuccessful: false, toolExecutionNotifications: [{ descriptor: { id: 'RUB2101' } }] });
    expect(log.runs[0]!.results).toEqual([]);
  });
});

describe('rubric test --reporter junit', () => {
  it('writes JUnit XML: a suite per cases file, a testcase per case, failures with what differed', async () => {
    const dir = await copyWith(
      seedCases,
      () => `guideline: cervical_facet_therapeutic_injection
cases:
  - note: The seed case as it is.
    extends: ../../../examples/seed/case.json
    want: { outcome: not_medically_necessary }
  - note: The seed case, wrongly expected to be "medically necessary" & <fine>.
    extends: ../../../examples/seed/case.json
    want: { outcome: medically_necessary }
  - note: Waits.
    case: {}
    want: { outcome: medically_necessary }
    skip: not yet
`,
    );
    const result = await run(['test', seedCases, '--reporter', 'junit'], dir);
    expect(result.status).toBe(1);
    expect(result.out).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        `<testsuites name="rubric test" tests="3" failures="1" errors="0" skipped="1">\n` +
        `  <testsuite name="${seedCases}" tests="3" failures="1" errors="0" skipped="1">\n` +
        `    <testcase name="The seed case as it is." classname="cervical_facet_therapeutic_injection" file="${seedCases}" line="3"/>\n` +
        `    <testcase name="The seed case, wrongly expected to be &quot;medically necessary&quot; &amp; &lt;fine&gt;." classname="cervical_facet_therapeutic_injection" file="${seedCases}" line="6">\n` +
        `      <failure message="outcome: expected medically_necessary, got not_medically_necessary" type="conformance">${seedCases}:6\noutcome: expected medically_necessary, got not_medically_necessary</failure>\n` +
        '    </testcase>\n' +
        `    <testcase name="Waits." classname="cervical_facet_therapeutic_injection" file="${seedCases}" line="9">\n` +
        '      <skipped message="not yet"/>\n' +
        '    </testcase>\n' +
        '  </testsuite>\n' +
        '</testsuites>\n',
    );
  });

  it('a cases file with errors: an <error> per problem, and its cases as failures', async () => {
    const dir = await copyWith(seedCases, () => 'guideline: cervical_facet_therapeutic_injection\ncases:\n  - note: Broken.\n    want: { outcome: nonsense }\n');
    const result = await run(['test', seedCases, '--reporter', 'junit'], dir);
    expect(result.status).toBe(1);
    expect(result.out).toContain('<testsuites name="rubric test" tests="2" failures="1" errors="1" skipped="0">');
    expect(result.out).toMatch(/<error message="case 1&apos;s `want.outcome` is &quot;nonsense&quot;[^"]*" type="cases file">/);
    expect(result.out).toContain('<failure message="not run: the cases file has errors" type="conformance">');
  });

  it('escapes what XML must not hold raw and drops what it cannot hold', () => {
    expect(xmlEscape(`a & b < c > d " e ' f \u0001 g`)).toBe('a &amp; b &lt; c &gt; d &quot; e &apos; f  g');
  });
});
