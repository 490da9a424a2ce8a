/**
 * One case file for every guideline: each path a shipped guideline reads is documented in case-file.schema.json,
 * and every example case shipped beside the guidelines is a valid case file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../compiler/index.js';
import { checkDocuments, SourceFile } from '../language/index.js';
import type { GuidelineData } from './contract.js';
import { validateCaseFile } from './validate-case.js';

const root = join(import.meta.dirname, '..');
const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'case-file.schema.json'), 'utf8')) as Schema;

interface Schema {
  readonly $ref?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly items?: Schema;
  readonly definitions?: Readonly<Record<string, Schema>>;
}

const deref = (node: Schema | undefined): Schema | undefined =>
  node?.$ref === undefined ? node : schema.definitions?.[node.$ref.split('/').pop() ?? ''];

/** Whether the general case file documents a requirement path such as `prior_treatments[].response.sustained_relief_weeks`. */
function documented(path: string): boolean {
  let node: Schema | undefined = schema;
  for (const segment of path.split('.')) {
    const list = segment.endsWith('[]');
    const key = list ? segment.slice(0, -2) : segment;
    const properties: Readonly<Record<string, Schema>> = deref(node)?.properties ?? {};
    if (!Object.hasOwn(properties, key)) return false;
    node = deref(properties[key]);
    if (list) node = deref(node?.items);
  }
  return true;
}

function files(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

let requirements: { guideline: string; path: string }[] = [];

beforeAll(async () => {
  const sources = files(join(root, 'guidelines'), '.rubric').map((f) => ({ path: relative(root, f), text: readFileSync(f, 'utf8') }));
  const checked = checkDocuments(sources.map((s) => new SourceFile(s.path, s.text)));
  expect(checked.diagnostics).toEqual([]);
  const compiled = await compile(checked.model, sources);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  requirements = requirementsOf(compiled.files.get('guidelines.json'));
});

/** The data requirements of every guideline in the bundle the compiler wrote (its guidelines.json). */
function requirementsOf(data: Uint8Array | undefined): { guideline: string; path: string }[] {
  const all = JSON.parse(new TextDecoder().decode(data)) as Record<string, GuidelineData>;
  return Object.entries(all).flatMap(([id, g]) => g.requirements.map((r) => ({ guideline: id, path: r.path })));
}

describe('the general case file', () => {
  it('documents every path a shipped guideline reads', () => {
    expect(requirements.length).toBeGreaterThan(50);
    expect(requirements.filter((r) => !documented(r.path))).toEqual([]);
  });

  it.each(
    [join(root, 'examples/seed/case.json'), ...files(join(root, 'guidelines'), '.case.json')].map((f) => relative(root, f)),
  )('accepts the example case %s', (file) => {
    const result = validateCaseFile(JSON.parse(readFileSync(join(root, file), 'utf8')));
    expect(result.ok ? [] : result.error).toEqual([]);
  });
});

describe('the case-file fields for issue 7', () => {
  const base = {
    patient: { date_of_injury: '2016-08-01' },
    request: {
      service: 'Physical therapy, neck and low back, 12 visits (6 certified)',
      body_region: 'cervical',
      body_regions: ['cervical', 'lumbar'],
      levels: ['L4-L5'],
      nerve_roots: ['L4', 'L5', 'C8', 'S1'],
      visits: 6,
      certified: { visits: 6, sessions: null, quantity: 30, levels: ['L4-L5'] },
    },
    postoperative: { procedure: 'L4-L5 laminectomy and fusion', date: '2016-11-14', extent: 'more_extensive' },
    conservative_care: { start_date: '2016-08-08', end_date: null },
    documentation: { severe_acute_injury: 'absent', conservative_care: 'present' },
  };

  it('accepts several body regions, nerve roots, a partial certification, the surgery and the span of conservative care', () => {
    const result = validateCaseFile(base);
    expect(result.ok ? [] : result.error).toEqual([]);
  });

  it('names each malformed new field', () => {
    const result = validateCaseFile({
      request: { body_regions: 'cervical', nerve_roots: ['L4-L5', 'C9'], certified: { visits: -1, levels: ['L4'] } },
      postoperative: { date: '2016-02-30', extent: 'major' },
      conservative_care: { start_date: '08/08/2016' },
      documentation: { severe_acute_injury: 'yes' },
    });
    expect(result.ok ? [] : result.error.map((e) => e.path)).toEqual([
      '/request/body_regions',
      '/request/nerve_roots/0',
      '/request/nerve_roots/1',
      '/request/certified/visits',
      '/request/certified/levels/0',
      '/postoperative/date',
      '/postoperative/extent',
      '/conservative_care/start_date',
      '/documentation/severe_acute_injury',
    ]);
  });
});
