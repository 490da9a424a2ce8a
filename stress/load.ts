/**
 * Stress part 6, load: the shipped guidelines' bundle, signed and written to a folder, evaluated on a worker_threads
 * pool across all cores (os.availableParallelism()). Each worker loads the bundle itself with `loadBundle` (verified,
 * trusting the signing key) and decides its share of the evaluations; evaluation `j` decides case `j mod P` of a
 * pool of P generated cases (stress/reference/cases.ts), so every case is decided many times over. Guarantees:
 *   - each worker's heap, measured after a full GC, does not grow after warm-up (its first half of evaluations, at
 *     least one pass over the pool: V8 keeps optimising code for a while, then the heap is flat) by more than
 *     `heapBound` bytes;
 *   - every determination, in order, has the same digest (sha256 of its JSON) as the single-threaded determination of
 *     the same case in the main thread — the pool decides as one thread does, and deciding a case again changes
 *     nothing;
 *   - no worker fails, crashes or loses an answer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { writeBundle } from '../compiler/pipeline.js';
import { generateSigningKeys, signManifest } from '../compiler/sign.js';
import { loadBundle } from '../runtime/load.js';
import { Failures, shorten, type Figure } from './figures.js';
import { DIGEST_BYTES, digestOf, type HeapFigures, type LoadWorkerData, type LoadWorkerMessage, type WarmTiming } from './load-protocol.js';
import { casesFor } from './reference/cases.js';
import { shippedGuidelines } from './reference/shipped.js';

export interface LoadOptions {
  /** Evaluations in all, spread over the workers. */
  readonly evaluations: number;
  /** Generated cases per guideline in the pool. */
  readonly casesPerGuideline: number;
  /** Largest heap growth per worker after warm-up, in bytes, before it counts as a failure. */
  readonly heapBound: number;
  readonly seed: number;
}

/** CI (stress.test.ts) and `npm run stress` run the bounded size; `--full` the full one. */
export const loadSizes = {
  bounded: { evaluations: 10_000, casesPerGuideline: 30, heapBound: 1024 * 1024, seed: 6 },
  full: { evaluations: 1_000_000, casesPerGuideline: 500, heapBound: 1024 * 1024, seed: 6 },
} as const satisfies Record<string, LoadOptions>;

const MB = 1024 * 1024;

export async function load(options: LoadOptions): Promise<Figure> {
  const shipped = await shippedGuidelines();
  const failures = new Failures();
  const keys = generateSigningKeys();
  const signature = signManifest(shipped.files.get('manifest.json') ?? new Uint8Array(), keys.privateKeyPem, 1);
  if (!signature.ok) throw new Error(signature.error);
  const dir = await mkdtemp(join(tmpdir(), 'rubric-stress-load-'));
  try {
    const written = await writeBundle(dir, new Map([...shipped.files, ['signature.json', signature.value]]));
    if (!written.ok) throw new Error(`the bundle could not be written: ${written.error.message}`);

    // The pool: the guidelines' generated cases, taken in turn, as JSON (what a service receives; -0 becomes 0).
    const perGuideline = shipped.guidelines.map((g, gi) =>
      fc.sample(casesFor(g.model, g.example), { seed: options.seed + gi, numRuns: options.casesPerGuideline }).map((c): [string, unknown] => [g.model.id, c]),
    );
    const pool: [string, unknown][] = [];
    for (let i = 0; i < options.casesPerGuideline; i++) for (const list of perGuideline) if (list[i] !== undefined) pool.push(list[i]!);
    const poolJson = JSON.stringify(pool);

    // Single-threaded: the main thread loads the same folder and decides every case of the pool once.
    const single = await loadBundle(dir, { trustedKeys: [keys.publicKeyPem] });
    if (!single.ok) throw new Error(`loadBundle refused the bundle: ${single.error.message}`);
    const cases = JSON.parse(poolJson) as [string, unknown][];
    const outcomes = new Map<string, number>();
    for (const [id, c] of cases) {
      const d = single.value.evaluate(id, c);
      const outcome = d.ok ? d.value.outcome : 'evaluation error';
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    // Timed on the second pass, warmed up as the workers' figure after warm-up is.
    const singleStart = performance.now();
    const expected = cases.map(([id, c]) => digestOf(single.value.evaluate(id, c)));
    const singleMs = performance.now() - singleStart;

    const workers = availableParallelism();
    const share = Math.ceil(options.evaluations / workers);
    const batch = Math.max(100, Math.min(10_000, Math.floor(share / 20)));

    let compared = 0;
    let differing = 0;
    const load1 = loadavg()[0] ?? 0;
    const start = performance.now();
    const results = await Promise.all(
      Array.from({ length: workers }, (_, w) => {
        const first = w * share;
        const count = Math.max(0, Math.min(share, options.evaluations - first));
        const data: LoadWorkerData = { dir, publicKeyPem: keys.publicKeyPem, pool: poolJson, first, count, warmup: Math.max(pool.length, Math.floor(count / 2)), batch };
        return runWorker(data, (batchFirst, digests) => {
          for (let k = 0; k * DIGEST_BYTES < digests.length; k++) {
            const j = batchFirst + k;
            const want = expected[j % expected.length]!;
            const got = digests.subarray(k * DIGEST_BYTES, (k + 1) * DIGEST_BYTES);
            compared++;
            if (!Buffer.from(got).equals(want)) {
              differing++;
              const [id, c] = cases[j % cases.length]!;
              failures.add(`worker ${w}, evaluation ${j}: the determination differs from the single-threaded one (${id})`, JSON.stringify(c));
            }
          }
        }).then((r) => ({ ...r, worker: w, count }));
      }),
    );
    const wallMs = performance.now() - start;

    const growth: string[] = [];
    const ms: number[] = [];
    let warmEvaluations = 0;
    let warmMs = 0;
    for (const r of results) {
      if (r.failure !== null) {
        failures.add(`worker ${r.worker}: ${r.failure}`, '');
        continue;
      }
      const heap = r.heap!;
      const grew = heap.end - heap.warm;
      const slope = slopePer(heap.samples, r.warm.evaluations / Math.max(1, heap.samples.length - 1) / 10_000);
      growth.push(
        `worker ${r.worker}: ${(heap.warm / MB).toFixed(2)} → ${(heap.end / MB).toFixed(2)} MB (${sign(grew / 1024)} KB; largest sample ${(heap.largest / MB).toFixed(2)} MB; trend over ${heap.samples.length} samples ${sign(slope / 1024)} KB per 10,000 evaluations)`,
      );
      warmEvaluations += r.warm.evaluations;
      warmMs = Math.max(warmMs, r.warm.ms);
      if (grew > options.heapBound) failures.add(`worker ${r.worker}: heap grew by ${(grew / 1024).toFixed(0)} KB after warm-up (bound ${(options.heapBound / 1024).toFixed(0)} KB)`, shorten(JSON.stringify(heap)));
      ms.push(r.ms);
    }
    if (compared !== options.evaluations) failures.add(`${compared.toLocaleString('en-US')} determinations came back of ${options.evaluations.toLocaleString('en-US')}`, '');

    const perSecond = (n: number, t: number) => `${Math.round((n * 1000) / Math.max(t, 1e-9)).toLocaleString('en-US')}/s`;
    return {
      part: 'load (worker_threads pool vs single-threaded)',
      inputs: compared,
      failures: failures.count,
      figures: {
        workers: `${workers} (os.availableParallelism()), each loading the signed bundle with loadBundle and a trusted key`,
        'case pool': `${pool.length.toLocaleString('en-US')} generated cases (${shipped.guidelines.length} guidelines × ${options.casesPerGuideline}); each decided ${(options.evaluations / pool.length).toFixed(0)} times over`,
        'same determinations as single-threaded': `${(compared - differing).toLocaleString('en-US')} of ${compared.toLocaleString('en-US')} (sha256 of each determination's JSON, in order)`,
        'heap after warm-up, after a full GC': `${growth.join('; ')} (bound ${(options.heapBound / 1024).toFixed(0)} KB per worker)`,
        throughput: `after warm-up: pool ${perSecond(warmEvaluations, warmMs)}, single thread ${perSecond(cases.length, singleMs)} (each evaluation with its JSON and digest); all ${compared.toLocaleString('en-US')} in ${(wallMs / 1000).toFixed(1)} s wall with start-up (workers' evaluation time ${ms.map((t) => `${(t / 1000).toFixed(1)} s`).join(', ')})`,
        'outcomes of the pool': [...outcomes].sort().map(([k, v]) => `${k} ${v}`).join(', '),
        'load average (1 min) at start': load1.toFixed(2),
      },
      examples: failures.examples,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Least-squares slope of the samples per step, times `stepsPerUnit`'s inverse: bytes per unit. */
function slopePer(samples: readonly number[], unitsPerStep: number): number {
  const n = samples.length;
  if (n < 2 || unitsPerStep <= 0) return 0;
  const meanX = (n - 1) / 2;
  const meanY = samples.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  samples.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  return num / den / unitsPerStep;
}

const sign = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(0)}`;

interface WorkerRun {
  readonly failure: string | null;
  readonly heap: HeapFigures | null;
  readonly ms: number;
  readonly warm: WarmTiming;
}

const none: WarmTiming = { evaluations: 0, ms: 0 };

/** Runs one worker to its end: digests go to `onDigests` as they come; a crash or an early exit is a failure. */
function runWorker(data: LoadWorkerData, onDigests: (first: number, digests: Uint8Array) => void): Promise<WorkerRun> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), { workerData: data });
    let settled = false;
    const settle = (run: WorkerRun) => {
      if (settled) return;
      settled = true;
      resolve(run);
      void worker.terminate();
    };
    worker.on('message', (m: LoadWorkerMessage) => {
      if (m.kind === 'digests') onDigests(m.first, m.digests);
      else if (m.kind === 'done') settle({ failure: null, heap: m.heap, ms: m.ms, warm: m.warm });
      else settle({ failure: m.message, heap: null, ms: 0, warm: none });
    });
    worker.on('error', (e) => settle({ failure: `crashed: ${e.message}`, heap: null, ms: 0, warm: none }));
    worker.on('exit', (code) => settle({ failure: `exited (code ${code}) before it was done`, heap: null, ms: 0, warm: none }));
  });
}
