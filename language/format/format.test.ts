/**
 * The formatter, through Prettier itself. For every fixture (testdata/format/<case>/input.rubric → output.rubric,
 * with the case's .prettierrc.json options if it has one) and every shipped guideline:
 *   - the output equals the golden (for a shipped guideline: the file itself, which is kept formatted);
 *   - formatting the output again changes nothing;
 *   - the output has the same tokens and checks to the same syntax tree, model, diagnostics and compiled module
 *     (spans aside) as the input, checked with the value-set libraries it may use;
 *   - the multiset of comment texts is unchanged.
 * `RUBRIC_UPDATE_FIXTURES=1` rewrites the goldens (read the diff).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatRubric } from './format.js';
import { formatRange } from './range.js';
import { commentTexts, fmt, meaning, tokenImages } from './testdata/properties.js';

const here = import.meta.dirname;
const root = join(here, '..', '..');
const fixtures = join(here, '..', 'testdata', 'format');
const update = process.env['RUBRIC_UPDATE_FIXTURES'] === '1';

const rubricFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.rubric'))
    .map((e) => join(e.parentPath, e.name))
    .sort();

const libraries = new Map(rubricFiles(join(root, 'guidelines', 'valuesets')).map((f) => [relative(root, f), readFileSync(f, 'utf8')]));

describe.each(readdirSync(fixtures).sort())('fixture %s', (name) => {
  const dir = join(fixtures, name);
  const input = readFileSync(join(dir, 'input.rubric'), 'utf8');
  const rc = join(dir, '.prettierrc.json');
  const options = existsSync(rc) ? (JSON.parse(readFileSync(rc, 'utf8')) as Record<string, unknown>) : {};

  it('formats to the golden output, and the output again to itself', async () => {
    const output = await fmt(input, options);
    if (update) writeFileSync(join(dir, 'output.rubric'), output);
    expect(output).toBe(readFileSync(join(dir, 'output.rubric'), 'utf8'));
    expect(await fmt(output, options)).toBe(output);
  });

  it('keeps every token, every comment and the meaning', async () => {
    const output = await fmt(input, options);
    expect(tokenImages(output)).toBe(tokenImages(input));
    expect(commentTexts(output)).toEqual(commentTexts(input));
    const uri = `fixtures/${name}.rubric`;
    expect(meaning(new Map([...libraries, [uri, output]]))).toEqual(meaning(new Map([...libraries, [uri, input]])));
  });
});

describe('the shipped guidelines', () => {
  const files = [...rubricFiles(join(root, 'guidelines')), ...rubricFiles(join(root, 'examples'))];
  const originals = new Map(files.map((f) => [relative(root, f), readFileSync(f, 'utf8')]));

  it.each([...originals.keys()])('%s is formatted, stable, and keeps its tokens and comments', async (path) => {
    const text = originals.get(path) as string;
    const output = await fmt(text, { filepath: path });
    expect(output).toBe(text);
    expect(await fmt(output, { filepath: path })).toBe(output);
    expect(tokenImages(output)).toBe(tokenImages(text));
    expect(commentTexts(output)).toEqual(commentTexts(text));
  });

  it('check to the same model and compile to the same module once formatted', async () => {
    const formatted = new Map<string, string>();
    for (const [path, text] of originals) formatted.set(path, await fmt(text, { filepath: path }));
    const before = meaning(originals);
    expect(before.module).not.toBe('');
    expect(meaning(formatted)).toEqual(before);
  });
});

describe('a source with syntax errors', () => {
  it('is not formatted: the diagnostics come back instead', async () => {
    const result = await formatRubric('guideline g\n  title "T"\n  blah blah\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => d.code)).toEqual(['RUB1006']);
    expect(result.message).toContain('It is not formatted.');
  });

  it('an unterminated text is refused too', async () => {
    const result = await formatRubric('guideline g\n  title "T\n');
    expect(result.ok).toBe(false);
  });
});

describe('line endings and byte order mark', () => {
  it('CRLF input comes out with LF (Prettier\'s endOfLine), the same layout', async () => {
    const lf = 'guideline g\n  title "T" # t\n\n\ncriteria\n  criterion c\n    judgement "Q?"\n    cite s\n';
    expect(await fmt(lf.replace(/\n/g, '\r\n'))).toBe(await fmt(lf));
  });
});

describe('range formatting', () => {
  const text = 'guideline g\n  title   "T"\n\ncriteria\n  criterion a\n      judgement    "Q?"\n   cite  s\n  criterion b\n        judgement   "R?"\n';

  it('formats only the statements the range touches', async () => {
    const start = text.indexOf('judgement    "Q?"');
    const result = await formatRange(text, { start, end: start + 5 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.text).toBe(text.replace('      judgement    "Q?"', '    judgement "Q?"'));
  });

  it('a range over two criteria formats both and nothing else', async () => {
    const start = text.indexOf('criterion a');
    const result = await formatRange(text, { start, end: text.indexOf('"R?"') });
    if (!result.ok) throw new Error(result.message);
    expect(result.text).toBe('guideline g\n  title   "T"\n\ncriteria\n  criterion a\n    judgement "Q?"\n    cite s\n  criterion b\n    judgement "R?"\n');
  });

  it('a range over white space changes nothing', async () => {
    const result = await formatRange(text, { start: text.indexOf('\n\n') + 1, end: text.indexOf('\n\n') + 1 });
    if (!result.ok) throw new Error(result.message);
    expect(result.text).toBe(text);
  });
});
