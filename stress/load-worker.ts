/**
 * One worker of stress part 6 (load.ts): loads the signed bundle itself with `loadBundle` (verified, trusted key),
 * evaluates its share of the evaluations — evaluation `j` decides case `j mod P` of the pool — and sends back, in
 * order, the sha256 of each determination's JSON. Its heap is measured after a full GC once warmed up and then
 * after every batch, so the main thread can tell growth from noise.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { loadBundle } from '../runtime/load.js';
import { DIGEST_BYTES, digestOf, type LoadWorkerData, type LoadWorkerMessage } from './load-protocol.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
/** Time spent in the forced collections, left out of the evaluation time. */
let gcMs = 0;
const heapAfterGc = (): number => {
  const start = performance.now();
  gc();
  gc();
  gcMs += performance.now() - start;
  return process.memoryUsage().heapUsed;
};

async function run(data: LoadWorkerData): Promise<LoadWorkerMessage> {
  const loaded = await loadBundle(data.dir, { trustedKeys: [data.publicKeyPem] });
  if (!loaded.ok) return { kind: 'failed', message: `loadBundle refused the bundle: ${loaded.error.message}` };
  const bundle = loaded.value;
  const pool = JSON.parse(data.pool) as [string, unknown][];
  const heap = { loaded: heapAfterGc(), warm: 0, largest: 0, end: 0, samples: [] as number[] };
  let warmAt = 0;
  let warmDone = 0;
  let warmGcMs = 0;
  gcMs = 0;
  const started = performance.now();
  let digests = new Uint8Array(Math.min(data.batch, data.count) * DIGEST_BYTES);
  let inBatch = 0;
  let batchFirst = data.first;
  for (let i = 0; i < data.count; i++) {
    const [id, c] = pool[(data.first + i) % pool.length]!;
    digests.set(digestOf(bundle.evaluate(id, c)), inBatch * DIGEST_BYTES);
    inBatch++;
    const done = i + 1;
    if (inBatch * DIGEST_BYTES === digests.length || done === data.count) {
      const sent = digests.subarray(0, inBatch * DIGEST_BYTES);
      parentPort!.postMessage({ kind: 'digests', first: batchFirst, digests: sent } satisfies LoadWorkerMessage, [sent.buffer]);
      batchFirst = data.first + done;
      inBatch = 0;
      digests = new Uint8Array(Math.min(data.batch, Math.max(1, data.count - done)) * DIGEST_BYTES);
      if (done >= data.warmup) {
        const used = heapAfterGc();
        if (heap.warm === 0) {
          heap.warm = used;
          warmAt = performance.now();
          warmDone = done;
          warmGcMs = gcMs;
        } else heap.largest = Math.max(heap.largest, used);
        heap.samples.push(used);
      }
    }
  }
  const now = performance.now();
  const ms = now - started - gcMs;
  const warm = { evaluations: data.count - warmDone, ms: warmAt === 0 ? 0 : now - warmAt - (gcMs - warmGcMs) };
  heap.end = heapAfterGc();
  heap.largest = Math.max(heap.largest, heap.end);
  return { kind: 'done', heap, ms, warm };
}

run(workerData as LoadWorkerData).then(
  (m) => parentPort!.postMessage(m),
  (e: unknown) => parentPort!.postMessage({ kind: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies LoadWorkerMessage),
);
