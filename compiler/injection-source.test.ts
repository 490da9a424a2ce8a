/**
 * Text from a .rubric file never becomes code: a guideline whose citation, quote, description and reasons are
 * written to break out of a string compiles, loads through the verifying runtime, and prints each verbatim.
 */
import { expect, it } from 'vitest';
import { checkDocuments, SourceFile } from '../language/index.js';
import { buildAndLoad, describeFailure } from './pipeline.js';

/** Each attack as the author typed it inside quotes (`\"` is a quotation mark), and as it must come back. */
const attacks = [
  { written: '\\"); process.exit(1); (\\"', shown: '"); process.exit(1); ("' },
  { written: '${process.exit(1)}', shown: '${process.exit(1)}' },
  { written: '`whoami` and `${globalThis.x = 1}`', shown: '`whoami` and `${globalThis.x = 1}`' },
  { written: '*/ throw 1; /*', shown: '*/ throw 1; /*' },
  { written: 'line\u2028separator\u2029paragraph', shown: 'line\u2028separator\u2029paragraph' },
  { written: '</script><script>alert(1)</script> \\\\ done', shown: '</script><script>alert(1)</script> \\ done' },
];

it.each(attacks)('treats "$shown" as text from citation to determination', async ({ written, shown }) => {
  const text = [
    'guideline injection',
    `  title "title ${written}"`,
    `  version "v ${written}"`,
    '  recommendation recommended cite src',
    'sources',
    `  source src "citation ${written}"`,
    `    quote "quote ${written}"`,
    'facts',
    '  fact plan "plan" documented from documentation.formal_rehabilitation_plan',
    'criteria',
    `  criterion c "description ${written}"`,
    '    require plan',
    '    cite src',
    // In reason text braces name facts, so a literal brace is written doubled.
    `    reason "reason ${written.replace(/\{/g, '{{').replace(/\}/g, '}}')}"`,
  ].join('\n');
  const built = await buildAndLoad([{ uri: 'injection.rubric', text }]);
  if (!built.ok) throw new Error(describeFailure(built.error));
  expect(built.value.built.diagnostics).toEqual([]);
  const result = built.value.bundle.evaluate('injection', { request: {}, documentation: { formal_rehabilitation_plan: 'absent' } });
  if (!result.ok) throw new Error(result.error.message);
  const determination = result.value;
  expect(determination.guideline.title).toBe(`title ${shown}`);
  expect(determination.guideline.version).toBe(`v ${shown}`);
  expect(determination.recommendation.citations[0]).toMatchObject({ citation: `citation ${shown}`, quote: `quote ${shown}` });
  expect(determination.reasons[0]).toMatchObject({ status: 'not_met', description: `description ${shown}`, text: `reason ${shown}` });
  expect((globalThis as { x?: unknown }).x).toBeUndefined();
});

it('refuses a reason whose braces try to reach code: they must name a fact', () => {
  const text = [
    'guideline g',
    '  title "t"',
    '  version "1"',
    '  recommendation recommended cite src',
    'sources',
    '  source src "s"',
    'facts',
    '  fact plan "plan" documented from documentation.formal_rehabilitation_plan',
    'criteria',
    '  criterion c',
    '    require plan',
    '    cite src',
    '    reason "${process.exit(1)}"',
  ].join('\n');
  const checked = checkDocuments([new SourceFile('g.rubric', text)]);
  expect(checked.diagnostics.map((d) => d.code)).toEqual(['RUB1208']);
  expect(checked.model.guidelines).toEqual([]);
});
