/**
 * Test and benchmark helper: a bundle's files (as the compiler returns them, or read from a folder) put together in
 * memory as a `CompiledBundle` — every guideline's code compiled at once (guideline-code.ts), its metadata and case
 * schema parsed — without the loader's verification, to reach a guideline's raw entry points. Throws on a file that
 * is not there or not what the format says: only tests and the bench use it, on bundles the compiler just wrote.
 */
import { BUNDLE_FORMAT, type CompiledBundle, type CompiledGuideline, type GuidelineData, type Manifest } from '../contract.js';
import { compileGuidelineCode } from '../guideline-code.js';
import { DATA_FILE, MANIFEST_FILE } from '../verify.js';

export function compiledBundleOf(files: ReadonlyMap<string, Uint8Array | string>): CompiledBundle {
  const text = (path: string): string => {
    const bytes = files.get(path);
    if (bytes === undefined) throw new Error(`the bundle has no ${path}`);
    return typeof bytes === 'string' ? bytes : new TextDecoder().decode(bytes);
  };
  const manifest = JSON.parse(text(MANIFEST_FILE)) as Manifest;
  const data = JSON.parse(text(DATA_FILE)) as Record<string, GuidelineData>;
  const guidelines: Record<string, CompiledGuideline> = {};
  for (const entry of manifest.guidelines) {
    const code = compileGuidelineCode(entry.code, new TextEncoder().encode(text(entry.code)));
    if (!code.ok) throw new Error(code.error.message);
    const { meta, requirements } = data[entry.id]!;
    const guideline: CompiledGuideline = { meta, requirements, caseSchema: JSON.parse(text(entry.schema)) as Record<string, unknown>, ...code.value };
    Object.defineProperty(guidelines, entry.id, { value: guideline, enumerable: true });
  }
  return { format: BUNDLE_FORMAT, guidelines };
}
