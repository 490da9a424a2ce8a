/** What stress part 6's main thread (load.ts) and its workers (load-worker.ts) send each other, and how both digest a determination. */
import { createHash } from 'node:crypto';

/** What the main thread gives a worker. */
export interface LoadWorkerData {
  readonly dir: string;
  readonly publicKeyPem: string;
  /** The case pool as JSON: `[guideline id, case][]`. */
  readonly pool: string;
  /** This worker's evaluations: `first` … `first + count - 1`. */
  readonly first: number;
  readonly count: number;
  /** Evaluations before the heap baseline is taken. */
  readonly warmup: number;
  /** Evaluations per message of digests (and per heap sample). */
  readonly batch: number;
}

/** What a worker sends: digests of a batch (32 bytes each, in order), then its heap figures, or why it stopped. */
export type LoadWorkerMessage =
  | { readonly kind: 'digests'; readonly first: number; readonly digests: Uint8Array }
  | { readonly kind: 'done'; readonly heap: HeapFigures; readonly ms: number; readonly warm: WarmTiming } // evaluation time, without the forced collections
  | { readonly kind: 'failed'; readonly message: string };

export interface HeapFigures {
  /** heapUsed after a full GC: after loading, after warm-up (the baseline), the largest sample after it, at the end. */
  readonly loaded: number;
  readonly warm: number;
  readonly largest: number;
  readonly end: number;
  /** Every sample after warm-up, in order (one per batch): a leak shows as a slope. */
  readonly samples: readonly number[];
}

/** Evaluations after warm-up and the time they took (without the forced collections). */
export interface WarmTiming {
  readonly evaluations: number;
  readonly ms: number;
}

export const DIGEST_BYTES = 32;

/** The sha256 of a determination's JSON (DIGEST_BYTES long): what the main thread and the workers compare. */
export const digestOf = (result: unknown): Uint8Array => createHash('sha256').update(JSON.stringify(result)).digest();
