/**
 * The language-server benches' document (latency.mjs, edit-cpu.ts): the seed guideline, its criteria repeated under
 * new names until the file has `lines` lines, using the spine and pain libraries.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

/** The two libraries the document uses, as they sit in guidelines/valuesets/. */
export const LIBRARIES = ['spine', 'pain'];

export function bigGuideline(lines) {
  const seed = readFileSync(join(ROOT, 'guidelines', 'odg', 'neck-and-upper-back', 'cervical-facet-therapeutic-injection.rubric'), 'utf8');
  const at = seed.indexOf('\ncriteria\n');
  const head = seed.slice(0, at).replace('uses spine', 'uses spine, pain');
  const criteria = seed.slice(at + '\ncriteria\n'.length);
  let out = `${head}\ncriteria\n`;
  for (let i = 0; out.split('\n').length < lines; i++) out += criteria.replace(/criterion ([a-z_]+)/g, `criterion $1_${i}`) + '\n';
  return out;
}
