/**
 * `rubric init [dir]`: a starting project that checks clean and passes `rubric test` —
 *
 *   rubric.json                          the project file: where the guidelines are (project.ts)
 *   guidelines/example.rubric            a guideline with a value set, facts, a threshold and three criteria
 *   guidelines/example.case.json         a case file it decides as medically necessary
 *   guidelines/example.cases.yaml        two conformance cases (each extends the case file)
 *
 * Nothing is overwritten: when any of these files exists, nothing is written (RUB2113, exit 2).
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { PROJECT_FILE } from './project.js';
import { CliCodes, Exit, Reply, type CliIo, type ExitCode } from './reply.js';

export const INIT_FILES: Readonly<Record<string, string>> = {
  [PROJECT_FILE]: '{\n  "guidelines": ["guidelines"]\n}\n',
  'guidelines/example.rubric': "# A starting guideline. Put the guideline's own words in quotes, one criterion per numbered rule, and cite where\n# each comes from. Then: npx rubric check guidelines/   and   npx rubric test guidelines/\n# The language reference is docs/LANGUAGE.md in the Rubric repository.\nguideline example_facet_injection\n  title \"Example: cervical facet joint injection\"\n  version \"1\"\n  service \"Facet joint injection, cervical\" cpt 64490 region cervical\n  recommendation recommended\n    cite example_source\n  missing documentation counts as not met\n\nsources\n  source example_source \"The guideline you encode, with its chapter and page\"\n\nvalueset radiculopathy \"radiculopathy\"\n  icd10 M50.1*, M54.1*\n\nfacts\n  fact diagnoses \"diagnoses\" codes icd10 from diagnoses\n  fact requested_levels \"levels requested\" count levels of request.levels\n  fact rehabilitation_plan \"formal plan of rehabilitation\" documented from documentation.formal_rehabilitation_plan\n\nthresholds\n  threshold levels_at_once \"levels that may be blocked at one time\" 2 levels\n\ncriteria\n  criterion no_radicular_pain \"1. There should be no evidence of radicular pain.\"\n    exclude radiculopathy\n    cite example_source\n    reason \"The injured worker has been diagnosed with {matched}, which is an exclusion criterion for this procedure.\"\n\n  criterion two_levels \"2. No more than 2 levels may be blocked at any one time.\"\n    max_levels levels_at_once\n    cite example_source\n    reason \"The request is for {requested_levels} levels; no more than {levels_at_once} may be blocked at any one time.\"\n    if not stated met\n      \"The levels are not stated in the request; no more than {levels_at_once} may be blocked at any one time.\"\n\n  criterion rehabilitation \"3. There should be a formal plan of rehabilitation.\"\n    require rehabilitation_plan\n    cite example_source\n    reason \"There is no evidence of a formal plan of rehabilitation in the documentation.\"\n",
  'guidelines/example.case.json': "{\n  \"request\": { \"service\": \"Facet joint injection, cervical\", \"levels\": [\"C4-C5\", \"C5-C6\"] },\n  \"diagnoses\": [{ \"code\": \"M54.2\", \"text\": \"cervicalgia\" }],\n  \"documentation\": { \"formal_rehabilitation_plan\": \"present\" }\n}\n",
  'guidelines/example.cases.yaml': "# Conformance cases: each says what the guideline must decide for a case. Run them with npx rubric test guidelines/\nguideline: example_facet_injection\ncases:\n  - note: Two levels, no radiculopathy, a rehabilitation plan.\n    extends: example.case.json\n    want:\n      outcome: medically_necessary\n      criteria: { no_radicular_pain: met, two_levels: met, rehabilitation: met }\n\n  - note: Three levels and no rehabilitation plan.\n    extends: example.case.json\n    case:\n      request: { levels: [C3-C4, C4-C5, C5-C6] }\n      documentation: { formal_rehabilitation_plan: absent }\n    want:\n      outcome: not_medically_necessary\n      reasons:\n        - The request is for 3 levels; no more than 2 levels may be blocked at any one time.\n        - There is no evidence of a formal plan of rehabilitation in the documentation.\n",
};

export async function runInit(dir: string, io: CliIo): Promise<ExitCode> {
  const reply = new Reply<never>(io, 'init', false);
  const root = resolve(io.cwd, dir);
  const existing: string[] = [];
  for (const path of Object.keys(INIT_FILES)) {
    if (await stat(join(root, path)).then(() => true, () => false)) existing.push(path);
  }
  if (existing.length > 0) {
    reply.error({ code: CliCodes.initWouldOverwrite, message: `${dir} already has ${existing.join(', ')}; nothing was written.` });
    return Exit.failed;
  }
  for (const [path, text] of Object.entries(INIT_FILES)) {
    const target = join(root, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
  }
  const where = relative(io.cwd, root) || '.';
  io.out(
    `Wrote ${Object.keys(INIT_FILES).map((p) => join(where, p)).join(', ')}.\n` +
      `Next:${where === '.' ? '' : ` cd ${where} &&`} npx rubric check guidelines/ && npx rubric test guidelines/\n`,
  );
  return Exit.ok;
}
