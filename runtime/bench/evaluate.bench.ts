/**
 * `npm run bench`: evaluate() throughput on 100,000 generated seed-like cases (generate-cases.ts), one pass over
 * all of them per benchmark iteration, for
 *
 *   1. the shipped guidelines compiled in this setup (language → compiler → temp folder → `loadBundle`), through
 *      `LoadedBundle.evaluate` (JSON copy + schema validation + evaluation + Determination: the service path),
 *      and the compiled guideline's raw `evaluate` (what validation and the Determination add);
 *   2. a hand-written TypeScript evaluator of the same criteria (hand-written.ts), with its own type checks;
 *   3. the same criteria as JsonLogic rules run by json-logic-js (json-logic.ts).
 *
 * A fifth row times the runtime's case validation alone (JSON copy + ajv against the guideline's case schema), the
 * part of `LoadedBundle.evaluate` that is neither compiled code nor building the Determination.
 *
 * Before timing, every evaluator's determination is checked against the runtime's on every case (agree.ts); the
 * setup throws on the first disagreement. Every evaluator is timed on the same 100,000 inputs, the invalid ones
 * included. A table of cases/second is printed at the end, beside vitest's own.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, bench, describe } from 'vitest';
import { checkAgreement, type Agreement } from './agree.js';
import { generateCases } from './generate-cases.js';
import { evaluateHandWritten } from './hand-written.js';
import { evaluateJsonLogic } from './json-logic.js';
import { caseValidator } from '../validate-case.js';
import { compileShipped, readShippedSources, ROOT, SEED_GUIDELINE } from './setup.js';

const CASES = 100_000;

// ── Setup: cold start, compile what ships, generate, check agreement ─────────────────────────────────

const shippedPaths = (await readShippedSources()).map((s) => s.path);
const coldStart = measureColdStart(shippedPaths);

const shipped = await compileShipped();
const generated = generateCases(CASES);
const inputs: readonly unknown[] = generated.cases.map((c) => c.data);

let agreement: Agreement;
{
  const t = performance.now();
  agreement = checkAgreement(shipped.loaded, shipped.guideline, generated.cases); // throws on a disagreement
  const ms = performance.now() - t;
  console.log(
    `Agreement: all evaluators give the same outcome and criterion statuses on every case they were compared on ` +
      `(checked in ${(ms / 1000).toFixed(1)} s).\n` +
      `  runtime ${agreement.compared.runtime}, hand-written ${agreement.compared.handWritten} (invalid_case included), ` +
      `raw compiled ${agreement.compared.compiled} and JsonLogic ${agreement.compared.jsonLogic} ` +
      `(the ${agreement.invalid} invalid cases left out: the runtime never passes them to compiled code, and JsonLogic cannot check types).`,
  );
}

// ── Timed passes ────────────────────────────────────────────────────────────────────────────────────

/** Milliseconds per full pass over the 100,000 cases, per evaluator (our own clock, for the summary table). */
const passes = new Map<string, number[]>();
let sink = 0;

function pass(name: string, evaluate: (data: unknown) => boolean): () => void {
  const samples: number[] = [];
  passes.set(name, samples);
  return () => {
    const t = performance.now();
    let n = 0;
    for (let i = 0; i < inputs.length; i++) if (evaluate(inputs[i])) n++;
    samples.push(performance.now() - t);
    sink += n;
  };
}

const { loaded, guideline } = shipped;
const RUNTIME = 'Rubric runtime: LoadedBundle.evaluate';
const RAW = 'Rubric compiled: raw guideline.evaluate';
const VALIDATE = 'Rubric runtime: case validation only';
const HAND = 'hand-written TypeScript';
const LOGIC = 'json-logic-js rules';

// One pass of the slow evaluators takes seconds: a fixed, small number of passes keeps the run short.
const slow = { time: 0, iterations: 3, warmupTime: 0, warmupIterations: 1 };
const fast = { time: 1_000, iterations: 5, warmupTime: 0, warmupIterations: 2 };

describe(`evaluate() on ${CASES.toLocaleString('en-US')} generated cases (one pass per iteration)`, () => {
  bench(RUNTIME, pass(RUNTIME, (c) => {
    const r = loaded.evaluate(SEED_GUIDELINE, c);
    return r.ok && r.value.outcome === 'medically_necessary';
  }), slow);

  const validator = caseValidator(guideline);
  if (!validator.ok) throw new Error(`The compiled case schema cannot be used: ${validator.error}`);
  const validate = validator.value;
  bench(VALIDATE, pass(VALIDATE, (c) => validate(c).ok), slow);

  bench(RAW, pass(RAW, (c) => guideline.evaluate(c)[0]!.status === 'met'), fast);

  bench(HAND, pass(HAND, (c) => evaluateHandWritten(c).outcome === 'medically_necessary'), fast);

  bench(LOGIC, pass(LOGIC, (c) => evaluateJsonLogic(c).outcome === 'medically_necessary'), slow);
});

// ── Summary ───────────────────────────────────────────────────────────────────────────────────────────

afterAll(async () => {
  await shipped.dispose();
  const median = (xs: readonly number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length === 0 ? NaN : s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const rate = (name: string): number => {
    const samples = passes.get(name) ?? [];
    // Leave out the first (warm-up) pass when there are others.
    return CASES / (median(samples.length > 1 ? samples.slice(1) : samples) / 1000);
  };
  const hand = rate(HAND);
  const rows = [RUNTIME, VALIDATE, RAW, HAND, LOGIC].map((name) => {
    const r = rate(name);
    const ratio = r / hand;
    return [name, Math.round(r).toLocaleString('en-US'), `${(1e6 / r).toFixed(2)} µs`, ratio >= 1 ? `${ratio.toFixed(2)}× as fast` : `${(1 / ratio).toFixed(1)}× slower`, String(passes.get(name)?.length ?? 0)];
  });
  const head = ['evaluator', 'cases/s', 'per case', 'vs hand-written', 'passes timed'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');

  const { stats } = generated;
  const out: string[] = [
    '',
    `evaluate() throughput, ${CASES.toLocaleString('en-US')} generated cases per pass (median pass, first pass left out)`,
    line(head),
    line(widths.map((w) => '─'.repeat(w))),
    ...rows.map(line),
    '',
    `Cases: seed ${'0x5eed2014'}; ${(100 * stats.missingFields / stats.fields).toFixed(1)}% of ${stats.fields.toLocaleString('en-US')} fields missing (left out or null); ` +
      `${stats.invalid} cases (${(100 * stats.invalid / stats.cases).toFixed(1)}%) broken on purpose, all reported invalid_case by the runtime.`,
    `Outcomes (runtime): ${Object.entries(agreement.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    `Statuses (valid cases): ${Object.entries(agreement.statuses)
      .map(([c, s]) => `${c} {${Object.entries(s).map(([k, v]) => `${k} ${v}`).join(', ')}}`)
      .join('; ')}.`,
    `Agreement: checked before timing on all ${CASES.toLocaleString('en-US')} cases; runtime = hand-written on every case (invalid_case included); ` +
      `raw compiled and JsonLogic on the ${agreement.compared.jsonLogic.toLocaleString('en-US')} valid cases. JsonLogic is not compared on invalid cases (it has no type checks); ` +
      `it runs on them in the timing without throwing. JsonLogic approximation: ICD-10 codes are matched as written (no trim / upper-case).`,
    `Setup: check ${shipped.timings.checkMs.toFixed(0)} ms, compile + write ${shipped.timings.compileMs.toFixed(0)} ms, loadBundle ${shipped.timings.loadMs.toFixed(0)} ms (in this process).`,
    coldStart,
    `(checksum ${sink})`,
  ];
  console.log(out.join('\n'));
});

/** Cold start in a fresh process: import the language (builds the parser) and check the shipped guidelines once. */
function measureColdStart(sources: readonly string[]): string {
  try {
    const output = execFileSync(process.execPath, ['--import', 'tsx', 'runtime/bench/cold-start.ts', ...sources], { cwd: ROOT, encoding: 'utf8' });
    const r = JSON.parse(output.trim().split('\n').pop()!) as Record<string, number>;
    const f = (n: number | undefined) => `${(n ?? NaN).toFixed(0)} ms`;
    return (
      `Cold start (fresh node process, tsx): node up ${f(r['nodeStartMs'])}; import language (TS transform) ${f(r['importMs'])}; ` +
      `first check of ${sources.length} guideline files (builds the parser) ${f(r['firstCheckMs'])}; warm check ${f(r['warmCheckMs'])}; total ${f(r['totalMs'])}.`
    );
  } catch (e) {
    return `Cold start: not measured (${e instanceof Error ? e.message : String(e)}).`;
  }
}

