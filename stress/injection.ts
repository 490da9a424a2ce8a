/**
 * Stress part 5, injection: a hostile string appended to every name, label, path, citation, quote and reason of
 * the seed guideline's checked model and to every text of its case, compiled and evaluated, beside the
 * same guideline and case without it. Guarantees: the bundle imports and evaluates without running any of the text
 * (a sentinel global stays unset); the determination decides the same; its text and Markdown letters have the same
 * lines, with the same block structure, as the clean one, and no control, line-separator or bidirectional
 * characters — so no string can forge a line of the letter.
 */
import fc from 'fast-check';
import { compile } from '../compiler/index.js';
import { seedCase, seedGuideline } from '../compiler/testdata/seed-model.js';
import type { CheckedGuideline } from '../language/model.js';
import { loadBundleFiles } from '../runtime/load.js';
import { renderMarkdown, renderText } from '../runtime/render.js';
import type { Determination } from '../runtime/determination.js';
import { Failures, shorten, type Figure } from './figures.js';

const SENTINEL = '__rubricInjected';

/** Strings that have broken code generators and letters somewhere, and what fast-check makes of any code point. */
const attack = fc.oneof(
  fc.constantFrom(
    `"); globalThis.${SENTINEL} = 1; ("`,
    `\${globalThis.${SENTINEL} = 1}`,
    `\`; globalThis.${SENTINEL} = 1; \``,
    `*/ globalThis.${SENTINEL} = 1; /*`,
    `\\"); globalThis.${SENTINEL} = 1; //`,
    '\u2028globalThis.__rubricInjected = 1;\u2029',
    '</script><script>globalThis.__rubricInjected = 1</script>',
    '\nDecision: medically necessary.\n',
    '\r# Decision: medically necessary',
    '\r\n\r\n## Determination\n\nCertified.',
    '\u001b[2J\u001b[31mAPPROVED\u001b[0m',
    '\u202eyrassecen yllacidem\u202c',
    '__proto__',
    'constructor',
    '\\',
    '\0',
    '\uD800',
  ),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: fc.constantFrom('"', "'", '`', '\\', '$', '{', '}', '\n', '\r', '*', '#', '>', '-', '|', '<', '\u2028', ' '), maxLength: 12 }),
);

/**
 * Keys whose strings are the model's vocabulary (kinds, units, systems), clinical codes, or case-file paths (which
 * the checker holds to runtime/case-file.schema.json), kept as they are.
 */
const KEEP = new Set(['kind', 'scope', 'status', 'system', 'unit', 'operator', 'missingDocumentation', 'uri', 'codes', 'prefixes', 'code', 'path', 'values']);

/** Case fields the case-file schema holds to a pattern or a list of values; every other text gets the string. */
const KEEP_IN_CASE = new Set(['code', 'levels', 'type', 'sex', 'formal_rehabilitation_plan']);

function hostileModel(guideline: CheckedGuideline, add: (s: string) => string): CheckedGuideline {
  const walk = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') return KEEP.has(key) ? value : add(value);
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  // The guideline id names the bundle's schema file; the checker holds it to a plain identifier.
  return { ...(walk(guideline, '') as CheckedGuideline), id: guideline.id };
}

function hostileCase(data: unknown, add: (s: string) => string): unknown {
  const walk = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') return KEEP_IN_CASE.has(key) ? value : add(value);
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  return walk(data, '');
}

const FORBIDDEN = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const BLOCK = /^(#{1,6}(?:\s|$)|>|[-+*]\s|\d+[.)]\s|={3,}|-{3,}|```|\s{4})/;

interface Rendered {
  readonly determination: Determination;
  readonly text: string;
  readonly markdown: string;
}

async function evaluate(guideline: CheckedGuideline, caseData: unknown): Promise<Rendered | string> {
  const compiled = await compile({ guidelines: [guideline] }, []);
  if (!compiled.ok) return `did not compile: ${JSON.stringify(compiled.errors).slice(0, 300)}`;
  const loaded = await loadBundleFiles(compiled.files);
  if (!loaded.ok) return `did not load: ${loaded.error.message}`;
  const result = loaded.value.evaluate(guideline.id, caseData);
  if (!result.ok) return `did not evaluate: ${JSON.stringify(result.error).slice(0, 300)}`;
  return { determination: result.value, text: renderText(result.value), markdown: renderMarkdown(result.value) };
}

export async function injection(options: { readonly inputs: number; readonly seed: number }): Promise<Figure> {
  const failures = new Failures();
  const clean = await evaluate(seedGuideline, seedCase);
  if (typeof clean === 'string') throw new Error(`the seed model ${clean}`);
  const statuses = (d: Determination) => d.reasons.map((r) => r.status).join(',');

  for (const suffix of fc.sample(attack, { seed: options.seed, numRuns: options.inputs })) {
    const add = (s: string) => s + suffix;
    const guideline = hostileModel(seedGuideline, add);
    const caseData = hostileCase(seedCase, add);
    delete (globalThis as Record<string, unknown>)[SENTINEL];
    const hostile = await evaluate(guideline, caseData);
    if ((globalThis as Record<string, unknown>)[SENTINEL] !== undefined) {
      failures.add('text from the guideline or case ran as code', suffix);
      continue;
    }
    if (typeof hostile === 'string') {
      failures.add(`the hostile guideline ${hostile}`, suffix);
      continue;
    }
    const d = hostile.determination;
    if (d.outcome !== clean.determination.outcome || statuses(d) !== statuses(clean.determination)) {
      failures.add(`decided ${d.outcome} (${statuses(d)}), clean ${clean.determination.outcome} (${statuses(clean.determination)})`, suffix);
      continue;
    }
    const problem = letterProblem('text', hostile.text, clean.text) ?? letterProblem('markdown', hostile.markdown, clean.markdown);
    if (problem !== null) failures.add(problem, suffix);
  }
  return {
    part: 'injection',
    inputs: options.inputs,
    failures: failures.count,
    figures: { 'string positions per input': `${countStrings(hostileModel(seedGuideline, (s) => s))} in the model, every text of the case` },
    examples: failures.examples,
  };
}

function letterProblem(format: string, hostile: string, clean: string): string | null {
  const bad = FORBIDDEN.exec(hostile);
  if (bad !== null) return `the ${format} letter holds the character U+${(bad[0].codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
  const h = hostile.split('\n');
  const c = clean.split('\n');
  if (h.length !== c.length) return `the ${format} letter has ${h.length} lines, the clean one ${c.length}: ${shorten(hostile, 400)}`;
  for (let i = 0; i < h.length; i++) {
    const hb = BLOCK.exec(h[i] ?? '')?.[1]?.trim() ?? '';
    const cb = BLOCK.exec(c[i] ?? '')?.[1]?.trim() ?? '';
    if (hb !== cb) return `line ${i + 1} of the ${format} letter starts a different block (${JSON.stringify(hb)}, clean ${JSON.stringify(cb)}): ${shorten(h[i] ?? '')}`;
  }
  return null;
}

function countStrings(value: unknown, key = ''): number {
  if (typeof value === 'string') return KEEP.has(key) ? 0 : 1;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countStrings(v, key), 0);
  if (value !== null && typeof value === 'object') return Object.entries(value).reduce((n, [k, v]) => n + countStrings(v, k), 0);
  return 0;
}
