/**
 * Stress part 8, formatter: generated guidelines with comments, formatted with `formatRubric` (language/format).
 * The inputs: every shipped guideline's tokens laid out again with random white space (spaces, tabs, line breaks,
 * blank lines, every line-ending style) and comments in random places (after a token, on lines of their own, at the
 * start and the end) — the way the formatter's property test lays out its generated guidelines — and the language
 * fuzz's generated sources and mutated guidelines (stress/language-fuzz.ts), which mostly do not parse.
 * Guarantees, judged by language/format/testdata/properties.ts (what "the formatter kept the meaning" is):
 *   - a source with syntax errors is refused with its diagnostics, never an exception or a failed formatter;
 *   - a source that parses is formatted, and formatting the output again changes nothing;
 *   - the output has the same tokens in the same order, the same comment texts, and checks (with the value-set
 *     libraries) to the same syntax tree, model, diagnostics and compiled module.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { formatRubric } from '../language/format/format.js';
import { blank, comment, indentation } from '../language/format/testdata/layout.js';
import { commentTexts, meaning, tokenImages } from '../language/format/testdata/properties.js';
import { parseDocument, SourceFile } from '../language/index.js';
import { Failures, type Figure } from './figures.js';
import { generated, mutation, shippedSources } from './language-fuzz.js';

export interface FormatterOptions {
  readonly inputs: number;
  readonly seed: number;
}

export const formatterSizes = {
  bounded: { inputs: 40, seed: 8 },
  full: { inputs: 10_000, seed: 8 },
} as const satisfies Record<string, FormatterOptions>;

const newline = fc.constantFrom('\n', '\n\n', '\r\n', '\r\n\r\n', '\n\n\n');

/** What goes between two tokens on one line: white space, or a comment (which ends its line). */
const sameLine = fc.oneof(
  { weight: 12, arbitrary: blank },
  { weight: 1, arbitrary: fc.tuple(blank, comment, indentation).map(([b, c, i]) => `${b}${c}\n${i}`) },
  { weight: 1, arbitrary: fc.tuple(newline, indentation).map(([nl, i]) => nl + i) },
);
/** Where the guideline had a line break: one or more, maybe with comments on lines of their own. */
const lineBreak = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(newline, indentation).map(([nl, i]) => nl + i) },
  { weight: 1, arbitrary: fc.tuple(blank, comment, indentation).map(([b, c, i]) => `${b}${c}\n${i}`) },
  { weight: 1, arbitrary: fc.tuple(indentation, comment, indentation).map(([i1, c, i2]) => `\n${i1}${c}\n${i2}`) },
);

interface Layout {
  readonly kind: 'laid out' | 'generated' | 'mutated';
  readonly uri: string;
  readonly text: string;
}

/** A shipped guideline's tokens (with its own comments left out), laid out again. */
function laidOut(guidelines: readonly SourceFile[]): fc.Arbitrary<Layout> {
  const tokenised = guidelines.map((g) => {
    const tokens = parseDocument(g).tokens;
    return {
      uri: g.uri,
      tokens: tokens.map((t, i) => ({ image: t.image, lineStart: i > 0 && /[\r\n]/.test(g.text.slice((tokens[i - 1]?.endOffset ?? 0) + 1, t.startOffset)) })),
    };
  });
  return fc.nat().chain((n) => {
    const { uri, tokens } = tokenised[n % tokenised.length]!;
    return fc
      .tuple(
        fc.tuple(...tokens.map((t) => (t.lineStart ? lineBreak : sameLine))),
        fc.array(comment, { maxLength: 3 }),
        fc.option(comment, { nil: undefined }),
        fc.boolean(),
      )
      .map(([gaps, head, tail, finalNewline]): Layout => {
        let text = head.map((c) => `${c}\n`).join('');
        tokens.forEach((t, i) => {
          if (i > 0) text += gaps[i];
          text += t.image;
        });
        if (tail !== undefined) text += `\n${tail}`;
        return { kind: 'laid out', uri, text: finalNewline ? `${text}\n` : text };
      });
  });
}

export async function formatter(options: FormatterOptions): Promise<Figure> {
  const corpus = shippedSources();
  const failures = new Failures();
  const input = fc.oneof(
    { weight: 6, arbitrary: laidOut(corpus.guidelines) },
    { weight: 1, arbitrary: generated.map((text): Layout => ({ kind: 'generated', uri: 'generated.rubric', text })) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.nat(), mutation(2_000)).map(([n, m]): Layout => {
        const g = corpus.guidelines[n % corpus.guidelines.length]!;
        return { kind: 'mutated', uri: g.uri, text: m.apply(g.text) };
      }),
    },
  );
  const libraries = new Map(corpus.libraries.map((l) => [l.uri, l.text]));
  const meaningOf = (uri: string, text: string) => meaning(new Map([...libraries, [uri, text]]));
  const tally = new Map<string, number>();
  const count = (what: string) => tally.set(what, (tally.get(what) ?? 0) + 1);
  let commentsKept = 0;
  const batch = 50;
  for (let done = 0; done < options.inputs; done += batch) {
    for (const { kind, uri, text } of fc.sample(input, { seed: options.seed + done, numRuns: Math.min(batch, options.inputs - done) })) {
      const what = (problem: string) => `${problem} (${kind}, ${uri})`;
      let first;
      try {
        first = await formatRubric(text, { filepath: uri });
      } catch (e) {
        failures.add(what(`formatRubric threw: ${e instanceof Error ? e.message : String(e)}`), text);
        continue;
      }
      if (!first.ok) {
        if (first.diagnostics.length === 0) failures.add(what(first.message), text);
        else count(`${kind}: refused (syntax errors)`);
        continue;
      }
      if (text.trim() === '' && first.text === '') {
        // Prettier answers a file of white space alone with an empty one, without asking the parser (which reports
        // RUB1004 for it): nothing to keep.
        count(`${kind}: blank, emptied`);
        continue;
      }
      count(`${kind}: formatted`);
      try {
        const again = await formatRubric(first.text, { filepath: uri });
        if (!again.ok) failures.add(what(`the formatted text does not format again: ${again.message}`), text);
        else if (again.text !== first.text) failures.add(what('formatting the output again changes it'), text);
        else if (tokenImages(first.text) !== tokenImages(text)) failures.add(what('the tokens changed'), text);
        else if (!isDeepStrictEqual(commentTexts(first.text), commentTexts(text))) failures.add(what('a comment was lost, added or changed'), text);
        else if (!isDeepStrictEqual(meaningOf(uri, first.text), meaningOf(uri, text))) failures.add(what('the meaning changed (syntax tree, model, diagnostics or compiled module)'), text);
        else commentsKept += commentTexts(text).length;
      } catch (e) {
        // The formatter took the source, but reading it or its output again for the comparison did not.
        failures.add(what(`formatted, but the source or the output does not read again: ${e instanceof Error ? e.message : String(e)}`), text);
      }
    }
  }
  return {
    part: 'formatter (generated layouts with comments)',
    inputs: options.inputs,
    failures: failures.count,
    figures: {
      inputs: [...tally].sort().map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', '),
      'comments kept': commentsKept.toLocaleString('en-US'),
      checked: 'formatted twice (idempotent), same tokens, same comment texts, same syntax tree, model, diagnostics and compiled module (with the value-set libraries)',
    },
    examples: failures.examples,
  };
}
