/**
 * One measuring process of `npm run bench` (bench/run.ts forks one per engine, so no engine's JIT state, garbage or
 * inline caches touch another's). Messages from the parent, answers by `process.send`:
 *
 *   { kind: 'engine', engine, dir, cases }       → builds the engine and the first `cases` seed cases, warms up,
 *                                                   answers 'ready';
 *       then each { kind: 'round' }               → one timed pass over those cases: { ms, checksum }
 *   { kind: 'shipped', dir, cases }              → per shipped guideline, generated cases through the service path
 *   { kind: 'lists', dir, sizes, repeats }       → every list at each size: ms per case, seed guideline and all
 *   { kind: 'guidelines', dirs, repeats }        → evaluateRequest of the seed case over bundles of growing size
 *   { kind: 'load', dir }                        → one cold loadBundle: ms; then the first evaluation of the seed case
 *                                                   (its guideline's code compiled then): firstMs, load included
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBundle } from '../runtime/load.js';
import { buildEngine, type EngineName, type Evaluator } from './engines.js';
import { generateCases } from './generate-cases.js';
import { generateGuidelineCases } from './generate-guideline-cases.js';
import { jsonWalk } from './json-walk.js';
import { listCase as everyList } from './list-case.js';
import { ROOT, SEED_GUIDELINE } from './setup.js';

type Message =
  | { kind: 'engine'; engine: EngineName; dir: string; cases: number }
  | { kind: 'round' }
  | { kind: 'shipped'; dir: string; cases: number }
  | { kind: 'lists'; dir: string; sizes: number[]; repeats: number }
  | { kind: 'guidelines'; dirs: { size: number; dir: string }[]; repeats: number }
  | { kind: 'load'; dir: string };

const send = (value: unknown): void => {
  process.send!(value);
};
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
/**
 * The median of `repeats` timed calls of `f`, after one warm-up call, or (`warmMs`) after warm-up calls for at least
 * that long and at least three: a case of a new size takes the compiled code down paths not yet optimised (at 1,000
 * entries the seed guideline took 3–20 ms a call for its first fifteen calls, then 1.3–1.5 ms).
 */
const timeEach = (repeats: number, f: () => void, warmMs = 0): number => {
  const until = performance.now() + warmMs;
  let warmed = 0;
  do {
    f();
    warmed++;
  } while (warmMs > 0 && (warmed < 3 || performance.now() < until));
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    f();
    samples.push(performance.now() - t);
  }
  return median(samples);
};

/** Warm-up of each figure of the growth part, in ms (see timeEach). */
const LIST_WARM_MS = 300;

/** Values counted by json-walk in the growth part (kept, so the walk is not optimised away). */
let walked = 0;

let evaluator: Evaluator | null = null;
let inputs: readonly unknown[] = [];

/** One timed pass over the inputs; the checksum sums the outcome words' lengths (every case was decided). */
async function pass(): Promise<{ ms: number; checksum: number }> {
  const engine = evaluator!;
  let checksum = 0;
  if (engine.kind === 'sync') {
    const f = engine.evaluate;
    const t = performance.now();
    for (let i = 0; i < inputs.length; i++) checksum += f(inputs[i]).length;
    return { ms: performance.now() - t, checksum };
  }
  const f = engine.evaluate;
  const t = performance.now();
  for (let i = 0; i < inputs.length; i++) checksum += (await f(inputs[i])).length;
  return { ms: performance.now() - t, checksum };
}

/** A seed-like case whose every list holds `n` entries. */
function listCase(n: number): unknown {
  return everyList(JSON.parse(readFileSync(join(ROOT, 'examples/seed/case.json'), 'utf8')) as Record<string, unknown>, n);
}

async function handle(m: Message): Promise<void> {
  switch (m.kind) {
    case 'engine': {
      evaluator = await buildEngine(m.engine, m.dir);
      inputs = generateCases(m.cases).cases.map((c) => c.data);
      await pass(); // warm-up
      await pass();
      return send({ ready: true });
    }
    case 'round':
      return send(await pass());
    case 'shipped': {
      const loaded = await loadBundle(m.dir);
      if (!loaded.ok) throw new Error(loaded.error.message);
      const b = loaded.value;
      const rows = b.guidelineIds().map((id) => {
        const cases = generateGuidelineCases(b.requirements(id) ?? [], m.cases);
        const outcomes: Record<string, number> = {};
        for (const c of cases) {
          const r = b.evaluate(id, c);
          const o = r.ok ? r.value.outcome : 'evaluation_failed';
          outcomes[o] = (outcomes[o] ?? 0) + 1;
        }
        const ms = timeEach(3, () => {
          for (const c of cases) b.evaluate(id, c);
        });
        return { guideline: id, cases: cases.length, casesPerSecond: cases.length / (ms / 1000), outcomes };
      });
      return send(rows);
    }
    case 'lists': {
      const loaded = await loadBundle(m.dir);
      if (!loaded.ok) throw new Error(loaded.error.message);
      const b = loaded.value;
      const rows = m.sizes.map((size) => {
        const data = listCase(size);
        const seed = b.evaluate(SEED_GUIDELINE, data);
        const seedMs = timeEach(m.repeats, () => b.evaluate(SEED_GUIDELINE, data), LIST_WARM_MS);
        const allMs = timeEach(m.repeats, () => {
          for (const id of b.guidelineIds()) b.evaluate(id, data);
        }, LIST_WARM_MS);
        const walkMs = timeEach(m.repeats, () => {
          walked += jsonWalk(data);
        }, LIST_WARM_MS);
        return { entries: size, seedMs, allGuidelinesMs: allMs, walkMs, seedOutcome: seed.ok ? seed.value.outcome : 'evaluation_failed' };
      });
      return send(rows);
    }
    case 'guidelines': {
      const data = JSON.parse(readFileSync(join(ROOT, 'examples/seed/case.json'), 'utf8')) as unknown;
      const rows = [];
      for (const { size, dir } of m.dirs) {
        const loaded = await loadBundle(dir);
        if (!loaded.ok) throw new Error(loaded.error.message);
        const b = loaded.value;
        const items = b.evaluateRequest(data).items.length;
        rows.push({ guidelines: size, msPerRequest: timeEach(m.repeats, () => b.evaluateRequest(data)), items });
      }
      return send(rows);
    }
    case 'load': {
      const seedCase = JSON.parse(readFileSync(join(ROOT, 'examples/seed/case.json'), 'utf8')) as unknown;
      const t = performance.now();
      const loaded = await loadBundle(m.dir);
      const ms = performance.now() - t;
      const first = loaded.ok ? loaded.value.evaluate(SEED_GUIDELINE, seedCase) : null;
      const firstMs = performance.now() - t;
      return send({ ms, firstMs, ok: loaded.ok && first !== null && first.ok, guidelines: loaded.ok ? loaded.value.guidelineIds().length : 0 });
    }
  }
}

process.on('message', (m: Message) => {
  handle(m).catch((e: unknown) => send({ error: e instanceof Error ? e.stack ?? e.message : String(e) }));
});
