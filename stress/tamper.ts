/**
 * Stress part 4, tamper: the shipped guidelines compiled and signed in memory, then every single-byte change (at
 * full size; an even sample of positions at the bounded size) to manifest.json, guidelines.json (the metadata), each
 * guideline's code (guidelines/<id>.js) and schema, and signature.json, loaded by a service that trusts the signing
 * key. Guarantee: every changed bundle is refused at load (before any code is compiled), and the unchanged one loads.
 */
import { generateSigningKeys, signManifest } from '../compiler/sign.js';
import { loadBundleFiles } from '../runtime/load.js';
import { Failures, type Figure } from './figures.js';
import { shippedGuidelines } from './reference/shipped.js';

export interface TamperOptions {
  /** Changed positions per file; Infinity: every byte. */
  readonly positionsPerFile: number;
}

export async function tamper(options: TamperOptions): Promise<Figure> {
  const built = await shippedGuidelines();
  const keys = generateSigningKeys();
  const signature = signManifest(built.files.get('manifest.json') ?? new Uint8Array(), keys.privateKeyPem, 1);
  if (!signature.ok) throw new Error(signature.error);
  const files = new Map([...built.files, ['signature.json', signature.value]]);
  const trust = { trustedKeys: [keys.publicKeyPem] };
  const failures = new Failures();

  const intact = await loadBundleFiles(files, trust);
  if (!intact.ok) failures.add(`the unchanged signed bundle was refused: ${intact.error.message}`, '');

  let inputs = 0;
  const refusedBy = new Map<string, number>();
  for (const [path, bytes] of files) {
    const count = Math.min(bytes.length, options.positionsPerFile);
    for (let k = 0; k < count; k++) {
      const at = count === bytes.length ? k : Math.floor((k * bytes.length) / count);
      const changed = bytes.slice();
      changed[at] = (changed[at] ?? 0) ^ (1 << k % 8);
      const loaded = await loadBundleFiles(new Map([...files, [path, changed]]), trust);
      inputs++;
      if (loaded.ok) failures.add(`a change to byte ${at} of ${path} was accepted`, path);
      else refusedBy.set(loaded.error.code, (refusedBy.get(loaded.error.code) ?? 0) + 1);
    }
  }
  return {
    part: 'tamper',
    inputs,
    failures: failures.count,
    figures: {
      files: [...files].map(([p, b]) => `${p} ${b.length.toLocaleString('en-US')} B`).join(', '),
      'refused as': [...refusedBy].sort().map(([c, n]) => `${c} ${n}`).join(', '),
    },
    examples: failures.examples,
  };
}
