/**
 * The formatter's properties over generated guidelines (fast-check): random headers, facts, criteria and nested
 * conditions in every spelling, written out with random legal white space between tokens (spaces, tabs, line
 * breaks, blank lines) and comments in random places (after any token, on lines of their own, at the start and the
 * end of the file). For each:
 *   - formatting the output again changes nothing;
 *   - the output has the same tokens and checks to the same syntax tree, model, diagnostics and compiled module;
 *   - the multiset of comment texts is unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRubric } from './format.js';
import { commentTexts, fmt, meaning, tokenImages } from './testdata/properties.js';
import { blank, comment, indentation } from './testdata/layout.js';

const words = ['the', 'request', 'is', 'not', 'documented', 'visits', 'and', 'or', '{n}', '(a)', 'a,', 'b.', '#', 'quoted \\"text\\"', 'ödem', '70%'];
const text = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 25 }).map((ws) => [`"${ws.join(' ')}"`]);
const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);

/** A condition as tokens, `depth` levels of nesting at most. */
const condition: (depth: number) => fc.Arbitrary<string[]> = (depth) => {
  const atom = fc.oneof(
    pick(['a'], ['b'], ['documented', 'a'], ['not', 'b']),
    fc.tuple(pick('>=', '≥', '<=', '≤', '<', '>', '=', 'at least', 'at most'), fc.integer({ min: 0, max: 40 })).map(([op, v]) => ['n', ...op.split(' '), String(v), 'visits']),
    fc.tuple(pick('<=', 'at most'), fc.boolean()).map(([op, max]) => ['n', '+', ...(max ? ['max'] : []), 'n', ...op.split(' '), '20', 'visits']),
    pick(['kind', 'is', '"x"'], ['kind', 'is', 'not', '"y"']),
    fc.array(pick('"facet_intra_articular_block"', '"surgery"', '"physical_therapy"', '"x"'), { minLength: 1, maxLength: 8 }).map((vs) => ['kind', 'is', 'one', 'of', '(', ...vs.flatMap((v, i) => (i === 0 ? [v] : [',', v])), ')']),
    pick(['any', 'blocks'], ['no', 'blocks'], ['any', 'blocks', 'where', 'type', 'is', '"x"']),
    // With or without its comma: inside a list, `…, counting this request, a` and `…, a` both read as written (issue 8).
    fc.tuple(pick('least', 'most'), fc.integer({ min: 1, max: 3 }), pick([], ['counting', 'this', 'request'], [',', 'counting', 'this', 'request'])).map(([end, k, counting]) => ['at', end, String(k), 'blocks', 'where', 'type', 'is', '"x"', ...counting]),
    pick(['every', 'blocks', 'has', 'initial', '>=', 'needed'], ['every', 'blocks', 'has', 'initial', '>=', '50%', 'for', '>=', '6', 'weeks']),
  );
  if (depth === 0) return atom;
  const sub = condition(depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: atom },
    fc.tuple(sub, pick('and', 'or'), sub).map(([x, op, y]) => [...x, op, ...y]),
    sub.map((x) => ['(', ...x, ')']),
    fc.tuple(pick(['all', 'of'], ['any', 'of'], ['at', 'least', '2', 'of']), fc.array(sub, { minLength: 2, maxLength: 4 })).map(([head, xs]) => [...head, '(', ...xs.flatMap((x, i) => (i === 0 ? x : [',', ...x])), ')']),
  );
};

const criterion = fc
  .tuple(
    fc.integer({ min: 0, max: 999 }),
    fc.option(text, { nil: undefined }),
    fc.option(condition(1), { nil: undefined }),
    fc.oneof(
      condition(3).map((c) => ['require', ...c]),
      text.map((t) => ['judgement', ...t]),
      pick(['max_levels', '2'], ['max_levels', 'at_once']),
    ),
    text,
    fc.option(text, { nil: undefined }),
  )
  .map(([i, title, when, test, reason, missing]) => [
    ['criterion', `c${i}`, ...(title ?? [])],
    ...(when ? [['when', ...when]] : []),
    test,
    ['cite', 'src'],
    // A judgement prints its question, never a reason.
    ...(test[0] === 'judgement' ? [] : [['reason', ...reason], ...(missing ? [['missing', ...missing]] : [])]),
  ]);

/** A guideline as lines of tokens (the line breaks are only a suggestion: white space is random below). */
const guideline = fc
  .tuple(
    text,
    pick(['recommended'], ['conditionally', 'recommended'], ['not', 'recommended', ',', 'criteria', 'if', 'used', 'anyway'], ['not', 'recommended', 'criteria', 'if', 'used', 'anyway']),
    fc.array(fc.integer({ min: 10000, max: 99999 }), { minLength: 0, maxLength: 30 }),
    pick(['not', 'met'], ['insufficient', 'information']),
    fc.array(criterion, { minLength: 1, maxLength: 5 }),
  )
  .map(([title, recommendation, codes, policy, criteria]) => [
    ['guideline', 'generated'],
    ['title', ...title],
    ['version', '"1"'],
    ['service', '"A service"', ...(codes.length > 0 ? ['cpt', ...codes.flatMap((c, i) => (i === 0 ? [String(c)] : [',', String(c)]))] : []), 'region', 'cervical'],
    ['recommendation', ...recommendation, 'cite', 'src'],
    ['missing', 'documentation', 'counts', 'as', ...policy],
    ['sources'],
    ['source', 'src', '"A source"', 'page', '12', 'quote', '"A quote."'],
    ['facts'],
    ['fact', 'a', '"a"', 'documented', 'from', 'documentation.formal_rehabilitation_plan'],
    ['fact', 'b', '"b"', 'documented', 'from', 'documentation.home_exercise_program'],
    ['fact', 'n', '"visits"', 'number', 'visits', 'from', 'request.visits'],
    ['fact', 'kind', '"kind"', 'text', 'from', 'request.service'],
    ['fact', 'levels', '"levels"', 'count', 'levels', 'of', 'request.levels'],
    ['fact', 'blocks', '"blocks"', 'records', 'from', 'prior_treatments', 'where', 'type', 'is', 'one', 'of', '(', '"x"', ',', '"y"', ')'],
    ['field', 'type', '"type"', 'text', 'from', 'type'],
    ['field', 'initial', '"initial relief"', 'number', 'percent', 'from', 'response.initial_relief_percent', 'lasting', 'weeks'],
    ['field', 'weeks', '"weeks"', 'number', 'weeks', 'from', 'response.sustained_relief_weeks'],
    ['thresholds'],
    ['threshold', 'needed', '"needed"', '50', '%'],
    ['threshold', 'at_once', '"at once"', '2', 'levels'],
    ['criteria'],
    // Criterion names must be unique: number them in order.
    ...criteria.flatMap(([first, ...rest], k) => [['criterion', `c${k}`, ...(first ?? []).slice(2)], ...rest]),
  ]);


/** What goes between two tokens: white space, maybe a line break or a blank line, maybe a comment (which ends its line). */
const gap = fc.oneof(
  { weight: 6, arbitrary: blank },
  { weight: 3, arbitrary: fc.tuple(pick('\n', '\n\n', '\r\n', '\n\n\n'), indentation).map(([nl, ind]) => nl + ind) },
  { weight: 1, arbitrary: fc.tuple(blank, comment, indentation).map(([b, c, ind]) => `${b}${c}\n${ind}`) },
  { weight: 1, arbitrary: fc.tuple(indentation, comment, indentation).map(([i1, c, i2]) => `\n${i1}${c}\n${i2}`) },
);

const source = guideline.chain((lines) => {
  const tokens = lines.flatMap((l, i) => l.map((t, j) => ({ t, lineStart: j === 0 && i > 0 })));
  return fc
    .tuple(
      fc.array(gap, { minLength: tokens.length, maxLength: tokens.length }),
      fc.array(comment, { maxLength: 3 }),
      fc.option(comment, { nil: undefined }),
      fc.boolean(),
    )
    .map(([gaps, head, tail, finalNewline]) => {
      let out = head.map((c) => `${c}\n`).join('');
      tokens.forEach(({ t, lineStart }, i) => {
        // Keep most statements on lines of their own, as people write them; the gap decides the rest.
        if (i > 0) out += lineStart && !/\n/.test(gaps[i] ?? ' ') ? `\n  ${gaps[i]}` : gaps[i];
        out += t;
      });
      if (tail !== undefined) out += `\n${tail}`;
      return finalNewline ? `${out}\n` : out;
    });
});

describe('formatting generated guidelines with random comments and white space', () => {
  it('is idempotent, keeps the meaning and keeps every comment', async () => {
    await fc.assert(
      fc.asyncProperty(source, async (input) => {
        // Every generated source parses (a record count in a list, then the list's comma, too: issue 8).
        const formatted = await formatRubric(input);
        expect(formatted).toMatchObject({ ok: true });
        const output = await fmt(input);
        expect(await fmt(output)).toBe(output);
        expect(tokenImages(output)).toBe(tokenImages(input));
        expect(meaning(new Map([['generated.rubric', output]]))).toEqual(meaning(new Map([['generated.rubric', input]])));
        expect(commentTexts(output)).toEqual(commentTexts(input));
      }),
      { numRuns: Number(process.env["RUBRIC_FORMAT_RUNS"] ?? 60) },
    );
  }, 120_000);

  it('the generated guidelines are real ones: most check without errors and compile', () => {
    const samples = fc.sample(source, { numRuns: 20, seed: 42 });
    const compiled = samples.filter((s) => meaning(new Map([['generated.rubric', s]])).module !== '');
    expect(compiled.length).toBeGreaterThan(10);
  });
});
