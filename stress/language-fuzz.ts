/**
 * Stress part 1, language fuzz: mutations of every shipped guideline (deleted, duplicated and swapped tokens,
 * random bytes, very long lines, deep nesting, every line-ending style) and generated sources, each checked with
 * the value-set libraries. Guarantees: no exception, no internal error (RUB1999), every diagnostic inside its
 * document and on the line an independent count of line breaks gives; time per input linear in its size.
 */
import fc from 'fast-check';
import { checkDocuments, SourceFile } from '../language/index.js';
import { Failures, median, type Figure } from './figures.js';
import { rubricSourcesUnder } from './shipped.js';

export interface Corpus {
  readonly guidelines: readonly SourceFile[];
  readonly libraries: readonly SourceFile[];
}

/** The shipped guidelines and, apart, the value-set libraries they use. */
export function shippedSources(): Corpus {
  const sources = rubricSourcesUnder('guidelines').map((s) => new SourceFile(s.uri, s.text));
  const isLibrary = (s: SourceFile) => /^(?:[ \t]*(?:#[^\n]*)?\n)*[ \t]*library\b/.test(s.text);
  return { guidelines: sources.filter((s) => !isLibrary(s)), libraries: sources.filter(isLibrary) };
}

/** Words an author might type or paste, for generated sources and insertions (also the language server's edits). */
export const fragment = fc.oneof(
  fc.constantFrom('guideline', 'library', 'uses', 'sources', 'source', 'facts', 'fact', 'field', 'records', 'criteria', 'criterion'),
  fc.constantFrom('exclude', 'require', 'max_levels', 'when', 'cite', 'reason', 'missing', 'applies when', 'routes', 'route', 'judgement'),
  fc.constantFrom('at least', 'at most', 'of', 'and', 'or', 'not', 'every', 'has', 'where', 'is one of', 'if not stated', 'latest', 'elapsed'),
  fc.constantFrom('(', ')', ',', '"', '>=', '<=', '%', '{', '}', '{1,2}', '\\', '#', '\n', '\r', '\r\n', '  ', '\t', '\u2028', '.', '*'),
  fc.constantFrom('70%', '6 weeks', '-1', '2.5', '1e999', '101%', 'M54.1*', '64490', 'radiculapathy', 'request.levels', '"a\\"b"', '"\\\\"'),
  fc.string({ maxLength: 8 }),
);

const TOKEN = /"(?:[^"\\\n]|\\.)*"|[^\s"]+|"/g;

export interface Mutation {
  readonly kind: string;
  readonly apply: (text: string) => string;
}

function tokenSpans(text: string): { start: number; end: number }[] {
  return [...text.matchAll(TOKEN)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);

/** One mutation of a guideline's text; sizes scale with `longLine` (1 MB at full size). */
export function mutation(longLine: number): fc.Arbitrary<Mutation> {
  const tokenEdit = (kind: string, edit: (text: string, a: { start: number; end: number }, b: { start: number; end: number } | undefined) => string) =>
    fc.nat().map((n): Mutation => ({
      kind,
      apply: (text) => {
        const spans = tokenSpans(text);
        const a = pick(spans, n);
        return a === undefined ? text : edit(text, a, spans[spans.indexOf(a) + 1]);
      },
    }));
  return fc.oneof(
    tokenEdit('delete a token', (t, a) => t.slice(0, a.start) + t.slice(a.end)),
    tokenEdit('duplicate a token', (t, a) => t.slice(0, a.end) + ' ' + t.slice(a.start, a.end) + t.slice(a.end)),
    tokenEdit('swap two tokens', (t, a, b) => (b === undefined ? t : t.slice(0, a.start) + t.slice(b.start, b.end) + t.slice(a.end, b.start) + t.slice(a.start, a.end) + t.slice(b.end))),
    fc.tuple(fc.nat(), fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 16 })).map(([at, units]): Mutation => ({
      kind: 'random bytes',
      apply: (t) => {
        const i = at % (t.length + 1);
        return t.slice(0, i) + String.fromCharCode(...units) + t.slice(i);
      },
    })),
    fc.tuple(fc.nat(), fc.boolean()).map(([at, quoted]): Mutation => ({
      kind: 'a very long line',
      apply: (t) => {
        const i = at % (t.length + 1);
        const line = quoted ? `reason "${'x'.repeat(longLine)}"` : 'y'.repeat(longLine);
        return t.slice(0, i) + '\n' + line + '\n' + t.slice(i);
      },
    })),
    fc.tuple(fc.constantFrom('(', 'not ', 'all of (', 'any of ('), fc.integer({ min: 1, max: 3000 })).map(([open, depth]): Mutation => ({
      kind: `nesting ${open.trim()} ×${depth}`,
      apply: (t) => {
        const close = open === 'not ' ? '' : ')';
        const condition = open.repeat(depth) + 'x' + close.repeat(depth);
        const at = t.indexOf('\n  criterion ');
        const criterion = `\n  criterion deep "Deep."\n    require ${condition}\n    reason "Deep."\n`;
        return at < 0 ? t + '\ncriteria' + criterion : t.slice(0, at) + criterion + t.slice(at);
      },
    })),
    fc.constantFrom('\r\n', '\r', 'mixed').map((style): Mutation => ({
      kind: `line endings ${JSON.stringify(style)}`,
      apply: (t) => {
        if (style !== 'mixed') return t.replace(/\r\n|\r|\n/g, style);
        let i = 0;
        return t.replace(/\r\n|\r|\n/g, () => ['\n', '\r\n', '\r'][i++ % 3] ?? '\n');
      },
    })),
  );
}

/** A whole generated source: fragments in random order, sometimes after a valid header. */
export const generated = fc.tuple(fc.boolean(), fc.array(fragment, { maxLength: 200 })).map(([header, words]) => (header ? 'guideline g\n  title "G"\n' : '') + words.join(' '));

/** Line (0-based) of an offset, counting `\r\n`, `\r` and `\n` as one break each: the independent oracle. */
function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}

export interface LanguageFuzzOptions {
  readonly inputs: number;
  readonly seed: number;
  /** Length of the very long lines (1 MB at full size). */
  readonly longLine: number;
}

export function languageFuzz(options: LanguageFuzzOptions): Figure {
  const corpus = shippedSources();
  const failures = new Failures();
  const timings: Timing[] = [];
  const kinds = new Map<string, number>();

  const input = fc.oneof(
    { weight: 9, arbitrary: fc.tuple(fc.nat(), fc.array(mutation(options.longLine), { minLength: 1, maxLength: 3 })) },
    { weight: 1, arbitrary: generated },
  );
  const batch = 250;
  for (let done = 0; done < options.inputs; done += batch) {
    const samples = fc.sample(input, { seed: options.seed + done, numRuns: Math.min(batch, options.inputs - done) });
    for (const sample of samples) {
      let uri: string;
      let text: string;
      let label: string;
      if (typeof sample === 'string') {
        uri = 'generated.rubric';
        text = sample;
        label = 'generated';
      } else {
        const [n, mutations] = sample;
        const base = pick(corpus.guidelines, n) as SourceFile;
        uri = base.uri;
        text = mutations.reduce((t, m) => m.apply(t), base.text);
        label = `${base.uri}: ${mutations.map((m) => m.kind).join(', ')}`;
        for (const m of mutations) kinds.set(m.kind.replace(/×\d+/, '×N'), (kinds.get(m.kind.replace(/×\d+/, '×N')) ?? 0) + 1);
      }
      if (label === 'generated') kinds.set(label, (kinds.get(label) ?? 0) + 1);
      checkOne(uri, text, label, corpus.libraries, failures, timings);
    }
  }

  return {
    part: 'language fuzz',
    inputs: options.inputs,
    failures: failures.count,
    figures: { ...timingFigures(timings), 'inputs by kind': [...kinds].sort().map(([k, v]) => `${k} ${v}`).join(', ') },
    examples: failures.examples,
  };
}

interface Timing {
  readonly bytes: number;
  readonly ms: number;
  readonly label: string;
}

function checkOne(uri: string, text: string, label: string, libraries: readonly SourceFile[], failures: Failures, timings: Timing[]): void {
  const sources = [new SourceFile(uri, text), ...libraries.filter((l) => l.uri !== uri)];
  const start = performance.now();
  let diagnostics;
  try {
    diagnostics = checkDocuments(sources).diagnostics;
  } catch (e) {
    failures.add(`exception (${label}): ${e instanceof Error ? e.message : String(e)}`, text);
    return;
  }
  timings.push({ bytes: text.length, ms: performance.now() - start, label });
  const texts = new Map(sources.map((s) => [s.uri, s]));
  for (const d of diagnostics) {
    const source = texts.get(d.uri);
    const what = (problem: string) => `${problem} (${label})`;
    if (d.code === 'RUB1999') failures.add(what(`internal error: ${d.message}`), text);
    else if (!/^RUB\d{4}$/.test(d.code)) failures.add(what(`a diagnostic without a stable code: ${d.code}`), text);
    else if (source === undefined) failures.add(what(`a diagnostic for a file that was not checked: ${d.uri}`), text);
    else if (!(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= source.text.length)) {
      failures.add(what(`${d.code} at ${d.span.start}-${d.span.end}, outside the document (length ${source.text.length})`), text);
    } else if (source.positionAt(d.span.start).line !== lineOf(source.text, d.span.start) + 1) {
      failures.add(what(`${d.code} on line ${source.positionAt(d.span.start).line}, but it is on line ${lineOf(source.text, d.span.start) + 1}`), text);
    } else continue;
    return;
  }
}

/** Median time per KB for small and large inputs: linear growth keeps the two close. */
function timingFigures(timings: readonly Timing[]): Record<string, string> {
  const perKb = (list: readonly Timing[]) => median(list.map((t) => (t.ms * 1000) / Math.max(1, t.bytes / 1024)));
  const small = timings.filter((t) => t.bytes < 16 * 1024);
  const large = timings.filter((t) => t.bytes >= 64 * 1024);
  const slowest = timings.reduce((a, t) => (t.ms > a.ms ? t : a), { bytes: 0, ms: 0, label: 'none' });
  return {
    'time per input (median)': `${median(timings.map((t) => t.ms)).toFixed(2)} ms`,
    'slowest input': `${slowest.ms.toFixed(0)} ms for ${(slowest.bytes / 1024).toFixed(0)} KB (${slowest.label})`,
    'cost per KB, inputs < 16 KB': `${perKb(small).toFixed(0)} µs (${small.length} inputs)`,
    'cost per KB, inputs ≥ 64 KB': `${perKb(large).toFixed(0)} µs (${large.length} inputs; linear growth keeps this at or below the small inputs' cost)`,
  };
}
