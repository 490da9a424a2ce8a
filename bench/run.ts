/**
 * `npm run bench` (issue 11): one run, every figure with its ratio and target, saved as JSON under bench/results/.
 *
 *   1. Evaluation of 100,000 generated seed-like cases (generate-cases.ts) by every engine (engines.ts), after an
 *      agreement check on every case (agree.ts); each engine in its own child process (child.ts), warmed up, then
 *      timed in interleaved rounds; medians; ratios to hand-written (cases/s). cql-execution, ~4,000× slower than
 *      the others, is timed on the first `cqlCases` of the same cases (10,000), so that a run stays in minutes. Then every shipped guideline on its own
 *      generated cases (generate-guideline-cases.ts) through the service path.
 *   2. Growth: time per case as every list grows 0 → 10,000 entries; time per request as the bundle grows
 *      1 → 208 guidelines (evaluateRequest).
 *   3. Load: a cold loadBundle (fresh process) of 1, 13 and 156 guidelines, and with it the first evaluation of the seed
 *      case (a guideline's code is compiled when it is first evaluated).
 *
 *   node --import tsx bench/run.ts [--tiny]     (--tiny: a few cases and sizes, to check that it works; no timing)
 *
 * Exported `runBenchmark` is what bench/bench.test.ts runs at a tiny size.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkAgreement, type Agreement } from './agree.js';
import { ENGINES, type EngineName } from './engines.js';
import { generateCases } from './generate-cases.js';
import { compileGuidelines, compileShipped, ROOT } from './setup.js';

export interface BenchOptions {
  readonly cases: number;
  /** Cases per round for cql-execution: the first of the same generated cases (it is agreed on all of them). */
  readonly cqlCases: number;
  readonly rounds: number;
  readonly shippedCases: number;
  readonly listSizes: readonly number[];
  readonly bundleSizes: readonly number[];
  readonly loadSizes: readonly number[];
  readonly repeats: number;
  /** Where to write the results JSON (null: not written). */
  readonly resultsDir: string | null;
  readonly log: (line: string) => void;
}

export const FULL: Omit<BenchOptions, 'log' | 'resultsDir'> = {
  cases: 100_000,
  cqlCases: 10_000,
  rounds: 7,
  shippedCases: 2_000,
  listSizes: [0, 10, 100, 1_000, 10_000],
  bundleSizes: [1, 13, 52, 156, 208],
  loadSizes: [1, 13, 156],
  repeats: 5,
};

export const TINY: Omit<BenchOptions, 'log' | 'resultsDir'> = {
  cases: 300,
  cqlCases: 300,
  rounds: 2,
  shippedCases: 20,
  listSizes: [0, 10],
  bundleSizes: [1, 2],
  loadSizes: [1, 2],
  repeats: 1,
};

export interface EngineFigure {
  readonly engine: EngineName;
  /** Cases per round. */
  readonly cases: number;
  readonly roundsMs: readonly number[];
  readonly medianMs: number;
  readonly casesPerSecond: number;
  readonly ratioToHandWritten: number;
  readonly checksum: number;
}

export interface BenchResults {
  readonly date: string;
  readonly machine: { readonly cpus: number; readonly model: string; readonly loadAverage: readonly number[]; readonly node: string };
  readonly cases: number;
  readonly agreement: Agreement;
  readonly engines: readonly EngineFigure[];
  readonly targets: readonly { readonly target: string; readonly ratio: number; readonly goal: number; readonly met: boolean }[];
  readonly shipped: readonly { guideline: string; cases: number; casesPerSecond: number; outcomes: Record<string, number> }[];
  /** `walkMs`: json-walk.ts over the same case in the same process (the floor under its reading, and its memory's speed). */
  readonly lists: readonly { entries: number; seedMs: number; allGuidelinesMs: number; walkMs: number; seedOutcome: string }[];
  readonly guidelines: readonly { guidelines: number; msPerRequest: number; items: number }[];
  /** `ms`: loadBundle alone; `firstMs`: loadBundle and the first evaluation of the seed case, in the same cold process. */
  readonly load: readonly { guidelines: number; ms: number; firstMs: number; ok: boolean }[];
}

const CHILD = join(ROOT, 'bench', 'child.ts');

/** A child process speaking the child.ts protocol, one request at a time. */
class Child {
  private readonly process: ChildProcess;
  private waiting: ((value: unknown) => void) | null = null;
  private failed: ((e: Error) => void) | null = null;

  constructor() {
    this.process = fork(CHILD, [], { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.process.on('message', (m: unknown) => {
      const resolve = this.waiting;
      const reject = this.failed;
      this.waiting = this.failed = null;
      if (m !== null && typeof m === 'object' && 'error' in m) reject?.(new Error(String((m as { error: unknown }).error)));
      else resolve?.(m);
    });
    this.process.on('exit', (code) => this.failed?.(new Error(`a benchmark process exited (${code})`)));
  }

  ask<T>(message: unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting = resolve as (value: unknown) => void;
      this.failed = reject;
      this.process.send(message as object);
    });
  }

  close(): void {
    this.process.kill();
  }
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const f0 = (n: number) => Math.round(n).toLocaleString('en-US');
const f2 = (n: number) => n.toFixed(2);

export async function runBenchmark(options: BenchOptions): Promise<BenchResults> {
  const log = options.log;
  const temp: string[] = [];
  const children: Child[] = [];
  try {
    // ── Compile what ships; agreement on every case first ────────────────────────────────────────────
    const shipped = await compileShipped();
    temp.push(shipped.dir);
    const generated = generateCases(options.cases);
    const agreement = await checkAgreement(shipped.loaded, shipped.guideline, generated.cases); // throws on a disagreement
    log(
      `Agreement on all ${f0(options.cases)} seed cases: Rubric, hand-written and cql-execution (invalid_case included), the raw compiled guideline, ` +
        `json-logic-js and json-logic-engine build() (on the ${f0(agreement.compared.jsonLogic)} valid cases) give the same outcome and statuses.`,
    );

    // ── 1. Evaluation: one process per engine, interleaved rounds ───────────────────────────────────
    const engines = ENGINES.map(() => new Child());
    children.push(...engines);
    const casesOf = (engine: EngineName): number => (engine === 'cql-execution' ? Math.min(options.cqlCases, options.cases) : options.cases);
    await Promise.all(engines.map((c, i) => c.ask({ kind: 'engine', engine: ENGINES[i], dir: shipped.dir, cases: casesOf(ENGINES[i]!) })));
    const rounds: number[][] = ENGINES.map(() => []);
    const checksums: number[] = ENGINES.map(() => 0);
    for (let r = 0; r < options.rounds; r++) {
      // Rotate who goes first, so no engine always runs right after another's garbage.
      for (let k = 0; k < engines.length; k++) {
        const i = (k + r) % engines.length;
        const { ms, checksum } = await engines[i]!.ask<{ ms: number; checksum: number }>({ kind: 'round' });
        rounds[i]!.push(ms);
        checksums[i] = checksum;
      }
    }
    for (const c of engines) c.close();
    const handSpeed = options.cases / (median(rounds[ENGINES.indexOf('hand-written')]!) / 1000);
    const figures: EngineFigure[] = ENGINES.map((engine, i) => {
      const medianMs = median(rounds[i]!);
      const cases = casesOf(engine);
      const casesPerSecond = cases / (medianMs / 1000);
      return { engine, cases, roundsMs: rounds[i]!, medianMs, casesPerSecond, ratioToHandWritten: casesPerSecond / handSpeed, checksum: checksums[i]! };
    });
    const speed = (name: EngineName) => figures.find((f) => f.engine === name)!.casesPerSecond;
    const targets = [
      { target: 'Rubric service path vs hand-written', ratio: speed('rubric') / speed('hand-written'), goal: 0.5 },
      { target: 'Rubric service path vs json-logic-engine build()', ratio: speed('rubric') / speed('json-logic-engine'), goal: 2 },
    ].map((t) => ({ ...t, met: t.ratio >= t.goal }));

    log('');
    log(`Evaluation, ${options.rounds} interleaved rounds, median (each engine in its own process):`);
    log(['engine'.padEnd(20), 'cases/round'.padStart(12), 'cases/s'.padStart(12), 'per case'.padStart(12), 'vs hand-written'.padStart(16)].join(''));
    const ratio = (r: number) => (r >= 0.1 ? `${f2(r)}×` : `${r.toPrecision(2)}× (1/${f0(1 / r)})`);
    for (const f of figures) log([f.engine.padEnd(20), f0(f.cases).padStart(12), f0(f.casesPerSecond).padStart(12), `${(1e6 / f.casesPerSecond).toFixed(2)} µs`.padStart(12), ratio(f.ratioToHandWritten).padStart(16)].join(''));
    log('(cql-execution: the ELM of the same criteria, one Executor.exec per case, on the first cases of the same set.)');
    for (const t of targets) log(`Target: ${t.target} ≥ ${t.goal}×: ${f2(t.ratio)}× ${t.met ? 'MET' : 'NOT MET'}`);
    log(`(rubric+json: the service path and JSON.stringify of each Determination, every reason text and evidence read: ${f2(speed('rubric+json') / speed('hand-written'))}× hand-written; no target.)`);
    // The floor: Rubric's reader walks every value of the case this way (the JSON rules hold everywhere) and does more at each.
    const walkTime = speed('hand-written') / speed('json-walk');
    log(
      `(json-walk, not an evaluator: every value of each case visited once with its type tested, its fields listed as Rubric's case reader lists them, nothing copied or checked — the reader's walk without its checks. ` +
        `It takes ${f2(walkTime)}× the hand-written evaluator's time: ${Math.round(50 * walkTime)}% of what the 0.5× target allows the whole service path.)`,
    );

    // ── Every shipped guideline, service path ───────────────────────────────────────────────────────
    const one = new Child();
    children.push(one);
    const shippedRows = await one.ask<BenchResults['shipped']>({ kind: 'shipped', dir: shipped.dir, cases: options.shippedCases });
    log('');
    log(`Every shipped guideline, ${f0(options.shippedCases)} generated cases each, LoadedBundle.evaluate:`);
    for (const r of shippedRows) log(`  ${r.guideline.padEnd(40)} ${f0(r.casesPerSecond).padStart(10)} cases/s   ${Object.entries(r.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}`);

    // ── 2. Growth ───────────────────────────────────────────────────────────────────────────────────
    const lists = await one.ask<BenchResults['lists']>({ kind: 'lists', dir: shipped.dir, sizes: options.listSizes, repeats: options.repeats });
    log('');
    log('Growth with every list at N entries (ms per case; seed guideline, and all shipped guidelines one after another; json-walk of the same case):');
    for (const r of lists) log(`  N = ${String(r.entries).padStart(6)}   seed ${r.seedMs.toFixed(2).padStart(9)} ms   all ${r.allGuidelinesMs.toFixed(2).padStart(9)} ms   json-walk ${r.walkMs.toFixed(2).padStart(8)} ms   (${r.seedOutcome})`);
    const last = lists[lists.length - 1];
    const prev = lists[lists.length - 2];
    if (last !== undefined && prev !== undefined && prev.entries > 0) {
      log(`  growth from ${prev.entries} to ${last.entries} entries: ×${(last.seedMs / prev.seedMs).toFixed(1)} for ×${last.entries / prev.entries} the entries (linear: ×${last.entries / prev.entries}); target < 10 ms at 10,000: ${last.entries === 10_000 ? (last.seedMs < 10 ? 'MET' : 'NOT MET') : 'not measured'}`);
    }

    const dirs: { size: number; dir: string }[] = [];
    for (const size of [...new Set([...options.bundleSizes, ...options.loadSizes])].sort((a, b) => a - b)) {
      const dir = await compileGuidelines(size);
      temp.push(dir);
      dirs.push({ size, dir });
    }
    const growth = await one.ask<BenchResults['guidelines']>({ kind: 'guidelines', dirs: dirs.filter((d) => options.bundleSizes.includes(d.size)), repeats: options.repeats * 20 });
    one.close();
    log('');
    log('Growth with the number of guidelines (evaluateRequest of the seed case, ms per request):');
    for (const r of growth) log(`  ${String(r.guidelines).padStart(4)} guidelines   ${r.msPerRequest.toFixed(3).padStart(9)} ms`);

    // ── 3. Load: a fresh process per figure ──────────────────────────────────────────────────────────
    const load: { guidelines: number; ms: number; firstMs: number; ok: boolean }[] = [];
    for (const { size, dir } of dirs.filter((d) => options.loadSizes.includes(d.size))) {
      const samples: number[] = [];
      const firstSamples: number[] = [];
      let ok = true;
      for (let i = 0; i < Math.max(1, Math.min(3, options.repeats)); i++) {
        const c = new Child();
        const r = await c.ask<{ ms: number; firstMs: number; ok: boolean }>({ kind: 'load', dir });
        c.close();
        samples.push(r.ms);
        firstSamples.push(r.firstMs);
        ok &&= r.ok;
      }
      load.push({ guidelines: size, ms: median(samples), firstMs: median(firstSamples), ok });
    }
    const loadGoal: Record<number, number> = { 13: 20, 156: 100 };
    log('');
    log('loadBundle, cold (fresh process, median):');
    for (const r of load) log(`  ${String(r.guidelines).padStart(4)} guidelines   ${r.ms.toFixed(1).padStart(8)} ms${loadGoal[r.guidelines] === undefined ? '' : `   target < ${loadGoal[r.guidelines]} ms: ${r.ms < loadGoal[r.guidelines]! ? 'MET' : 'NOT MET'}`}`);
    log('loadBundle and the first evaluation of the seed case, cold (same processes; its guideline\'s code is compiled then):');
    for (const r of load) log(`  ${String(r.guidelines).padStart(4)} guidelines   ${r.firstMs.toFixed(1).padStart(8)} ms`);

    const results: BenchResults = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', loadAverage: loadavg(), node: process.version },
      cases: options.cases,
      agreement,
      engines: figures,
      targets,
      shipped: shippedRows,
      lists,
      guidelines: growth,
      load,
    };
    log('');
    log(`Machine: ${results.machine.cpus} cores (${results.machine.model}), load average ${results.machine.loadAverage.map((l) => l.toFixed(1)).join(' ')}, node ${results.machine.node}.`);
    if (options.resultsDir !== null) {
      await mkdir(options.resultsDir, { recursive: true });
      const file = join(options.resultsDir, `${results.date.slice(0, 19).replace(/[:T]/g, '-')}.json`);
      await writeFile(file, JSON.stringify(results, null, 2) + '\n');
      log(`Results: ${file}`);
    }
    return results;
  } finally {
    for (const c of children) c.close();
    await Promise.all(temp.map((d) => rm(d, { recursive: true, force: true })));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const tiny = process.argv.includes('--tiny');
  await runBenchmark({ ...(tiny ? TINY : FULL), resultsDir: tiny ? null : join(ROOT, 'bench', 'results'), log: (line) => console.log(line) });
}
